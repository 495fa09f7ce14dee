# plantrack — giao diện tiếng Việt (ngôn ngữ mặc định).
skip-to-content = Bỏ qua, đến nội dung chính
nav-label = Điều hướng chính
nav-dashboard = Bảng tổng hợp
nav-my-unit = Xã/phường của tôi
nav-dossiers = Hồ sơ
nav-templates = Quy trình
nav-account = Tài khoản
nav-admin = Quản trị
language-label = Ngôn ngữ
logout = Đăng xuất
footer = plantrack — theo dõi lập quy hoạch chung xã, phường. Ngày tháng dạng dd/mm/yyyy; số tiền bằng đồng (₫).
error-status = Mã lỗi HTTP
back-home = Về trang đầu
none = Không có.
due = hạn
dated = ngày
invalid-date = Ngày không hợp lệ; hãy nhập dạng dd/mm/yyyy.
invalid-known-on = Hãy nhập thời điểm ghi nhận dạng ngày (dd/mm/yyyy) hoặc dạng thời gian RFC 3339, ví dụ 2025-11-25T17:00:00+07:00.
invalid-choice = Lựa chọn không hợp lệ.
days-late = trễ { $days } ngày
days-left = còn { $days } ngày
recorded-at = ghi lúc
history-recorded-late = ghi lùi ngày: ghi nhận muộn { $days } ngày

login-title = Đăng nhập
login-intro = Đăng nhập bằng tài khoản do quản trị viên cấp.
login-username = Tên đăng nhập
login-password = Mật khẩu
login-submit = Đăng nhập

account-title = Tài khoản
account-username = Tên đăng nhập
account-name = Họ tên
account-organisation = Cơ quan
account-role = Vai trò
account-password-title = Đổi mật khẩu
account-current-password = Mật khẩu hiện tại
account-new-password = Mật khẩu mới
account-confirm-password = Nhập lại mật khẩu mới
account-password-hint = Ít nhất 12 ký tự. Sau khi đổi, mọi phiên đăng nhập kết thúc, các mã truy cập API bị thu hồi và bạn đăng nhập lại.
account-password-submit = Đổi mật khẩu
account-password-mismatch = Hai mật khẩu mới không khớp nhau.

role-administrator = Quản trị viên
role-leadership = Lãnh đạo UBND tỉnh
role-appraiser = Cán bộ thẩm định (Sở Xây dựng)
role-department_officer = Cán bộ sở, ngành
role-commune_officer = Cán bộ UBND xã/phường
role-consultant = Đơn vị tư vấn
role-public = Người dân

dashboard-title = Tiến độ lập quy hoạch
dashboard-as-of = Tính đến ngày
dashboard-compare = So sánh với ngày
dashboard-compare-hint = Ví dụ: ngày họp trước, để thấy hồ sơ nào đã chuyển bước, hồ sơ nào chậm thêm.
dashboard-as-known-on = Theo dữ liệu ghi nhận đến
dashboard-as-known-on-hint = Để trống: mọi thay đổi đã ghi nhận. Nhập một ngày (dd/mm/yyyy) hoặc thời điểm in trên báo cáo cũ để xem lại đúng báo cáo đã trình họp.
dashboard-known-on = Số liệu theo dữ liệu ghi nhận đến
dashboard-history-digest = Mã băm lịch sử:
dashboard-history-digest-hint = trùng với mã của lần kiểm tra lịch sử (plantrack audit verify) và của mốc đã lưu ngoài cơ sở dữ liệu nếu lịch sử không bị sửa.
late-title = Ghi nhận muộn
late-hint = Những hồ sơ mà tình hình tại ngày này, theo dữ liệu hiện nay, khác với báo cáo lập vào cuối ngày đó: có thay đổi được ghi lùi ngày.
late-then = báo cáo lúc đó:
late-now = nay ghi nhận:
late-not-known = chưa có trong báo cáo
dashboard-show = Xem
dashboard-on = Ngày
dashboard-dossiers = hồ sơ
dashboard-overdue = quá hạn
dashboard-due-soon = sắp đến hạn
dashboard-overdue-list = Hồ sơ quá hạn
dashboard-due-soon-list = Hồ sơ sắp đến hạn
map-title = Bản đồ tiến độ quy hoạch chung xã
map-legend = Chú giải (số trên bản đồ = bước)
map-table = Bảng thay cho bản đồ
map-unplanned = Chưa có hồ sơ
map-open-dossier = Mở hồ sơ
map-error = Không tải được bản đồ.
map-attribution = Ranh giới hành chính 2025: sapnhap.bando.com.vn, qua thanglequoc/vietnamese-provinces-database (MIT)
changes-title = Thay đổi giữa hai ngày
changes-advanced = Đã chuyển bước
changes-slipped = Mới bị quá hạn
changes-still-late = Vẫn quá hạn, chưa chuyển bước
changes-opened = Hồ sơ mới mở

col-stage = Bước
col-count = Số hồ sơ
col-bar = Biểu đồ
col-overdue = Quá hạn
col-unit = Xã/phường
col-unit-code = Mã xã/phường
col-plan = Quy hoạch
col-type = Loại quy hoạch
col-due = Hạn
col-status = Tình trạng
col-entered = Bắt đầu
col-left = Hoàn thành
col-note = Ghi chú
col-document = Tài liệu
col-version = Phiên bản
col-date = Ngày
col-by = Người thực hiện
col-file = Tệp
col-template = Quy trình
col-key = Mã
col-country = Quốc gia
col-stages = Số bước
col-unverified = Thời hạn chưa xác minh
col-length = Thời hạn
col-runs-from = Tính từ
col-basis = Căn cứ
col-verification = Mức xác minh
col-created = Ngày tạo

plan-type-commune_general = Quy hoạch chung xã
plan-type-general_urban = Quy hoạch chung đô thị
plan-type-zoning = Quy hoạch phân khu
plan-type-detailed = Quy hoạch chi tiết
plan-type-investment_project = Quy hoạch dự án đầu tư
plan-type-national_tourism_area = Quy hoạch khu du lịch quốc gia
plan-type-rdtr = RDTR (Indonesia)

status-active = Đang thực hiện
status-on_hold = Tạm dừng
status-completed = Hoàn thành

unit-code = Mã đơn vị
unit-kind = Loại đơn vị
unit-area = Diện tích
unit-kind-province = Tỉnh
unit-kind-commune = Xã
unit-kind-ward = Phường
unit-kind-special_zone = Đặc khu
unit-lineage = Hình thành từ (sắp xếp 2025)
unit-no-lineage = Không có thông tin sắp xếp.
merge-full = nhập toàn bộ
merge-partial = nhập một phần
unit-plans = Quy hoạch
unit-no-plans = Chưa có quy hoạch nào được đăng ký.
timeline-title = Các bước: hạn và thực tế
timeline-on-time = đúng hạn
timeline-current = đang thực hiện

dossier-stage = Bước hiện tại
dossier-status = Tình trạng
dossier-template = Quy trình
dossier-consultant = Đơn vị tư vấn
dossier-funding = Kinh phí đã giao
dossier-version = Phiên bản hồ sơ
checklist-title = Tài liệu bắt buộc của bước này
checklist-none = Bước này không yêu cầu tài liệu.
checklist-done = đã có
checklist-missing = còn thiếu
actions-title = Việc bạn có thể làm
actions-none = Tài khoản của bạn không có thao tác nào ở bước này.
actions-needs = Cần có trước:
form-reason = Lý do / ghi chú
upload-title = Đính kèm tài liệu
upload-kind = Loại tài liệu
upload-doc-title = Tên tài liệu
upload-doc-title-hint = Ví dụ: Báo cáo tổng hợp ý kiến, số 12/BC-UBND ngày 20/11/2025.
upload-file = Tệp
upload-file-hint = PDF, DOCX, XLSX, DXF, DWG, ZIP, PNG hoặc JPEG; tối đa
upload-submit = Tải lên
hold-title = Tạm dừng hồ sơ
hold-submit = Tạm dừng
resume-title = Tiếp tục hồ sơ
resume-submit = Tiếp tục
extend-title = Gia hạn
extend-new-due = Hạn mới
extend-approver = Người/Văn bản cho phép gia hạn
extend-submit = Gia hạn
documents-title = Tài liệu
history-title = Lịch sử hồ sơ

event-acted-person = tài khoản { $person } ({ $username }), { $organisation }
event-acted-account = tài khoản số { $id }
event-acted-token = qua token “{ $token }” (số { $id })
event-acted-operator = người vận hành tại dòng lệnh của máy chủ
event-opened = Mở hồ sơ
event-transitioned = Chuyển bước
event-put-on-hold = Tạm dừng
event-resumed = Tiếp tục
event-document-attached = Đính kèm
event-deadline-extended = Gia hạn đến
event-body-changed = Đổi cơ quan
event-consultant-changed = Đổi đơn vị tư vấn
event-funding = Giao kinh phí

list-title = Danh sách hồ sơ
list-search = Tìm theo tên xã hoặc quy hoạch
list-all = Tất cả
list-overdue-only = Chỉ hồ sơ quá hạn
list-filter = Lọc
list-count = { $count } hồ sơ
list-pages = Trang
list-prev = Trang trước
list-next = Trang sau

templates-title = Quy trình lập quy hoạch
templates-intro = Mỗi quy trình là dữ liệu: các bước, thời hạn theo luật và căn cứ, tài liệu cần có, ai được làm gì.
template-legal-basis = Căn cứ pháp lý
template-stages = Các bước
template-limits = Thời hạn
template-required = Tài liệu bắt buộc
template-terminal = bước cuối
template-permissions = Thẩm quyền
verification-legend = Mức xác minh: V = đã đối chiếu văn bản; S = nguồn thứ cấp; U = mặc định chưa xác minh, tỉnh cần xác nhận.
verification-V = đã xác minh
verification-S = nguồn thứ cấp
verification-U = chưa xác minh
limit-calendar-days = { $n } ngày
limit-working-days = { $n } ngày làm việc
limit-months = { $n } tháng
limit-from-stage = ngày bắt đầu bước
limit-from-document = ngày đính kèm
permission-hold = Tạm dừng
permission-resume = Tiếp tục
permission-attach_document = Đính kèm tài liệu
permission-extend_deadline = Gia hạn
permission-change_body = Đổi cơ quan
permission-change_consultant = Đổi đơn vị tư vấn
permission-allocate_funding = Giao kinh phí

admin-title = Quản trị
audit-title = Kiểm tra tính toàn vẹn lịch sử
audit-intro = Tính lại chuỗi băm của mọi hồ sơ và dựng lại dữ liệu hiện trạng từ sự kiện; một sự kiện bị sửa, xóa hay đổi chỗ, hoặc dữ liệu hiện trạng bị sửa, sẽ bị phát hiện.
audit-verify = Kiểm tra ngay
audit-ok = Toàn vẹn
audit-broken = Phát hiện sai lệch
audit-projections-differ = Dữ liệu hiện trạng (giai đoạn, tình trạng, khoảng giai đoạn…) khác với lịch sử sự kiện, số chỗ khác
audit-projection = KHÁC: hồ sơ { $dossier }, { $what }: đang lưu { $stored }, dựng lại từ sự kiện { $rebuilt }
audit-projection-span = KHÁC: hồ sơ { $dossier }, khoảng giai đoạn mở bởi sự kiện { $span }, { $what }: đang lưu { $stored }, dựng lại từ sự kiện { $rebuilt }
audit-stage-count = KHÁC: số hồ sơ theo giai đoạn { $key }: đang lưu { $stored }, đếm lại từ hồ sơ { $rebuilt }
audit-nothing = (không có)
audit-what-state-field = trường { $field } của trạng thái lưu (JSON)
audit-what = { $what ->
    [stage] giai đoạn
    [status] tình trạng
    [version] phiên bản
    [stage_entered_on] ngày vào giai đoạn
    [due_on] hạn
    [head_hash] mã băm cuối
    [consultant] đơn vị tư vấn
    [template] quy trình mẫu
    [state] trạng thái lưu (JSON)
    [span] khoảng giai đoạn
    [from_on] từ ngày
    [to_on] đến ngày
    [province_code] mã tỉnh
    [unit_code] mã đơn vị
    [plan_type] loại quy hoạch
    [recorded_at] thời điểm ghi
    [closed_at] thời điểm đóng
   *[other] { $what }
}
audit-dossier = hồ sơ
audit-event = sự kiện
audit-dossiers = hồ sơ
audit-events = sự kiện
audit-digest = Mã tổng hợp:
users-title = Tài khoản
users-cli-hint = Cũng làm được bằng lệnh: plantrack user create, plantrack token create.
user-disable = Khóa
user-disabled = Đã khóa
tokens-title = Mã truy cập API
token-label = Nhãn
token-last-used = Dùng lần cuối
token-revoke = Thu hồi
token-revoked = Đã thu hồi
user-create = Tạo tài khoản
user-username-hint = 3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch dưới, gạch ngang.
user-created-password = Mật khẩu của tài khoản mới
token-create = Tạo mã truy cập
user-service-account = Tài khoản dịch vụ
user-service-account-hint = Cho một hệ thống tích hợp (đồng bộ GIS, báo cáo tự động): không có mật khẩu, không đăng nhập được, chỉ làm việc bằng mã truy cập do quản trị viên tạo.
token-for-hint = Quản trị viên chỉ tạo mã truy cập cho chính mình và cho tài khoản dịch vụ; mỗi người tự tạo mã của mình ở trang Tài khoản.
own-tokens-title = Mã truy cập của tôi
own-tokens-intro = Mã truy cập cho phép một chương trình làm việc với API dưới tên của bạn; chỉ bạn tạo được mã của mình.
token-created = Mã truy cập mới số
secret-once = Hãy sao chép ngay: giá trị này chỉ hiện một lần và không được lưu ở dạng đọc được.
landuse-title = Kiểm tra bản đồ quy hoạch sử dụng đất
landuse-none = Chưa có bản đồ. Tải lên tệp GeoJSON loại "Dữ liệu GIS": hệ thống kiểm tra ngay với các lớp dữ liệu của các sở, ngành.
landuse-checked-at = Kiểm tra lúc
landuse-zones = khu
landuse-layers = Lớp đã đối chiếu
landuse-no-layers = chưa có lớp nào được công bố
landuse-forbidden = không được phép
landuse-consult = cần ý kiến sở, ngành
landuse-geometry = lỗi hình học
landuse-services = thiếu dịch vụ, đường
landuse-zone = Khu
landuse-constraint = Đối tượng hạn chế
landuse-layer = Lớp
landuse-verdict = Kết luận
landuse-area = Diện tích (m²)
landuse-department = Cơ quan cần hỏi ý kiến
landuse-location = Vị trí (kinh độ, vĩ độ)
nav-layers = Lớp dữ liệu
layers-title = Lớp dữ liệu chuyên ngành
layers-intro = Các sở, ngành đưa lên lớp hạn chế của mình (đất quốc phòng, rừng, khu du lịch, di tích, vùng sạt lở, lũ quét, đất lúa, hành lang đường bộ, lưới điện). Mỗi lần đưa lên là một phiên bản mới; bản đồ quy hoạch được kiểm tra với phiên bản đã công bố mới nhất.
layers-name = Tên lớp
layers-owner = Cơ quan quản lý
layers-latest = Phiên bản mới nhất
layers-published = Phiên bản đã công bố
layers-features = Số đối tượng
layers-categories = Loại hạn chế
layers-upload = Đưa lên phiên bản mới
layers-key-hint = Mã ngắn của lớp, ví dụ: quoc-phong (chữ thường không dấu, số, gạch ngang).
layers-file-hint = GeoJSON (WGS 84), Shapefile nén (.zip gồm .shp, .shx, .dbf, .prj), GeoPackage (.gpkg) hoặc bản vẽ DXF; mỗi đối tượng là vùng có thuộc tính category (với DXF là tên lớp CAD), ví dụ defence_security. Tệp không có hệ tọa độ được đọc theo VN-2000 múi chiếu 3° của tỉnh.
layers-publish = Công bố cho xã, phường và đơn vị tư vấn
layers-encoding = Bảng mã chữ của tệp cũ (dùng khi tệp không có .cpg)
upload-progress = Tiến độ tải lên
import-title = Nhập lớp dữ liệu
import-progress = Tiến độ nhập
import-running = đang đọc và kiểm tra các đối tượng; trang tự cập nhật.
import-done = Đã nhập
import-failed = Nhập không thành công, không có gì được lưu:
import-interrupted = máy chủ đang chạy việc nhập đã dừng trước khi xong. Hãy tải tệp lên lại.
import-back = Quay lại danh sách lớp
layers-no-file = Hãy chọn tệp: GeoJSON, Shapefile nén, GeoPackage hoặc DXF.
event-conflict-accepted = Chấp nhận xung đột
landuse-accept = Chấp nhận xung đột
landuse-accepted = Đã chấp nhận
landuse-accepted-by = Người chấp nhận
landuse-not-checked = Chưa đối chiếu (lớp chưa được công bố)
ogc-title = Dữ liệu địa lý mở (OGC API – Features)
ogc-intro = Dữ liệu địa lý của tỉnh cho phần mềm GIS (QGIS, ArcGIS, GDAL) và để xem tại đây: ranh giới các xã và bản đồ quy hoạch sử dụng đất của các quy hoạch đã được phê duyệt; cán bộ đã đăng nhập xem thêm các lớp dữ liệu chuyên ngành. Thêm địa chỉ này vào phần mềm GIS dưới dạng kết nối "OGC API – Features".
ogc-collections = Bộ dữ liệu
ogc-conformance = Các lớp tuân thủ
ogc-conformance-intro = Các phần của tiêu chuẩn OGC API – Features mà máy chủ này đáp ứng.
ogc-api-definition = Mô tả API (OpenAPI)
ogc-as-json = Trang này dạng JSON
ogc-as-geojson = Các đối tượng này dạng GeoJSON
ogc-browse = Xem các đối tượng
ogc-units-title = Đơn vị hành chính cấp xã
ogc-units-description = Ranh giới các đơn vị hành chính cấp xã sau sắp xếp năm 2025 (WGS 84).
ogc-landuse-title = Bản đồ sử dụng đất của quy hoạch đã phê duyệt
ogc-landuse-description = Các khu chức năng trên bản đồ sử dụng đất mới nhất của mỗi quy hoạch đã được phê duyệt (WGS 84).
ogc-collection-title = Tên
ogc-collection-id = Mã
ogc-collection-description = Mô tả
ogc-features = Đối tượng
ogc-extent = Phạm vi (kinh độ, vĩ độ)
ogc-items-shown = Đối tượng { $from }–{ $to } trong tổng số { $matched }
ogc-map = Bản đồ các đối tượng trên trang này
ogc-feature-id = Đối tượng
ogc-properties = Thuộc tính
ogc-property = Thuộc tính
ogc-value = Giá trị
ogc-item-as-geojson = Đối tượng này dạng GeoJSON

# Why a move of the dossier page cannot be made yet
blocker-role = vai trò của bạn không được làm việc này
blocker-last-event-after-today = việc gần nhất của hồ sơ ghi ngày { $date }, sau hôm nay

# Meetings, the directive tracker and the inbox (issue 13).
nav-meetings = Họp và chỉ đạo
nav-inbox = Việc cần làm
meetings-title = Cuộc họp và chỉ đạo
meetings-intro = Các cuộc họp rà soát của tỉnh, kết luận và chỉ đạo đã ban hành. Theo dõi việc thực hiện:
meetings-none = Chưa có cuộc họp nào.
col-meeting = Cuộc họp
col-directive = Chỉ đạo
col-assignee = Cơ quan thực hiện
col-done-on = Ngày hoàn thành
col-evidence = Kết quả, minh chứng
col-addressed = Số cơ quan được giao
meeting-state-draft = đang chuẩn bị
meeting-state-scheduled = đã lên lịch
meeting-state-in-progress = đang họp
meeting-state-closed = đã kết thúc
meeting-kind = Hình thức
meeting-kind-in_person = trực tiếp
meeting-kind-online = trực tuyến
meeting-kind-hybrid = trực tiếp kết hợp trực tuyến
meeting-connected = số điểm cầu:
meeting-venue = Địa điểm
meeting-chair = Chủ trì
meeting-report-then = Báo cáo tiến độ như cuộc họp đã thấy
meeting-conclusions = Kết luận
meeting-no-conclusions = Chưa có kết luận.
meeting-amended = đính chính ngày
meeting-directives = Chỉ đạo và tình hình thực hiện
task-status-open = đang thực hiện
task-status-late = quá hạn
task-status-done = đã hoàn thành
task-status-cancelled = đã hủy
tracker-title = Theo dõi thực hiện chỉ đạo
tracker-as-of = Tính đến ngày
tracker-all = tất cả
tracker-show = Xem
tracker-summary = Tổng hợp theo chỉ đạo, tính đến ngày
tracker-escalated = Quá hạn cần lãnh đạo lưu ý
tracker-working-days-late = ngày làm việc trễ hạn
tracker-tasks = Nhiệm vụ
tracker-none = Không có nhiệm vụ nào phù hợp.
inbox-title = Việc cần làm của cơ quan
inbox-overdue = Quá hạn
inbox-due-soon = Đến hạn trong 7 ngày
inbox-later = Đang thực hiện
inbox-nothing = Không có.
inbox-report-done = Báo cáo đã hoàn thành

# Sectoral information requests (issue 13, item 4).
request-topic-forest-protection = ranh giới rừng, rừng phòng hộ
request-topic-defence-land = đất quốc phòng, an ninh
request-topic-heritage = di tích, di sản
request-topic-minerals = khu vực khoáng sản
request-topic-hazard-zones = vùng nguy cơ thiên tai
request-topic-transport-irrigation = hành lang giao thông, thủy lợi
request-topic-development-projects = dự án đầu tư phát triển
request-topic-other = thông tin khác
