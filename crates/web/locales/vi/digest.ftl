# The daily digest an organisation receives by mail (issue 13, item 6).
digest-subject = [plantrack] Việc của đơn vị ngày { $date }: { $overdue } quá hạn, { $soon } sắp đến hạn
digest-greeting = Kính gửi { $organisation },
digest-intro = Tình hình các việc của đơn vị (nhiệm vụ được giao, yêu cầu cung cấp thông tin, báo cáo tình hình) tính đến ngày { $date }:
digest-section-overdue = Việc quá hạn ({ $count })
digest-section-due-soon = Việc đến hạn trong 7 ngày tới ({ $count })
digest-section-replies = Phản hồi mới từ hôm qua ({ $count })
digest-item-overdue = { $text } — hạn { $due }, { $late ->
    [0] đã quá hạn
   *[other] chậm { $late } ngày làm việc
}
digest-item-due-soon = { $text } — hạn { $due }
digest-item-reply = { $text } — { $status } ngày { $on }
digest-status-done = hoàn thành
digest-status-cancelled = đã hủy
digest-status-delayed = sở giải trình chậm
digest-status-answered = đã được trả lời
digest-kind-status-call = Báo cáo tình hình lập quy hoạch
digest-kind-request-asked = Yêu cầu cung cấp thông tin của đơn vị
digest-kind-request-to-answer = Yêu cầu cung cấp thông tin gửi đơn vị
digest-kind-task = Nhiệm vụ
digest-footer = Thư do plantrack gửi tự động mỗi ngày. Vui lòng báo cáo kết quả tại mục Việc của đơn vị trên plantrack.

weekly-subject = Báo cáo tiến độ lập quy hoạch tuần { $week } (ngày { $date })
weekly-greeting = Kính gửi { $name },
weekly-body = Gửi kèm báo cáo tiến độ lập quy hoạch đến ngày { $date }, so sánh với ngày { $compare } (tệp PDF).
weekly-footer = Thư gửi tự động hằng tuần từ plantrack. Để ngừng nhận, tắt "Báo cáo hằng tuần" trong trang tài khoản.
weekly-attachment-name = bao-cao-tien-do-{ $province }-{ $date }.pdf
