# plantrack — lỗi của API và của các trang (tiêu đề và chi tiết của tài liệu problem+json).
problem-illegal-transition-title = Bước chuyển không hợp lệ
problem-illegal-transition-detail = Không thể thực hiện '{ $action }' khi hồ sơ đang ở bước '{ $stage }'.
problem-role-not-allowed-title = Vai trò không được phép
problem-role-not-allowed-detail = Vai trò '{ $role }' không được thực hiện '{ $action }'. Vai trò được phép: { $allowed }.
problem-missing-documents-title = Thiếu tài liệu bắt buộc
problem-missing-documents-detail = Chưa thể rời bước '{ $stage }': còn thiếu tài liệu { $missing }.
problem-wrong-status-title = Trạng thái hồ sơ không phù hợp
problem-wrong-status-detail = Hồ sơ đang ở trạng thái '{ $status }', không thể thực hiện '{ $action }'.
problem-version-conflict-title = Hồ sơ đã bị thay đổi
problem-version-conflict-detail = Hồ sơ đã ở phiên bản { $actual }, yêu cầu dựa trên phiên bản { $expected }. Hãy tải lại và thử lại.
problem-bad-date-title = Ngày không hợp lệ
problem-bad-date-detail = Ngày { $date } không được chấp nhận: { $why }.
problem-invalid-field-title = Dữ liệu không hợp lệ
problem-invalid-field-detail = Trường '{ $field }': { $message }.
problem-invalid-template-title = Mẫu quy trình không hợp lệ
problem-refused-title = Yêu cầu bị từ chối
problem-not-found-title = Không tìm thấy
problem-duplicate-title = Đã tồn tại
problem-invalid-file-title = Tệp không hợp lệ
problem-bad-request-title = Yêu cầu không hợp lệ
problem-precondition-title = Thiếu điều kiện phiên bản
problem-precondition-dossier-version = Hãy gửi phiên bản hồ sơ đã đọc (If-Match hoặc expected_version).
problem-method-not-allowed-title = Phương thức không được hỗ trợ
problem-too-large-title = Dữ liệu gửi lên quá lớn
problem-too-large-detail = Giới hạn là 2 MiB.
problem-unauthorized-title = Cần đăng nhập
problem-unauthorized-detail = Hãy đăng nhập hoặc gửi mã truy cập hợp lệ.
problem-forbidden-title = Không có quyền
# The policy's reason ($why) is written for developers, in English: this language shows a sentence of its own.
problem-forbidden-detail = Tài khoản của bạn không được xem hoặc làm việc này (ngoài phạm vi hoặc vai trò được giao).
problem-locked-title = Tài khoản tạm khóa
problem-locked-detail = Đăng nhập sai quá nhiều lần; thử lại sau { $until }.
problem-internal-title = Lỗi hệ thống
problem-internal-detail = Đã xảy ra lỗi; hãy báo mã yêu cầu (x-request-id) cho quản trị viên.
# What the store looked for and did not find, or found twice.
thing-dossier = Hồ sơ
thing-plan = Quy hoạch
thing-unit = Đơn vị hành chính
thing-template = Quy trình
thing-user = Tài khoản
thing-organisation = Cơ quan
thing-token = Mã truy cập
thing-decision = Quyết định
# Refusals that say more than "not allowed" (denied-<the policy's action>).
denied-create-token = Mã truy cập chỉ được tạo cho chính tài khoản của bạn; quản trị viên còn tạo được cho tài khoản dịch vụ, nhưng không bao giờ cho người khác (lịch sử hồ sơ sẽ ghi tên người đó cho việc họ không làm).
denied-manage-tokens = Bạn chỉ xem và thu hồi được mã truy cập của chính mình.
denied-edit-calendar = Lịch làm việc của một tỉnh chỉ do lãnh đạo tỉnh đó hoặc quản trị viên thay đổi.
denied-edit-national-calendar = Lịch chung cả nước (ngày lễ theo luật và lịch nghỉ bù của Chính phủ) chỉ do người vận hành máy chủ nhập bằng dòng lệnh.
denied-read-calendar = Bạn chỉ xem được lịch làm việc của tỉnh mình.
denied-record-decision = Quyết định chỉ do lãnh đạo tỉnh ghi nhận, và chỉ cho tỉnh của mình.
denied-read-decisions = Bạn chỉ xem được các quyết định của tỉnh mình.

date-problem-in-future = ngày này chưa đến
date-problem-before-last-event = sự kiện gần nhất của hồ sơ ghi ngày { $last }, lịch sử hồ sơ phải theo thứ tự thời gian
date-problem-out-of-bounds = plantrack chỉ nhận ngày từ { $earliest } đến { $latest }
date-problem-backdated = ngày này lùi { $days } ngày so với hôm nay; chỉ được ghi lùi tối đa { $limit } ngày, lùi hơn chỉ lãnh đạo UBND tỉnh được ghi
