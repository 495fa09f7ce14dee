# plantrack — dòng lệnh (crates/app/src/cli): thông báo, tiêu đề cột và lời từ chối.

## Chung
cli-error = Lỗi: { $message }
cli-internal-error = Lỗi: dữ liệu lưu trữ hoặc cơ sở dữ liệu gặp sự cố, lệnh không thực hiện được. Chi tiết kỹ thuật ở dòng nhật ký phía trên; hãy báo cho người quản trị hệ thống (có thể chạy plantrack audit để kiểm tra lịch sử).
cli-check-stopped = việc kiểm tra bị dừng: { $error }
cli-active = đang hoạt động

## Tiêu đề cột của các bảng
cli-col-id = ID
cli-col-username = tên đăng nhập
cli-col-name = tên
cli-col-role = vai trò
cli-col-organisation = cơ quan
cli-col-created = ngày tạo
cli-col-status = tình trạng
cli-col-kind = loại
cli-col-province = tỉnh
cli-col-unit = đơn vị
cli-col-user = tài khoản
cli-col-label = mục đích
cli-col-last-used = dùng lần cuối
cli-col-date = ngày
cli-col-holiday = ngày lễ
cli-col-plan-type = loại quy hoạch
cli-col-stage = bước
cli-col-due = hạn
cli-col-event = sự kiện
cli-col-who = người thực hiện
cli-col-why = lý do
cli-col-zone = khu
cli-col-problem = vấn đề
cli-col-area = diện tích m²
cli-col-lon-lat = kinh độ, vĩ độ
cli-col-land-use = loại đất
cli-col-share = tỷ lệ
cli-col-per-person = m²/người
cli-col-norm = định mức
cli-col-assessment = đánh giá
cli-col-facility = công trình
cli-col-layer = lớp
cli-col-features = số đối tượng
cli-col-conflicts = số xung đột
cli-col-constraint = hạn chế
cli-col-category = loại hạn chế
cli-col-verdict = kết luận
cli-col-of-zone = so với khu
cli-col-department = sở, ngành
cli-col-key = khóa
cli-col-owner = cơ quan quản lý
cli-col-latest = mới nhất
cli-col-published = đã công bố
cli-col-count = số hồ sơ
cli-col-overdue = quá hạn
cli-col-due-soon = sắp đến hạn
cli-col-on-hold = tạm dừng
cli-col-days-late = số ngày trễ
cli-col-version = phiên bản
cli-col-country = quốc gia
cli-col-stages = số bước
cli-col-time-limits = thời hạn
cli-col-code = mã
cli-col-merged-from = sáp nhập từ

## plantrack migrate
cli-migrate-up-to-date = Cơ sở dữ liệu đã được cập nhật đầy đủ.
cli-migrate-applied = Đã áp dụng { $count } bước nâng cấp cơ sở dữ liệu: { $list }.
cli-migrate-app-role = Vai trò { $role } được cấp đúng những quyền ứng dụng cần: đọc, ghi dữ liệu hiện trạng, chỉ thêm (không sửa, không xoá) lịch sử sự kiện.

## plantrack demo, plantrack serve --demo
cli-demo-step = dữ liệu mẫu: { $step }
cli-demo-loaded = Đã nạp dữ liệu mẫu Lai Châu: { $units } đơn vị hành chính, { $plans } quy hoạch, { $events } sự kiện; ngày họp { $date }.
cli-demo-mode-banner = === BẢN DEMO LAI CHÂU — tài khoản mẫu, không dùng cho công việc thật ===
cli-demo-users = { $role }: { $users }
cli-demo-password = Mật khẩu (chung cho mọi tài khoản mẫu): { $password }
cli-demo-password-earlier = Mật khẩu: đã in ra khi các tài khoản mẫu được tạo (lần chạy đầu tiên với cơ sở dữ liệu này).
cli-demo-open = Mở bằng trình duyệt: http://{ $addr }
cli-demo-today = Hôm nay của bản demo: { $today }, sau cuộc họp tỉnh ngày { $meeting } (đổi bằng --demo-today YYYY-MM-DD).
cli-demo-accounts = Tài khoản theo vai trò:
cli-demo-more = … (tổng cộng { $count } tài khoản)
cli-serve-swept = Đã dọn kho tài liệu: xoá { $partial } tệp tải lên dở dang, { $unreferenced } tệp không hồ sơ nào dẫn chiếu ({ $size }).
cli-serve-open = plantrack: mở http://{ $addr } bằng trình duyệt
cli-documents-unusable = Không dùng được kho tài liệu { $location }: { $error }

## plantrack audit
cli-audit-progress = đã kiểm tra { $count } sự kiện
cli-audit-intact = Lịch sử nguyên vẹn: { $dossiers } hồ sơ, { $events } sự kiện; mã băm { $digest }
cli-audit-broken = BỊ HỎNG: hồ sơ { $dossier }, sự kiện { $seq }: { $problem }
cli-audit-broken-row = BỊ HỎNG: hồ sơ { $dossier }, sự kiện { $seq } (dòng { $row }): { $problem }
cli-audit-broken-error = lịch sử bị hỏng tại hồ sơ { $dossier }, sự kiện { $seq }
cli-audit-projection-more = … và { $count } chỗ khác nữa (xem --format json)
cli-audit-projection-error = { $count } chỗ dữ liệu hiện trạng khác với lịch sử sự kiện
cli-audit-anchored = Đã ghi mốc vào { $file } lúc { $at }: { $dossiers } hồ sơ, { $events } sự kiện; mã băm { $digest }
cli-audit-anchor-refused = lịch sử không nguyên vẹn nên không ghi mốc
cli-audit-anchor-extends = Lịch sử nối tiếp mốc lúc { $at } ({ $dossiers } hồ sơ, mã băm { $digest })
cli-audit-anchor-gone = ĐÃ BỊ XOÁ: hồ sơ { $dossier } (mốc ghi đến sự kiện { $seq }) không còn sự kiện nào
cli-audit-anchor-shorter = BỊ QUAY LUI: hồ sơ { $dossier } nay chỉ đến sự kiện { $now }, mốc ghi đến sự kiện { $seq }
cli-audit-anchor-rewritten = BỊ VIẾT LẠI: hồ sơ { $dossier }, sự kiện { $seq } không còn mã băm đã ghi mốc
cli-audit-anchor-error = lịch sử không nối tiếp mốc lúc { $at }: { $count } hồ sơ bị quay lui hoặc viết lại ({ $dossiers })
cli-anchor-file-io = không đọc hoặc ghi được tệp mốc { $file }: { $error }
cli-anchor-file-empty = tệp mốc { $file } không có mốc nào
cli-anchor-file-malformed = dòng { $line } của tệp mốc { $file } không phải là mốc: { $error }
cli-anchor-file-inconsistent = dòng { $line } của tệp mốc { $file } không khớp với mã băm của chính nó: dòng đã bị sửa

## plantrack user, plantrack token
cli-password-prompt = Mật khẩu (một dòng; ký tự gõ vào không bị ẩn):
cli-password-missing = không có mật khẩu ở đầu vào chuẩn (stdin)
cli-user-disabled-on = đã vô hiệu hóa { $date }
cli-user-disabled = Đã vô hiệu hóa tài khoản { $username }: các phiên đăng nhập đã kết thúc, các token đã ngừng hoạt động.
cli-user-enabled = Đã mở lại tài khoản { $username }: tài khoản đăng nhập được bằng mật khẩu như trước.
cli-password-new-shown = Mật khẩu mới của { $username }; chỉ hiển thị một lần, ngay bên dưới, và chỉ được lưu dưới dạng mã băm:
cli-password-changed = Đã đổi mật khẩu của { $username }; các phiên đăng nhập đã kết thúc.
cli-org-kind-mismatch = cơ quan '{ $name }' đã có và thuộc loại { $kind }, không phải { $wanted }
cli-org-other-province = cơ quan '{ $name }' đã có ở tỉnh { $province }, không phải { $wanted }
cli-org-missing = cơ quan '{ $name }' chưa có; để tạo, thêm --new-organisation-kind LOẠI --province MÃ [--unit MÃ] (`plantrack user organisations` liệt kê các cơ quan đã có)
cli-role-needs-kind = vai trò { $role } thuộc cơ quan loại { $kind }, không phải { $given }
cli-role-wrong-org = vai trò { $role } thuộc cơ quan loại { $kind }, còn '{ $name }' thuộc loại { $given }
cli-org-created = Đã tạo cơ quan { $name } ({ $kind }, tỉnh { $province }).
cli-user-created = Đã tạo tài khoản { $username } ({ $role }) tại { $organisation }.
cli-service-account = tài khoản dịch vụ
cli-service-account-created = Đã tạo tài khoản dịch vụ { $username } ({ $role }) tại { $organisation }: không có mật khẩu; tạo mã truy cập cho nó bằng plantrack token create.
cli-user-password-shown = Mật khẩu của tài khoản chỉ hiển thị một lần, ngay bên dưới, và chỉ được lưu dưới dạng mã băm:
cli-token-created = Token { $id } cho { $username } ({ $label }); mã bí mật chỉ hiển thị một lần, ngay bên dưới, và chỉ được lưu dưới dạng mã băm. Gửi kèm dưới dạng `Authorization: Bearer <mã bí mật>`.
cli-token-never = chưa dùng
cli-token-revoked-on = đã thu hồi { $date }
cli-token-revoked = Đã thu hồi token { $id }.

## plantrack calendar
cli-year-out-of-range = năm phải từ 1950 đến 2100
cli-day-off = ngày nghỉ
cli-working-day = ngày làm việc
cli-working-days = Năm { $year } có { $count } ngày làm việc
cli-note-required = --note phải nêu lý do
cli-override-set = { $date }: đã đặt
cli-override-removed = { $date }: đã xóa
cli-no-override = ngày { $date } không có điều chỉnh nào

## plantrack dossier
cli-dossier-title = hồ sơ { $id } — quy hoạch { $plan } — { $template } v{ $version }
cli-dossier-stage = bước: { $stage } (từ { $since }), tình trạng: { $status }
cli-dossier-due = hạn: { $due }
cli-dossier-consultant = đơn vị tư vấn: { $name }
cli-dossier-funding = kinh phí: { $amount } (quyết định { $decision } ngày { $date })
cli-dossier-document = tài liệu: { $kind } — { $title } ({ $date })
cli-dossier-moved = hồ sơ { $id }: { $event } → bước { $stage } (phiên bản { $version })

## plantrack check
cli-check-plan = quy hoạch: { $file }
cli-check-reading = đang đọc { $file }
cli-check-bad-meridian = --meridian { $meridian }: kinh tuyến trục ở Việt Nam nằm trong khoảng 100° đến 112°
cli-check-no-meridian = chưa biết kinh tuyến trục TM-3 của tỉnh { $province }; hãy nhập bằng --meridian (độ)
cli-check-meridian-unconfirmed = Lưu ý: tỉnh { $province } dùng kinh tuyến trục { $meridian }° của tỉnh cũ nơi đặt trung tâm hành chính, chưa được tỉnh xác nhận sau sắp xếp; bản đồ lập trước 01/07/2025 ở { $others } dùng múi khác — khi đó hãy nhập --meridian.
cli-check-no-layers = { $folder }: thư mục không có lớp dữ liệu nào ({ $extensions })
cli-check-checking = đang kiểm tra { $count } lớp
cli-check-zones-valid = Các khu: hợp lệ, không chồng lấn nhau.
cli-check-coverage = Độ phủ: đơn vị hành chính { $unit } m², các khu { $zones } m², bỏ sót { $left } m², nằm ngoài { $outside } m².
cli-check-ok = đạt
cli-check-below-norm = DƯỚI ĐỊNH MỨC
cli-check-services-ok = Dịch vụ: mọi khu ở đều nằm trong bán kính phục vụ của từng công trình và của mạng lưới đường.
cli-check-summary = { $zones } khu, { $area } m², kiểm tra trong hệ { $crs } với { $layers } lớp: { $forbidden } bị cấm, { $consult } cần xin ý kiến.
cli-check-layer-checked = đã kiểm tra
cli-check-no-conflict = Không có xung đột.
cli-check-empty-file = { $file }: tệp rỗng (0 byte), không có gì để kiểm tra
cli-check-no-zones = { $file }: quy hoạch không có khu nào để kiểm tra
cli-check-empty-layer = { $file }: lớp dữ liệu không có đối tượng nào, nên không kiểm tra được gì với lớp này
cli-check-invalid-zones = Cảnh báo: { $count } khu có hình học không hợp lệ (tự cắt, hình nơ) nên không được chồng ghép: { $zones }
cli-check-invalid-features = Cảnh báo: lớp { $layer } có { $count } đối tượng hình học không hợp lệ, không được chồng ghép
cli-check-dropped-small = Lớp { $layer }: { $count } phần chồng lấn nhỏ hơn ngưỡng diện tích tối thiểu không được tính là xung đột (tổng { $area } m²)
cli-check-no-conflict-among-valid = Không có xung đột giữa các đối tượng hợp lệ; { $count } đối tượng có hình học không hợp lệ chưa được kiểm tra.
cli-verdict-forbidden = cấm
cli-verdict-consult = xin ý kiến
cli-verdict-allowed = được phép

## plantrack layers
cli-layers-importing = đang nhập { $file }
cli-layers-imported = { $key }: phiên bản { $version } với { $features } đối tượng
cli-layers-imported-published = { $key }: phiên bản { $version } với { $features } đối tượng, đã công bố

## plantrack progress
cli-progress-title = Tiến độ — { $date } — { $total } hồ sơ
cli-progress-known-on = Theo dữ liệu ghi nhận đến { $time } (in lại đúng báo cáo này: --as-known-on { $time })
cli-progress-digest = Mã băm lịch sử { $digest } (trùng với mã của `plantrack audit verify` và của mốc đã lưu khi báo cáo được tính từ đúng lịch sử đó)
cli-progress-overdue = Quá hạn:

## plantrack templates
cli-limit-days = ≤{ $length } ngày
cli-limit-working-days = ≤{ $length } ngày làm việc
cli-limit-months = ≤{ $length } tháng
cli-template-added = { $key } v{ $version }: đã thêm
cli-template-present = { $key } v{ $version }: đã có sẵn

## plantrack units
cli-units-no-file = hãy nêu ít nhất một tệp để nhập
cli-units-imported = { $file }: { $units } đơn vị hành chính, { $boundaries } ranh giới, { $lineage } mục lịch sử sáp nhập
cli-unit-area = diện tích: { $area } km²

# The database is older than this build
cli-not-migrated = Cơ sở dữ liệu cần nâng cấp ({ $pending } bước). Hãy chạy `plantrack migrate` trước.
# The access policy refused
cli-denied = Tài khoản này không được làm việc này (ngoài phạm vi hoặc vai trò được giao).

## plantrack backup, plantrack restore
cli-backup-done = Đã sao lưu vào { $file }: { $tables } bảng, { $rows } dòng, { $documents } tài liệu ({ $bytes } byte, lược đồ { $schema }).
cli-backup-file = không đọc hoặc ghi được { $file }: { $error }
cli-backup-no-documents = cảnh báo: thư mục tài liệu { $folder } không tồn tại nên bản sao lưu không có tài liệu nào; nếu máy chủ lưu tài liệu ở nơi khác, hãy chỉ thư mục đó bằng --documents hoặc PLANTRACK_DOCUMENTS
cli-backup-document-damaged = tài liệu { $sha256 } không còn khớp mã băm nội dung: kho tài liệu bị hỏng, chưa ghi bản sao lưu nào
cli-backup-not-migrated = cơ sở dữ liệu chưa từng được khởi tạo (migrate): không có gì để sao lưu
cli-restore-done = Đã khôi phục { $file } (sao lưu lúc { $taken } từ { $from }) vào { $to }: { $tables } bảng, { $rows } dòng, { $documents } tài liệu.
cli-restore-not-a-backup = { $file } không phải là bản sao lưu plantrack; không có gì được khôi phục
cli-restore-damaged = bản sao lưu bị hỏng hoặc bị cắt cụt ({ $error }); không có gì được khôi phục
cli-restore-newer-format = bản sao lưu có định dạng { $found }, mới hơn định dạng phiên bản plantrack này đọc được ({ $supported }); hãy khôi phục bằng phiên bản đã tạo ra nó
cli-restore-newer-schema = lược đồ cơ sở dữ liệu của bản sao lưu ({ $backup }) mới hơn của phiên bản plantrack này ({ $build }); hãy khôi phục bằng plantrack mới bằng hoặc hơn; không có gì được khôi phục
cli-restore-database-not-empty = cơ sở dữ liệu đích không trống (bảng { $table } có dữ liệu); hãy khôi phục vào một cơ sở dữ liệu mới, trống; không có gì được khôi phục
cli-restore-schema-differs = cơ sở dữ liệu đích ở lược đồ { $target }, bản sao lưu ở lược đồ { $backup }; hãy khôi phục vào một cơ sở dữ liệu mới chưa từng migrate; không có gì được khôi phục
cli-restore-mismatch = cơ sở dữ liệu đích không có { $what } mà bản sao lưu có; không có gì được khôi phục

# Meetings, directives, tasks and blockers (issue 13).
cli-col-title = tiêu đề
cli-col-directive = chỉ đạo
cli-col-assignee = cơ quan thực hiện
cli-col-done-on = ngày hoàn thành
cli-col-since = từ ngày
cli-col-lifted = ngày tháo gỡ
cli-col-blocker = vướng mắc
cli-meeting-draft = đang chuẩn bị
cli-meeting-scheduled = đã lên lịch
cli-meeting-in-progress = đang họp
cli-meeting-closed = đã kết thúc
cli-meeting-created = Đã tạo cuộc họp số { $id } ngày { $date } (đang chuẩn bị, chưa gửi giấy mời).
cli-meeting-recurs = Họp định kỳ { $every } ngày một lần đến ngày { $until }; các cuộc họp tới: { $next }
cli-meeting-does-not-recur = Cuộc họp không còn định kỳ: khi kết thúc sẽ không tự chuẩn bị cuộc họp tiếp theo.
cli-directive-given = Đã ban hành chỉ đạo số { $id }: { $tasks } nhiệm vụ, hạn { $due }.
cli-task-open = đang thực hiện
cli-task-done = đã hoàn thành
cli-task-late = quá hạn
cli-task-cancelled = đã hủy
cli-blocker-higher-plan = chờ chỉ đạo hoặc quy hoạch cấp trên
cli-blocker-sectoral-information = chờ thông tin chuyên ngành của sở, ngành
cli-blocker-consultant-capacity = năng lực đơn vị tư vấn
cli-blocker-funding = kinh phí
cli-blocker-land-dispute = tranh chấp đất đai, địa giới
cli-blocker-other = vướng mắc khác
cli-blocker-recorded = Đã ghi nhận vướng mắc số { $id }: { $category }.
cli-blocker-lifted = Đã tháo gỡ vướng mắc số { $id } từ ngày { $date }.
cli-audit-follow-up-intact = Lịch sử họp, chỉ đạo, nhiệm vụ, vướng mắc và đề nghị cung cấp thông tin: { $events } sự kiện, chuỗi nguyên vẹn.
cli-audit-follow-up-missing = Lịch sử họp và chỉ đạo của tỉnh { $province } bị mất sự kiện ngay trước sự kiện số { $seq }.
cli-audit-follow-up-unlinked = Lịch sử họp và chỉ đạo của tỉnh { $province }: sự kiện số { $seq } không nối tiếp sự kiện trước nó.
cli-audit-follow-up-changed = Lịch sử họp và chỉ đạo của tỉnh { $province }: sự kiện số { $seq } đã bị sửa sau khi ghi.
cli-col-stage-check = so với plantrack
cli-col-next-step = bước tiếp theo dự kiến
cli-col-meeting = cuộc họp
cli-col-note = ghi chú
cli-reply-answered = đã trả lời
cli-reply-answered-late = trả lời muộn
cli-reply-awaited = chờ trả lời
cli-reply-missing = chưa trả lời (quá hạn)
cli-stage-check-matches = khớp
cli-stage-check-differs = khác
cli-stage-check-no-dossier = chưa có hồ sơ
cli-status-call-head = Đề nghị báo cáo tình hình số { $id }, gửi ngày { $asked }, hạn trả lời { $due }:
cli-status-answered = Đã ghi nhận trả lời của { $organisation } (bước so với plantrack: { $check }).
cli-agenda-open = chưa xử lý
cli-agenda-done = đã xong
cli-agenda-carried = chuyển sang cuộc họp sau
cli-meeting-attendance = Có mặt { $came }/{ $invited } cơ quan được mời.

# Sectoral information requests (issue 13, item 4).
cli-col-topics = thông tin đề nghị
cli-col-asked-on = ngày đề nghị
cli-col-closed-on = ngày trả lời, rút
cli-col-requests = số đề nghị
cli-col-answered = đã trả lời
cli-col-open = chưa trả lời
cli-col-late = trễ hạn
cli-col-median-days = số ngày trả lời (trung vị)
cli-col-share-late = tỷ lệ trễ hạn
cli-request-late = quá hạn, chưa trả lời
cli-request-asked = Đã gửi { $count } đề nghị cung cấp thông tin đến { $department }, hạn trả lời { $due }.
cli-request-answered = Đã ghi nhận trả lời đề nghị số { $id } ngày { $date }.
cli-request-delayed = Đã ghi nhận giải trình chậm của đề nghị số { $id }; dự kiến trả lời ngày { $date }.
cli-request-withdrawn = Đã rút đề nghị số { $id } từ ngày { $date }.

# Organisations' contacts and the daily digest
cli-col-email = địa chỉ thư
cli-col-language = ngôn ngữ
cli-col-replies = đã báo cáo
cli-org-contact-set = { $organisation }: thư tóm tắt hằng ngày gửi tới { $email }, bằng tiếng { $language }.
cli-digest-day = Thư tóm tắt ngày { $date }:
cli-digest-sent = đã gửi
cli-digest-would-send = sẽ gửi
cli-digest-no-address = bỏ qua: chưa có địa chỉ thư
cli-digest-empty = bỏ qua: không có việc cần báo
cli-digest-already-sent = bỏ qua: đã gửi trong ngày
cli-digest-failed = không gửi được: { $why }
cli-digest-bad-mail = Cấu hình máy chủ thư không hợp lệ: { $error }
cli-digest-mail-off = Chưa cấu hình máy chủ thư (PLANTRACK_SMTP_HOST); dùng --dry-run để xem trước thư sẽ gửi.
cli-digest-some-failed = { $count } thư tóm tắt không gửi được qua máy chủ thư { $server }; sẽ gửi lại ở lần chạy sau.
cli-mail-no-sender = PLANTRACK_MAIL_FROM phải ghi địa chỉ người gửi khi đã đặt PLANTRACK_SMTP_HOST.
cli-mail-half-credentials = PLANTRACK_SMTP_USER và PLANTRACK_SMTP_PASSWORD phải đặt cùng nhau.
cli-mail-bad-address = địa chỉ thư không hợp lệ ({ $error }).

# plantrack report
cli-report-unknown-format = định dạng "{ $format }" không được hỗ trợ; chọn một trong docx, pdf, xlsx, csv. Chưa ghi tệp nào.
cli-report-failed = không lập được báo cáo: { $error }. Chưa ghi tệp nào.
cli-report-written = Đã ghi báo cáo { $format } vào { $file } ({ $bytes } byte).
# Dự báo (issue 14)
cli-col-dossier = hồ sơ
cli-col-p-meet = khả năng kịp
cli-col-p10 = sớm (P10)
cli-col-p50 = nhiều khả năng (P50)
cli-col-p90 = muộn (P90)
cli-col-decile = khoảng xác suất
cli-col-predicted = dự báo trung bình
cli-col-observed = thực tế
cli-forecast-title = Dự báo ngày phê duyệt — tính đến { $date } — mốc { $target } ({ $from }) — { $count } hồ sơ chưa phê duyệt, { $approved } đã phê duyệt
cli-forecast-target-given = mốc do người đọc chọn
cli-forecast-target-directive = hạn của chỉ đạo hoàn thành quy hoạch
cli-forecast-target-default = quý I/2026
cli-forecast-estimate = Đây là ước tính thống kê, không phải cam kết: mô phỏng { $simulations } lần mỗi hồ sơ (hạt giống { $seed }) theo thời gian thực tế các bước đã ghi nhận trong tỉnh (hoặc cả nước, hoặc thời hạn luật định khi chưa đủ số liệu), tính bằng ngày làm việc, kể cả ngày lễ âm lịch; chỉ dùng dữ liệu đã ghi nhận đến cuối ngày đó.
cli-backtest-title = Kiểm tra dự báo: dự báo lập ngày { $from } cho mốc { $to } — { $count } hồ sơ, { $approved } đã phê duyệt đến mốc
cli-backtest-brier = Điểm Brier { $brier } (0 là hoàn hảo; luôn đoán theo tỷ lệ chung được { $reference })
cli-paper-unknown-format = định dạng "{ $format }" không được hỗ trợ cho biên bản, thông báo; chọn docx hoặc pdf. Chưa ghi tệp nào.
cli-paper-unknown-section = không có phần "{ $section }"; chọn trong { $known }, hoặc all, none. Chưa ghi tệp nào.
cli-paper-status-before-meeting = ngày xem tình hình thực hiện không được trước ngày họp { $held_on }. Chưa ghi tệp nào.
cli-paper-written = Đã ghi { $paper ->
    [minutes] biên bản
   *[notice] thông báo kết luận
} { $format } vào { $file } ({ $bytes } byte).
cli-col-attachment = tệp đính kèm
cli-weekly-day = Báo cáo tuần { $week } (ngày { $date }):
cli-weekly-on = Tài khoản { $username } sẽ nhận báo cáo tiến độ hằng tuần tại { $email }.
cli-weekly-off = Tài khoản { $username } không nhận báo cáo tiến độ hằng tuần nữa.
cli-weekly-role-refused = Tài khoản { $username } (vai trò { $role }) không được nhận báo cáo tuần: chỉ tài khoản lãnh đạo và quản trị viên được đăng ký.

# consultation (issue 15)
cli-col-round = đợt
cli-col-opens-on = từ ngày
cli-col-closes-on = đến ngày
cli-col-opinions = ý kiến
cli-consultation-opened = Đã mở đợt lấy ý kiến số { $id } (đợt { $round }): cộng đồng dân cư từ { $opens } đến { $closes }; cơ quan, tổ chức trả lời trước { $agencies }.
cli-consultation-heading = Đợt lấy ý kiến số { $id } (đợt { $round }), đơn vị { $unit }: cộng đồng dân cư từ { $opens } đến { $closes }; hạn trả lời của cơ quan, tổ chức { $agencies }.
cli-consultation-consultee = Cơ quan số { $id } ({ $name }): { $status }; hạn { $deadline }.
cli-consultation-removed = Đã xóa cơ quan số { $id } khỏi danh sách lấy ý kiến.
cli-consultation-silence-is-agreement = Tỉnh { $province }: cơ quan không trả lời khi hết hạn được coi là thống nhất.
cli-consultation-silence-is-not-agreement = Tỉnh { $province }: cơ quan không trả lời khi hết hạn không được coi là thống nhất (mặc định).
cli-consultation-opinion-added = Đã ghi nhận ý kiến số { $id }.
cli-consultation-answered = Đã trả lời ý kiến số { $id } ({ $answers } nội dung trả lời).
cli-consultation-summarised = Đã ghi tổng hợp của chủ đề { $topic }.
cli-consultation-complete = Bảng tổng hợp đã đầy đủ: mọi ý kiến đã được trả lời, mọi chủ đề đã có tổng hợp.
cli-consultation-incomplete = Bảng tổng hợp chưa đầy đủ: { $unanswered } ý kiến chưa được trả lời; chủ đề chưa có tổng hợp: { $topics }.
cli-consultation-exported = Đã ghi { $file } ({ $rows } ý kiến).

## plantrack consultation group
cli-group-unreadable = { $file }: không đọc được: { $error }
cli-group-empty = { $file }: không có ý kiến nào để nhóm (tệp rỗng)
cli-group-not-json = { $file }, dòng { $line }: không phải JSON hợp lệ ({ $error })
cli-group-not-object = { $file }, dòng { $line }: mỗi dòng phải là một ý kiến, một đối tượng JSON như {"{"}"id": "1", "text": "…"{"}"}
cli-group-no-id = { $file }, dòng { $line }: ý kiến không có "id" (chuỗi hoặc số)
cli-group-no-text = { $file }, dòng { $line }: ý kiến không có nội dung "text"
cli-group-duplicate = { $file }, dòng { $line }: mã { $id } đã có ở dòng { $first }
cli-group-bad-point = { $file }, dòng { $line }: "lon" và "lat" phải có cùng nhau, tính bằng độ (kinh độ -180 đến 180, vĩ độ -90 đến 90)
cli-group-summary = { $opinions } ý kiến trong { $groups } nhóm
cli-group-heading = Nhóm { $number }: { $size } ý kiến
cli-group-ids = mã: { $ids }
