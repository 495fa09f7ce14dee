# The properties of the OGC collections' features on their pages (issue 18): the JSON keeps
# its keys (area_km2, kind); a person reads these names.
ogc-prop-code = Kode
ogc-prop-name = Nama
ogc-prop-full-name = Nama lengkap
ogc-prop-province = Kode provinsi
ogc-prop-area-km2 = Luas (km²)
ogc-prop-category = Penggunaan lahan
ogc-prop-dossier = Berkas no.
ogc-prop-unit-code = Kode wilayah
ogc-prop-unit-name = Wilayah administratif
ogc-prop-plan-type = Jenis rencana
ogc-prop-approved-on = Disahkan pada
ogc-prop-sha256 = SHA-256 berkas peta
