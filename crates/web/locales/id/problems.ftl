# plantrack — galat API dan halaman (judul dan rincian dokumen problem+json).
problem-illegal-transition-title = Transisi tidak sah
problem-illegal-transition-detail = '{ $action }' tidak diizinkan saat berkas berada pada tahap '{ $stage }'.
problem-role-not-allowed-title = Peran tidak diizinkan
problem-role-not-allowed-detail = Peran '{ $role }' tidak boleh melakukan '{ $action }'. Peran yang diizinkan: { $allowed }.
problem-missing-documents-title = Dokumen wajib belum lengkap
problem-missing-documents-detail = Tahap '{ $stage }' belum dapat ditinggalkan: kurang { $missing }.
problem-wrong-status-title = Status berkas tidak sesuai
problem-wrong-status-detail = Berkas berstatus '{ $status }'; '{ $action }' tidak dapat dilakukan.
problem-version-conflict-title = Berkas telah berubah
problem-version-conflict-detail = Berkas sudah versi { $actual }; permintaan berdasarkan versi { $expected }. Muat ulang dan coba lagi.
problem-bad-date-title = Tanggal tidak diizinkan
problem-bad-date-detail = Tanggal { $date } tidak diizinkan: { $why }.
problem-invalid-field-title = Masukan tidak valid
problem-invalid-field-detail = Kolom '{ $field }': { $message }.
problem-invalid-template-title = Templat alur kerja tidak valid
problem-refused-title = Permintaan ditolak
problem-not-found-title = Tidak ditemukan
problem-duplicate-title = Sudah ada
problem-invalid-file-title = Berkas tidak valid
problem-bad-request-title = Permintaan tidak valid
problem-precondition-title = Prasyarat versi diperlukan
problem-precondition-dossier-version = Kirim versi berkas yang Anda baca (If-Match atau expected_version).
problem-method-not-allowed-title = Metode tidak diizinkan
problem-too-large-title = Isi permintaan terlalu besar
problem-too-large-detail = Batasnya 2 MiB.
problem-unauthorized-title = Perlu masuk
problem-unauthorized-detail = Silakan masuk, atau kirim token API yang sah.
problem-forbidden-title = Tidak diizinkan
# The policy's reason ($why) is written for developers, in English: this language shows a sentence of its own.
problem-forbidden-detail = Akun Anda tidak boleh melihat atau melakukan ini (di luar cakupan atau peran yang diberikan).
problem-locked-title = Akun dikunci sementara
problem-locked-detail = Terlalu banyak gagal masuk; coba lagi setelah { $until }.
problem-internal-title = Kesalahan internal
problem-internal-detail = Terjadi kesalahan; berikan id permintaan (x-request-id) kepada administrator.
# What the store looked for and did not find, or found twice.
thing-dossier = Berkas
thing-plan = Rencana
thing-unit = Wilayah
thing-template = Prosedur
thing-user = Akun
thing-organisation = Instansi
thing-token = Token
thing-decision = Keputusan
# Refusals that say more than "not allowed" (denied-<the policy's action>).
denied-create-token = Token hanya dibuat untuk akun Anda sendiri; administrator juga boleh membuatnya untuk akun layanan, tetapi tidak pernah untuk orang lain (riwayat akan mencatat nama orang itu untuk hal yang tidak dilakukannya).
denied-manage-tokens = Anda hanya boleh melihat dan mencabut token Anda sendiri.
denied-edit-calendar = Kalender kerja sebuah provinsi hanya diubah oleh pimpinan provinsi itu atau administrator.
denied-edit-national-calendar = Kalender nasional (hari libur menurut undang-undang dan pengaturan Pemerintah) hanya dimasukkan oleh operator server, melalui baris perintah.
denied-read-calendar = Anda hanya boleh membaca kalender kerja provinsi Anda sendiri.
denied-record-decision = Keputusan hanya dicatat oleh pimpinan provinsi, untuk provinsinya sendiri.
denied-read-decisions = Anda hanya boleh membaca keputusan provinsi Anda sendiri.

date-problem-in-future = tanggal itu belum tiba
date-problem-before-last-event = peristiwa terakhir berkas bertanggal { $last }, dan riwayat berjalan maju menurut waktu
date-problem-out-of-bounds = plantrack menerima tanggal dari { $earliest } sampai { $latest }
date-problem-backdated = tanggal itu { $days } hari ke belakang; perubahan boleh diberi tanggal mundur paling lama { $limit } hari, lebih dari itu hanya oleh pimpinan provinsi
