# The daily digest an organisation receives by mail (issue 13, item 6).
digest-subject = [plantrack] Tình hình nhiệm vụ ngày { $date }: { $overdue } quá hạn, { $soon } sắp đến hạn
digest-greeting = Kính gửi { $organisation },
digest-intro = Tình hình các nhiệm vụ được giao cho đơn vị tính đến ngày { $date }:
digest-section-overdue = Nhiệm vụ quá hạn ({ $count })
digest-section-due-soon = Nhiệm vụ đến hạn trong 7 ngày tới ({ $count })
digest-section-replies = Nhiệm vụ đã báo cáo hôm qua ({ $count })
digest-item-overdue = { $text } — hạn { $due }, { $late ->
    [0] đã quá hạn
   *[other] chậm { $late } ngày làm việc
}
digest-item-due-soon = { $text } — hạn { $due }
digest-item-reply = { $text } — { $status } ngày { $on }
digest-status-done = hoàn thành
digest-status-cancelled = đã hủy
digest-footer = Thư do plantrack gửi tự động mỗi ngày. Vui lòng báo cáo kết quả tại mục Việc của đơn vị trên plantrack.
