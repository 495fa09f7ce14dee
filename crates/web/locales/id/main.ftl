# plantrack — antarmuka Bahasa Indonesia.
skip-to-content = Langsung ke isi utama
nav-label = Navigasi utama
nav-dashboard = Dasbor
nav-my-unit = Desa/kelurahan saya
nav-dossiers = Berkas
nav-templates = Prosedur
nav-account = Akun
nav-admin = Administrasi
language-label = Bahasa
logout = Keluar
footer = plantrack — memantau penyusunan rencana umum desa dan kelurahan. Tanggal dd/mm/yyyy; jumlah uang dalam dong Vietnam (₫).
error-status = Status HTTP
back-home = Kembali ke halaman awal
none = Tidak ada.
due = tenggat
dated = tanggal
invalid-date = Tanggal tidak valid; tulis sebagai dd/mm/yyyy.
invalid-known-on = Masukkan waktu pengetahuan sebagai tanggal (dd/mm/yyyy) atau waktu RFC 3339, misalnya 2025-11-25T17:00:00+07:00.
invalid-choice = Pilihan tidak valid.
days-late = terlambat { $days } hari
days-left = sisa { $days } hari
recorded-at = dicatat
history-recorded-late = bertanggal mundur: dicatat { $days } hari terlambat

login-title = Masuk
login-intro = Masuk dengan akun dari administrator Anda.
login-username = Nama pengguna
login-password = Kata sandi
login-submit = Masuk

account-title = Akun
account-username = Nama pengguna
account-name = Nama
account-organisation = Instansi
account-role = Peran
account-password-title = Ganti kata sandi
account-current-password = Kata sandi saat ini
account-new-password = Kata sandi baru
account-confirm-password = Ulangi kata sandi baru
account-password-hint = Minimal 12 karakter. Setelah diganti, semua sesi berakhir, token API dicabut, dan Anda masuk lagi.
account-password-submit = Ganti kata sandi
account-password-mismatch = Kedua kata sandi baru tidak sama.

role-administrator = Administrator
role-leadership = Pimpinan provinsi
role-appraiser = Penilai (Dinas Konstruksi)
role-department_officer = Petugas dinas
role-commune_officer = Petugas desa/kelurahan
role-consultant = Konsultan
role-public = Warga

dashboard-title = Kemajuan perencanaan
dashboard-as-of = Per tanggal
dashboard-compare = Bandingkan dengan
dashboard-compare-hint = Misalnya tanggal rapat sebelumnya, untuk melihat berkas yang maju dan yang tertinggal.
dashboard-as-known-on = Sesuai data yang tercatat sampai
dashboard-as-known-on-hint = Kosong: semua yang tercatat. Masukkan tanggal (dd/mm/yyyy) atau waktu yang tercetak pada laporan sebelumnya untuk melihat persis laporan yang disajikan dalam rapat itu.
dashboard-known-on = Angka sesuai data yang tercatat sampai
dashboard-history-digest = Digest riwayat:
dashboard-history-digest-hint = sama dengan yang dicetak pemeriksaan riwayat (plantrack audit verify) dan jangkar yang disimpan di luar basis data, jika riwayat tidak ditulis ulang.
late-title = Tercatat terlambat
late-hint = Berkas yang posisinya pada hari ini terbaca lain sekarang dibanding laporan yang dibuat pada akhir hari itu: ada perubahan yang dicatat dengan tanggal mundur.
late-then = dilaporkan saat itu:
late-now = diketahui sekarang:
late-not-known = belum ada dalam laporan
dashboard-show = Tampilkan
dashboard-on = Tanggal
dashboard-dossiers = berkas
dashboard-overdue = terlambat
dashboard-due-soon = segera jatuh tempo
dashboard-overdue-list = Berkas terlambat
dashboard-due-soon-list = Berkas segera jatuh tempo
map-title = Peta rencana umum desa
map-legend = Legenda (angka di peta = tahap)
map-table = Tabel pengganti peta
map-unplanned = Belum ada berkas
map-open-dossier = Buka berkas
map-error = Peta tidak dapat dimuat.
map-attribution = Batas wilayah 2025: sapnhap.bando.com.vn, melalui thanglequoc/vietnamese-provinces-database (MIT)
changes-title = Perubahan di antara kedua tanggal
changes-advanced = Maju ke tahap berikutnya
changes-slipped = Baru terlambat
changes-still-late = Masih terlambat, belum maju
changes-opened = Berkas baru

col-stage = Tahap
col-count = Berkas
col-bar = Grafik
col-overdue = Terlambat
col-unit = Desa/kelurahan
col-unit-code = Kode wilayah
col-plan = Rencana
col-type = Jenis rencana
col-due = Tenggat
col-status = Status
col-entered = Mulai
col-left = Selesai
col-note = Catatan
col-document = Dokumen
col-version = Versi
col-date = Tanggal
col-by = Oleh
col-file = Berkas
col-template = Prosedur
col-key = Kode
col-country = Negara
col-stages = Tahap
col-unverified = Batas waktu belum diverifikasi
col-length = Batas waktu
col-runs-from = Dihitung dari
col-basis = Dasar hukum
col-verification = Verifikasi
col-created = Dibuat

plan-type-commune_general = Rencana umum desa
plan-type-general_urban = Rencana umum kota
plan-type-zoning = Rencana zonasi
plan-type-detailed = Rencana rinci
plan-type-investment_project = Rencana proyek investasi
plan-type-national_tourism_area = Rencana kawasan wisata nasional
plan-type-rdtr = RDTR

status-active = Berjalan
status-on_hold = Ditunda
status-completed = Selesai

unit-code = Kode wilayah
unit-kind = Jenis wilayah
unit-area = Luas
unit-kind-province = Provinsi
unit-kind-commune = Desa
unit-kind-ward = Kelurahan
unit-kind-special_zone = Zona khusus
unit-lineage = Dibentuk dari (penataan 2025)
unit-no-lineage = Tidak ada catatan penataan.
merge-full = digabung seluruhnya
merge-partial = digabung sebagian
unit-plans = Rencana
unit-no-plans = Belum ada rencana yang didaftarkan.
timeline-title = Tahap: tenggat dan realisasi
timeline-on-time = tepat waktu
timeline-current = sedang berjalan

dossier-stage = Tahap saat ini
dossier-status = Status
dossier-template = Prosedur
dossier-consultant = Konsultan
dossier-funding = Dana dialokasikan
dossier-version = Versi berkas
checklist-title = Dokumen wajib tahap ini
checklist-none = Tahap ini tidak mewajibkan dokumen.
checklist-done = ada
checklist-missing = belum ada
actions-title = Yang dapat Anda lakukan
actions-none = Akun Anda tidak memiliki tindakan pada tahap ini.
actions-needs = Perlu lebih dulu:
form-reason = Alasan / catatan
upload-title = Lampirkan dokumen
upload-kind = Jenis dokumen
upload-doc-title = Judul dokumen
upload-doc-title-hint = Misalnya: Rangkuman pendapat, laporan 12/BC-UBND tanggal 20/11/2025.
upload-file = Berkas
upload-file-hint = PDF, DOCX, XLSX, DXF, DWG, ZIP, PNG atau JPEG; paling besar
upload-submit = Unggah
hold-title = Tunda berkas
hold-submit = Tunda
resume-title = Lanjutkan berkas
resume-submit = Lanjutkan
extend-title = Perpanjang tenggat
extend-new-due = Tenggat baru
extend-approver = Disetujui oleh (orang atau keputusan)
extend-submit = Perpanjang
documents-title = Dokumen
history-title = Riwayat berkas

event-acted-person = akun { $person } ({ $username }), { $organisation }
event-acted-account = akun no. { $id }
event-acted-token = melalui token “{ $token }” (no. { $id })
event-acted-operator = operator di baris perintah server
event-opened = Berkas dibuka
event-transitioned = Pindah tahap
event-put-on-hold = Ditunda
event-resumed = Dilanjutkan
event-document-attached = Dilampirkan
event-deadline-extended = Tenggat diperpanjang sampai
event-body-changed = Instansi diganti
event-consultant-changed = Konsultan diganti
event-funding = Dana dialokasikan

list-title = Daftar berkas
list-search = Cari nama desa atau rencana
list-all = Semua
list-overdue-only = Hanya yang terlambat
list-filter = Saring
list-count = { $count } berkas
list-pages = Halaman
list-prev = Sebelumnya
list-next = Berikutnya

templates-title = Prosedur perencanaan
templates-intro = Setiap prosedur adalah data: tahapnya, batas waktu menurut hukum beserta dasarnya, dokumen wajib, dan siapa boleh melakukan apa.
template-legal-basis = Dasar hukum
template-stages = Tahap
template-limits = Batas waktu
template-required = Dokumen wajib
template-terminal = tahap akhir
template-permissions = Kewenangan
verification-legend = Verifikasi: V = dicocokkan dengan teks hukum; S = sumber sekunder; U = bawaan belum diverifikasi, perlu dikonfirmasi provinsi.
verification-V = terverifikasi
verification-S = sumber sekunder
verification-U = belum diverifikasi
limit-calendar-days = { $n } hari
limit-working-days = { $n } hari kerja
limit-months = { $n } bulan
limit-from-stage = awal tahap
limit-from-document = pelampiran
permission-hold = Tunda
permission-resume = Lanjutkan
permission-attach_document = Lampirkan dokumen
permission-extend_deadline = Perpanjang tenggat
permission-change_body = Ganti instansi
permission-change_consultant = Ganti konsultan
permission-allocate_funding = Alokasikan dana

admin-title = Administrasi
audit-title = Pemeriksaan keutuhan riwayat
audit-intro = Menghitung ulang rantai hash setiap berkas dan membangun ulang keadaan kininya dari peristiwa; peristiwa yang diubah, dihapus atau ditukar, atau keadaan kini yang diubah, akan ketahuan.
audit-verify = Periksa sekarang
audit-ok = Utuh
audit-broken = Riwayat rusak ditemukan
audit-projections-differ = Yang dibaca orang (tahap, status, rentang tahap…) berbeda dari riwayat peristiwa; jumlah perbedaan
audit-projection = BERBEDA: berkas { $dossier }, { $what }: tersimpan { $stored }, dibangun ulang dari peristiwanya { $rebuilt }
audit-projection-span = BERBEDA: berkas { $dossier }, rentang tahap yang dibuka peristiwa { $span }, { $what }: tersimpan { $stored }, dibangun ulang dari peristiwanya { $rebuilt }
audit-stage-count = BERBEDA: jumlah berkas pada { $key }: tersimpan { $stored }, dihitung ulang dari berkas { $rebuilt }
audit-nothing = (tidak ada)
audit-what-state-field = kolom { $field } dari keadaan tersimpan (JSON)
audit-what = { $what ->
    [stage] tahap
    [status] status
    [version] versi
    [stage_entered_on] tanggal masuk tahap
    [due_on] tenggat
    [head_hash] hash terakhir
    [consultant] konsultan
    [template] templat alur kerja
    [state] keadaan tersimpan (JSON)
    [span] rentang tahap
    [from_on] dari
    [to_on] sampai
    [province_code] kode provinsi
    [unit_code] kode unit
    [plan_type] jenis rencana
    [recorded_at] dicatat pada
    [closed_at] ditutup pada
   *[other] { $what }
}
audit-dossier = berkas
audit-event = peristiwa
audit-dossiers = berkas
audit-events = peristiwa
audit-digest = Ringkasan:
users-title = Akun
users-cli-hint = Juga lewat baris perintah: plantrack user create, plantrack token create.
user-disable = Nonaktifkan
user-disabled = Nonaktif
tokens-title = Token API
token-label = Label
token-last-used = Terakhir dipakai
token-revoke = Cabut
token-revoked = Dicabut
user-create = Buat akun
user-username-hint = 3–64 karakter: huruf kecil tanpa aksen, angka, titik, garis bawah, tanda hubung.
user-created-password = Kata sandi akun baru
token-create = Buat token API
user-service-account = Akun layanan
user-service-account-hint = Untuk integrasi (sinkronisasi GIS, laporan otomatis): tanpa kata sandi, tidak dapat masuk, dan hanya bekerja melalui token yang dibuat administrator untuknya.
token-for-hint = Administrator hanya membuat token untuk dirinya sendiri dan untuk akun layanan; setiap orang membuat tokennya sendiri di halaman Akun.
own-tokens-title = Token API saya
own-tokens-intro = Token memungkinkan sebuah program memakai API atas nama Anda; hanya Anda yang dapat membuat token Anda.
token-created = Token API baru no.
secret-once = Salin sekarang: nilai ini hanya ditampilkan sekali dan tidak disimpan dalam bentuk terbaca.
landuse-title = Pemeriksaan peta penggunaan lahan
landuse-none = Belum ada peta. Unggah berkas GeoJSON jenis "Data GIS": langsung diperiksa terhadap lapisan data dinas.
landuse-checked-at = Diperiksa pada
landuse-zones = zona
landuse-layers = Lapisan yang diperiksa
landuse-no-layers = belum ada lapisan yang diterbitkan
landuse-forbidden = dilarang
landuse-consult = perlu pendapat dinas
landuse-geometry = masalah geometri
landuse-services = kekurangan layanan atau jalan
landuse-zone = Zona
landuse-constraint = Batasan
landuse-layer = Lapisan
landuse-verdict = Kesimpulan
landuse-area = Luas (m²)
landuse-department = Dinas yang dimintai pendapat
landuse-location = Lokasi (bujur, lintang)
nav-layers = Lapisan
layers-title = Lapisan data sektoral
layers-intro = Dinas mengunggah lapisan batasan mereka (lahan pertahanan, hutan, kawasan wisata, cagar budaya, zona longsor dan banjir bandang, sawah, koridor jalan dan jaringan listrik). Setiap unggahan adalah versi baru; peta penggunaan lahan diperiksa terhadap versi terbit terbaru.
layers-name = Nama lapisan
layers-owner = Pemilik
layers-latest = Versi terbaru
layers-published = Versi terbit
layers-features = Jumlah fitur
layers-categories = Kategori batasan
layers-upload = Unggah versi baru
layers-key-hint = Kode singkat, mis. quoc-phong (huruf kecil, angka, tanda hubung).
layers-file-hint = GeoJSON (WGS 84), Shapefile terkompresi (.zip berisi .shp, .shx, .dbf, .prj), GeoPackage (.gpkg) atau gambar DXF; setiap fitur berupa area dengan properti category (untuk DXF, nama layer CAD), mis. defence_security. Berkas tanpa sistem koordinat dibaca pada bidang VN-2000 TM-3 provinsi.
layers-publish = Terbitkan untuk desa dan konsultan
layers-encoding = Pengodean teks berkas lama (dipakai bila berkas tidak punya .cpg)
upload-progress = Kemajuan unggahan
import-title = Impor layer
import-progress = Kemajuan impor
import-running = membaca dan memeriksa fitur; halaman ini memperbarui dirinya.
import-done = Diimpor
import-failed = Impor gagal dan tidak ada yang disimpan:
import-interrupted = server yang menjalankannya berhenti sebelum selesai. Unggah berkas itu lagi.
import-back = Kembali ke daftar layer
layers-no-file = Pilih berkas: GeoJSON, Shapefile terkompresi, GeoPackage atau DXF.
event-conflict-accepted = Konflik diterima
landuse-accept = Terima konflik
landuse-accepted = Diterima
landuse-accepted-by = Diterima oleh
landuse-not-checked = Belum diperiksa (lapisan belum diterbitkan)
ogc-title = Data geospasial terbuka (OGC API – Features)
ogc-intro = Data geospasial provinsi untuk perangkat lunak GIS (QGIS, ArcGIS, GDAL) dan untuk dibaca di sini: batas desa dan peta penggunaan lahan dari rencana yang telah disahkan; staf yang masuk juga melihat lapisan sektoral. Tambahkan alamat ini ke perangkat lunak GIS Anda sebagai koneksi "OGC API – Features".
ogc-collections = Koleksi
ogc-conformance = Kelas kesesuaian
ogc-conformance-intro = Bagian standar OGC API – Features yang diterapkan server ini.
ogc-api-definition = Definisi API (OpenAPI)
ogc-as-json = Halaman ini sebagai JSON
ogc-as-geojson = Fitur-fitur ini sebagai GeoJSON
ogc-browse = Lihat fitur
ogc-units-title = Unit setingkat desa
ogc-units-description = Batas unit setingkat desa setelah penataan tahun 2025 (WGS 84).
ogc-landuse-title = Peta penggunaan lahan dari rencana yang disahkan
ogc-landuse-description = Zona pada peta penggunaan lahan terbaru dari setiap rencana yang telah disahkan (WGS 84).
ogc-collection-title = Judul
ogc-collection-id = Pengenal
ogc-collection-description = Deskripsi
ogc-features = Fitur
ogc-extent = Cakupan (bujur, lintang)
ogc-items-shown = Fitur { $from }–{ $to } dari { $matched }
ogc-map = Peta fitur di halaman ini
ogc-feature-id = Fitur
ogc-properties = Properti
ogc-property = Properti
ogc-value = Nilai
ogc-item-as-geojson = Fitur ini sebagai GeoJSON

# Why a move of the dossier page cannot be made yet
blocker-role = peran Anda tidak boleh melakukan ini
blocker-last-event-after-today = peristiwa terakhir berkas bertanggal { $date }, setelah hari ini

# Rapat, pemantauan arahan dan kotak masuk (isu 13).
nav-meetings = Rapat dan arahan
nav-inbox = Kotak masuk
meetings-title = Rapat dan arahan
meetings-intro = Rapat evaluasi provinsi, kesimpulannya dan arahan yang diberikan. Pantau pelaksanaannya:
meetings-none = Belum ada rapat.
col-meeting = Rapat
col-directive = Arahan
col-assignee = Pelaksana
col-done-on = Selesai pada
col-evidence = Hasil, bukti
col-addressed = Instansi yang ditugasi
meeting-state-draft = dalam persiapan
meeting-state-scheduled = terjadwal
meeting-state-in-progress = sedang berlangsung
meeting-state-closed = selesai
meeting-kind = Bentuk
meeting-kind-in_person = tatap muka
meeting-kind-online = daring
meeting-kind-hybrid = tatap muka dan daring
meeting-connected = titik terhubung:
meeting-venue = Tempat
meeting-chair = Dipimpin oleh
meeting-report-then = Laporan kemajuan seperti yang dilihat rapat
meeting-conclusions = Kesimpulan
meeting-no-conclusions = Belum ada kesimpulan.
meeting-amended = diralat pada
meeting-directives = Arahan dan pelaksanaannya
task-status-open = berjalan
task-status-late = terlambat
task-status-done = selesai
task-status-cancelled = dibatalkan
tracker-title = Pemantauan arahan
tracker-as-of = Per tanggal
tracker-all = semua
tracker-show = Tampilkan
tracker-summary = Per arahan, per tanggal
tracker-escalated = Terlambat, perlu perhatian pimpinan
tracker-working-days-late = hari kerja terlambat
tracker-tasks = Tugas
tracker-none = Tidak ada tugas yang sesuai.
inbox-title = Kotak masuk instansi Anda
inbox-overdue = Terlambat
inbox-due-soon = Jatuh tempo dalam 7 hari
inbox-later = Berjalan
inbox-nothing = Tidak ada.
inbox-report-done = Laporkan selesai

# Sectoral information requests (issue 13, item 4).
request-topic-forest-protection = batas hutan dan hutan lindung
request-topic-defence-land = lahan pertahanan dan keamanan
request-topic-heritage = situs cagar budaya
request-topic-minerals = wilayah mineral
request-topic-hazard-zones = zona rawan bencana
request-topic-transport-irrigation = koridor jalan dan irigasi
request-topic-development-projects = proyek pembangunan
request-topic-other = informasi lain
