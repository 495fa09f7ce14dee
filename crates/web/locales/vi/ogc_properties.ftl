# The properties of the OGC collections' features on their pages (issue 18): the JSON keeps
# its keys (area_km2, kind); a person reads these names.
ogc-prop-code = Mã
ogc-prop-name = Tên
ogc-prop-full-name = Tên đầy đủ
ogc-prop-province = Mã tỉnh
ogc-prop-area-km2 = Diện tích (km²)
ogc-prop-category = Loại đất
ogc-prop-dossier = Hồ sơ số
ogc-prop-unit-code = Mã đơn vị hành chính
ogc-prop-unit-name = Đơn vị hành chính
ogc-prop-plan-type = Loại quy hoạch
ogc-prop-approved-on = Ngày phê duyệt
ogc-prop-sha256 = Mã SHA-256 của tệp bản đồ
