# plantrack — baris perintah (crates/app/src/cli): pesan, judul kolom, dan penolakan.

## Umum
cli-error = Kesalahan: { $message }
cli-internal-error = Kesalahan: data tersimpan atau basis data bermasalah, perintah tidak dapat dijalankan. Rincian teknis ada di baris log di atas; beri tahu administrator sistem (plantrack audit memeriksa riwayat).
cli-check-stopped = pemeriksaan terhenti: { $error }
cli-active = aktif

## Judul kolom tabel
cli-col-id = id
cli-col-username = nama pengguna
cli-col-name = nama
cli-col-role = peran
cli-col-organisation = organisasi
cli-col-created = dibuat
cli-col-status = status
cli-col-kind = jenis
cli-col-province = provinsi
cli-col-unit = unit
cli-col-user = pengguna
cli-col-label = label
cli-col-last-used = terakhir dipakai
cli-col-date = tanggal
cli-col-holiday = hari libur
cli-col-plan-type = jenis rencana
cli-col-stage = tahap
cli-col-due = tenggat
cli-col-event = peristiwa
cli-col-who = pelaku
cli-col-why = alasan
cli-col-zone = zona
cli-col-problem = masalah
cli-col-area = luas m²
cli-col-lon-lat = bujur, lintang
cli-col-land-use = penggunaan lahan
cli-col-share = porsi
cli-col-per-person = m²/orang
cli-col-norm = norma
cli-col-assessment = penilaian
cli-col-facility = fasilitas
cli-col-layer = lapisan
cli-col-features = fitur
cli-col-conflicts = konflik
cli-col-constraint = batasan
cli-col-category = kategori
cli-col-verdict = putusan
cli-col-of-zone = dari zona
cli-col-department = dinas
cli-col-key = kunci
cli-col-owner = pemilik
cli-col-latest = terbaru
cli-col-published = diterbitkan
cli-col-count = jumlah
cli-col-overdue = terlambat
cli-col-due-soon = segera jatuh tempo
cli-col-on-hold = ditangguhkan
cli-col-days-late = hari terlambat
cli-col-version = versi
cli-col-country = negara
cli-col-stages = tahap
cli-col-time-limits = batas waktu
cli-col-code = kode
cli-col-merged-from = digabung dari

## plantrack migrate
cli-migrate-up-to-date = Basis data sudah mutakhir.
cli-migrate-applied = { $count } migrasi diterapkan: { $list }.
cli-migrate-app-role = Peran { $role } diberi tepat hak yang dibutuhkan aplikasi: membaca, menulis tabel keadaan kini, dan hanya menambah riwayat peristiwa (tidak pernah mengubah atau menghapus peristiwa).

## plantrack demo, plantrack serve --demo
cli-demo-step = demo: { $step }
cli-demo-loaded = Demo Lai Châu dimuat: { $units } unit, { $plans } rencana, { $events } peristiwa; tanggal rapat { $date }.
cli-demo-mode-banner = === DEMO LAI CHÂU — akun contoh, bukan untuk pekerjaan nyata ===
cli-demo-users = { $role }: { $users }
cli-demo-password = Kata sandi (sama untuk semua akun contoh): { $password }
cli-demo-password-earlier = Kata sandi: dicetak saat akun contoh dibuat (jalankan pertama pada basis data ini).
cli-demo-open = Buka di peramban: http://{ $addr }
cli-demo-today = Hari ini dalam demo: { $today }, setelah rapat provinsi tanggal { $meeting } (ubah dengan --demo-today YYYY-MM-DD).
cli-demo-accounts = Akun menurut peran:
cli-demo-more = … ({ $count } akun seluruhnya)
cli-serve-swept = Penyimpanan dokumen dibersihkan: { $partial } unggahan tidak lengkap dan { $unreferenced } berkas tanpa rujukan dihapus ({ $size }).
cli-serve-open = plantrack: buka http://{ $addr } di peramban
cli-documents-unusable = Penyimpanan dokumen { $location } tidak dapat digunakan: { $error }

## plantrack audit
cli-audit-progress = { $count } peristiwa diperiksa
cli-audit-intact = Riwayat utuh: { $dossiers } berkas, { $events } peristiwa; digest { $digest }
cli-audit-broken = RUSAK: berkas { $dossier } peristiwa { $seq }: { $problem }
cli-audit-broken-row = RUSAK: berkas { $dossier } peristiwa { $seq } (baris { $row }): { $problem }
cli-audit-broken-error = riwayat rusak pada berkas { $dossier } peristiwa { $seq }
cli-audit-projection-more = … dan { $count } perbedaan lagi (lihat --format json)
cli-audit-projection-error = { $count } perbedaan antara tabel keadaan kini dan riwayat peristiwa
cli-audit-anchored = Jangkar ditambahkan ke { $file } pada { $at }: { $dossiers } berkas, { $events } peristiwa; digest { $digest }
cli-audit-anchor-refused = riwayat tidak utuh, jadi tidak ada jangkar yang ditulis
cli-audit-anchor-extends = Riwayat melanjutkan jangkar { $at } ({ $dossiers } berkas, digest { $digest })
cli-audit-anchor-gone = HILANG: berkas { $dossier } (dijangkar sampai peristiwa { $seq }) kini tanpa peristiwa
cli-audit-anchor-shorter = DIMUNDURKAN: berkas { $dossier } kini berakhir pada peristiwa { $now }; dijangkar sampai peristiwa { $seq }
cli-audit-anchor-rewritten = DITULIS ULANG: berkas { $dossier }, peristiwa { $seq } tidak lagi memiliki hash yang dijangkar
cli-audit-anchor-error = riwayat tidak melanjutkan jangkar { $at }: { $count } berkas dimundurkan atau ditulis ulang ({ $dossiers })
cli-anchor-file-io = tidak dapat membaca atau menulis file jangkar { $file }: { $error }
cli-anchor-file-empty = file jangkar { $file } tidak berisi jangkar
cli-anchor-file-malformed = baris { $line } file jangkar { $file } bukan jangkar: { $error }
cli-anchor-file-inconsistent = baris { $line } file jangkar { $file } tidak sesuai dengan digest-nya sendiri: baris itu telah diubah

## plantrack user, plantrack token
cli-password-prompt = Kata sandi (satu baris; tidak disembunyikan saat diketik):
cli-password-missing = tidak ada kata sandi di masukan standar
cli-user-disabled-on = dinonaktifkan { $date }
cli-user-disabled = { $username } dinonaktifkan: sesinya telah berakhir dan tokennya berhenti berlaku.
cli-user-enabled = Akun { $username } diaktifkan kembali: akun masuk dengan kata sandinya seperti sebelumnya.
cli-password-new-shown = Kata sandi baru untuk { $username }; ditampilkan sekali, di bawah, dan hanya disimpan sebagai hash:
cli-password-changed = Kata sandi { $username } diubah; sesinya telah berakhir.
cli-org-kind-mismatch = organisasi '{ $name }' sudah ada dan berjenis { $kind }, bukan { $wanted }
cli-org-other-province = organisasi '{ $name }' sudah ada di provinsi { $province }, bukan { $wanted }
cli-org-missing = organisasi '{ $name }' tidak ada; untuk membuatnya, tambahkan --new-organisation-kind JENIS --province KODE [--unit KODE] (`plantrack user organisations` menampilkan yang sudah ada)
cli-role-needs-kind = peran { $role } milik organisasi berjenis { $kind }, bukan { $given }
cli-role-wrong-org = peran { $role } milik organisasi berjenis { $kind }, sedangkan '{ $name }' berjenis { $given }
cli-org-created = Organisasi { $name } dibuat ({ $kind }, provinsi { $province }).
cli-user-created = Akun { $username } ({ $role }) dibuat di { $organisation }.
cli-service-account = akun layanan
cli-service-account-created = Akun layanan { $username } ({ $role }) dibuat di { $organisation }: tanpa kata sandi; buat token untuknya dengan plantrack token create.
cli-user-password-shown = Kata sandinya ditampilkan sekali, di bawah, dan hanya disimpan sebagai hash:
cli-token-created = Token { $id } untuk { $username } ({ $label }); rahasianya ditampilkan sekali, di bawah, dan hanya disimpan sebagai hash. Kirim sebagai `Authorization: Bearer <rahasia>`.
cli-token-never = belum pernah
cli-token-revoked-on = dicabut { $date }
cli-token-revoked = Token { $id } dicabut.

## plantrack calendar
cli-year-out-of-range = tahun harus antara 1950 dan 2100
cli-day-off = hari libur
cli-working-day = hari kerja
cli-working-days = { $count } hari kerja pada { $year }
cli-note-required = --note harus menyebutkan alasannya
cli-override-set = { $date }: ditetapkan
cli-override-removed = { $date }: dihapus
cli-no-override = { $date } tidak memiliki pengaturan khusus

## plantrack dossier
cli-dossier-title = berkas { $id } — rencana { $plan } — { $template } v{ $version }
cli-dossier-stage = tahap: { $stage } (sejak { $since }), status: { $status }
cli-dossier-due = tenggat: { $due }
cli-dossier-consultant = konsultan: { $name }
cli-dossier-funding = pendanaan: { $amount } ({ $decision } tanggal { $date })
cli-dossier-document = dokumen: { $kind } — { $title } ({ $date })
cli-dossier-moved = berkas { $id }: { $event } → tahap { $stage } (versi { $version })

## plantrack check
cli-check-plan = rencana: { $file }
cli-check-reading = membaca { $file }
cli-check-bad-meridian = --meridian { $meridian }: meridian Vietnam terletak antara 100° dan 112°
cli-check-no-meridian = meridian TM-3 untuk provinsi { $province } tidak diketahui; berikan dengan --meridian (derajat)
cli-check-meridian-unconfirmed = Catatan: provinsi { $province } diukur pada zona { $meridian }° dari bekas provinsi tempat pusat pemerintahannya, belum dikonfirmasi provinsi sejak penataan 2025; peta yang dibuat sebelum 01/07/2025 di { $others } berada di zona lain — berikan --meridian.
cli-check-no-layers = { $folder }: tidak ada lapisan di folder ({ $extensions })
cli-check-checking = memeriksa { $count } lapisan
cli-check-zones-valid = Zona: valid, tidak ada yang tumpang tindih.
cli-check-coverage = Cakupan: unit { $unit } m², zona { $zones } m², tertinggal { $left } m², di luar { $outside } m².
cli-check-ok = memenuhi
cli-check-below-norm = DI BAWAH NORMA
cli-check-services-ok = Layanan: setiap zona permukiman berada dalam jangkauan setiap fasilitas dan jaringan jalan.
cli-check-summary = { $zones } zona, { $area } m², diperiksa dalam { $crs } terhadap { $layers } lapisan: { $forbidden } terlarang, { $consult } perlu konsultasi.
cli-check-layer-checked = diperiksa
cli-check-no-conflict = Tidak ada konflik.
cli-check-empty-file = { $file }: berkas kosong (0 bita); tidak ada yang diperiksa
cli-check-no-zones = { $file }: rencana tidak memiliki zona untuk diperiksa
cli-check-empty-layer = { $file }: lapisan tidak memiliki fitur, jadi tidak ada yang diperiksa terhadapnya
cli-check-invalid-zones = Peringatan: { $count } zona memiliki geometri tidak sah (memotong diri, dasi kupu-kupu) dan tidak ditumpangkan: { $zones }
cli-check-invalid-features = Peringatan: lapisan { $layer } memiliki { $count } fitur dengan geometri tidak sah, tidak ditumpangkan
cli-check-dropped-small = Lapisan { $layer }: { $count } tumpang tindih di bawah luas minimum tidak dihitung sebagai konflik (total { $area } m²)
cli-check-no-conflict-among-valid = Tidak ada konflik di antara fitur yang sah; { $count } fitur dengan geometri tidak sah tidak diperiksa.
cli-verdict-forbidden = terlarang
cli-verdict-consult = konsultasi
cli-verdict-allowed = diizinkan

## plantrack layers
cli-layers-importing = mengimpor { $file }
cli-layers-imported = { $key }: versi { $version } dengan { $features } fitur
cli-layers-imported-published = { $key }: versi { $version } dengan { $features } fitur, diterbitkan

## plantrack progress
cli-progress-title = Kemajuan — { $date } — { $total } berkas
cli-progress-known-on = Sesuai data yang tercatat sampai { $time } (untuk mencetak ulang laporan ini: --as-known-on { $time })
cli-progress-digest = Digest riwayat { $digest } (sama dengan yang dicetak `plantrack audit verify` dan jangkar tersimpan bila laporan ini dihitung dari riwayat yang sama)
cli-progress-overdue = Terlambat:

## plantrack templates
cli-limit-days = ≤{ $length } hari
cli-limit-working-days = ≤{ $length } hari kerja
cli-limit-months = ≤{ $length } bulan
cli-template-added = { $key } v{ $version }: ditambahkan
cli-template-present = { $key } v{ $version }: sudah ada

## plantrack units
cli-units-no-file = berikan setidaknya satu file untuk diimpor
cli-units-imported = { $file }: { $units } unit, { $boundaries } batas wilayah, { $lineage } entri riwayat penggabungan
cli-unit-area = luas: { $area } km²

# The database is older than this build
cli-not-migrated = Basis data perlu { $pending } migrasi. Jalankan `plantrack migrate` terlebih dahulu.
# The access policy refused
cli-denied = Akun ini tidak boleh melakukan ini (di luar cakupan atau perannya).

## plantrack backup, plantrack restore
cli-backup-done = Dicadangkan ke { $file }: { $tables } tabel, { $rows } baris, { $documents } dokumen ({ $bytes } bita, skema { $schema }).
cli-backup-file = tidak dapat membaca atau menulis { $file }: { $error }
cli-backup-no-documents = peringatan: folder dokumen { $folder } tidak ada, jadi cadangan tidak berisi dokumen; jika server menyimpannya di tempat lain, sebutkan folder itu dengan --documents atau PLANTRACK_DOCUMENTS
cli-backup-document-damaged = dokumen { $sha256 } tidak lagi cocok dengan hash isinya: penyimpanan dokumen rusak, tidak ada cadangan yang ditulis
cli-backup-not-migrated = basis data belum pernah dimigrasikan: tidak ada yang dapat dicadangkan
cli-restore-done = { $file } (dicadangkan { $taken } dari { $from }) dipulihkan ke { $to }: { $tables } tabel, { $rows } baris, { $documents } dokumen.
cli-restore-not-a-backup = { $file } bukan cadangan plantrack; tidak ada yang dipulihkan
cli-restore-damaged = cadangan rusak atau terpotong ({ $error }); tidak ada yang dipulihkan
cli-restore-newer-format = cadangan ditulis dalam format { $found }, lebih baru daripada yang dapat dibaca plantrack ini ({ $supported }); pulihkan dengan versi yang membuatnya
cli-restore-newer-schema = skema basis data cadangan ({ $backup }) lebih baru daripada skema plantrack ini ({ $build }); pulihkan dengan plantrack yang sama baru atau lebih baru; tidak ada yang dipulihkan
cli-restore-database-not-empty = basis data tujuan tidak kosong (tabel { $table } berisi data); pulihkan ke basis data baru yang kosong; tidak ada yang dipulihkan
cli-restore-schema-differs = basis data tujuan pada skema { $target }, cadangan pada skema { $backup }; pulihkan ke basis data baru yang belum pernah dimigrasikan; tidak ada yang dipulihkan
cli-restore-mismatch = basis data tujuan tidak memiliki { $what }, yang ada di cadangan; tidak ada yang dipulihkan

# Rapat, arahan, tugas dan hambatan (isu 13).
cli-col-title = judul
cli-col-directive = arahan
cli-col-assignee = pelaksana
cli-col-done-on = selesai pada
cli-col-since = sejak
cli-col-lifted = diatasi pada
cli-col-blocker = hambatan
cli-meeting-draft = dalam persiapan
cli-meeting-scheduled = terjadwal
cli-meeting-in-progress = sedang berlangsung
cli-meeting-closed = selesai
cli-meeting-created = Rapat { $id } tanggal { $date } dibuat (dalam persiapan; undangan belum dikirim).
cli-meeting-recurs = Berulang setiap { $every } hari sampai { $until }; rapat berikutnya: { $next }
cli-meeting-does-not-recur = Rapat tidak lagi berulang: menutupnya tidak menyiapkan rapat berikutnya.
cli-directive-given = Arahan { $id } diberikan: { $tasks } tugas, batas waktu { $due }.
cli-task-open = berjalan
cli-task-done = selesai
cli-task-late = terlambat
cli-task-cancelled = dibatalkan
cli-blocker-higher-plan = menunggu arahan atau rencana tingkat atas
cli-blocker-sectoral-information = menunggu informasi sektoral dari dinas
cli-blocker-consultant-capacity = kapasitas konsultan
cli-blocker-funding = pendanaan
cli-blocker-land-dispute = sengketa lahan atau batas wilayah
cli-blocker-other = lainnya
cli-blocker-recorded = Hambatan { $id } dicatat: { $category }.
cli-blocker-lifted = Hambatan { $id } diatasi per { $date }.
cli-audit-follow-up-intact = Rapat, arahan, tugas, hambatan dan permintaan informasi: { $events } peristiwa, semua rantai utuh.
cli-audit-follow-up-missing = Riwayat tindak lanjut provinsi { $province } kehilangan peristiwa tepat sebelum peristiwa { $seq }.
cli-audit-follow-up-unlinked = Riwayat tindak lanjut provinsi { $province }: peristiwa { $seq } tidak menyambung peristiwa sebelumnya.
cli-audit-follow-up-changed = Riwayat tindak lanjut provinsi { $province }: peristiwa { $seq } diubah setelah ditulis.
cli-col-stage-check = dibanding plantrack
cli-col-next-step = perkiraan langkah berikutnya
cli-col-meeting = rapat
cli-col-note = catatan
cli-reply-answered = sudah dijawab
cli-reply-answered-late = dijawab terlambat
cli-reply-awaited = menunggu jawaban
cli-reply-missing = belum dijawab (terlambat)
cli-stage-check-matches = sesuai
cli-stage-check-differs = berbeda
cli-stage-check-no-dossier = belum ada berkas
cli-status-call-head = Permintaan laporan status { $id }, dikirim { $asked }, batas jawaban { $due }:
cli-status-answered = Jawaban { $organisation } dicatat (tahap dibanding plantrack: { $check }).
cli-agenda-open = belum dibahas
cli-agenda-done = selesai
cli-agenda-carried = dibawa ke rapat berikutnya
cli-meeting-attendance = Hadir { $came } dari { $invited } instansi yang diundang.

# Sectoral information requests (issue 13, item 4).
cli-col-topics = informasi yang diminta
cli-col-asked-on = tanggal permintaan
cli-col-closed-on = tanggal dijawab atau ditarik
cli-col-requests = permintaan
cli-col-answered = dijawab
cli-col-open = belum dijawab
cli-col-late = terlambat
cli-col-median-days = hari menjawab (median)
cli-col-share-late = porsi terlambat
cli-request-late = lewat batas waktu, belum dijawab
cli-request-asked = { $count } permintaan informasi dikirim ke { $department }, batas waktu { $due }.
cli-request-answered = Jawaban atas permintaan { $id } dicatat per { $date }.
cli-request-delayed = Keterlambatan permintaan { $id } dijelaskan; jawaban diperkirakan { $date }.
cli-request-withdrawn = Permintaan { $id } ditarik per { $date }.

# Kontak organisasi dan ringkasan harian
cli-col-email = surel
cli-col-language = bahasa
cli-col-replies = laporan
cli-org-contact-set = { $organisation }: ringkasan harian ke { $email }, dalam bahasa { $language }.
cli-digest-day = Ringkasan tanggal { $date }:
cli-digest-sent = terkirim
cli-digest-would-send = akan dikirim
cli-digest-no-address = dilewati: belum ada alamat surel
cli-digest-empty = dilewati: tidak ada yang perlu dilaporkan
cli-digest-already-sent = dilewati: sudah dikirim hari itu
cli-digest-failed = gagal: { $why }
cli-digest-bad-mail = Pengaturan server surel salah: { $error }
cli-digest-mail-off = Server surel belum dikonfigurasi (PLANTRACK_SMTP_HOST); gunakan --dry-run untuk melihat apa yang akan dikirim.
cli-digest-some-failed = { $count } ringkasan tidak dapat dikirim melalui server surel { $server }; akan dicoba lagi pada proses berikutnya.
cli-mail-no-sender = PLANTRACK_MAIL_FROM harus berisi alamat pengirim bila PLANTRACK_SMTP_HOST diatur.
cli-mail-half-credentials = PLANTRACK_SMTP_USER dan PLANTRACK_SMTP_PASSWORD harus diatur bersama.
cli-mail-bad-address = alamat surel tidak sah ({ $error }).

# plantrack report
cli-report-unknown-format = format "{ $format }" tidak didukung; pilih salah satu dari docx, pdf, xlsx, csv. Tidak ada berkas yang ditulis.
cli-report-failed = laporan tidak dapat dibuat: { $error }. Tidak ada berkas yang ditulis.
cli-report-written = Laporan { $format } ditulis ke { $file } ({ $bytes } bita).
# Prakiraan (issue 14)
cli-col-dossier = berkas
cli-col-p-meet = peluang tepat waktu
cli-col-p10 = cepat (P10)
cli-col-p50 = paling mungkin (P50)
cli-col-p90 = lambat (P90)
cli-col-decile = rentang peluang
cli-col-predicted = rata-rata prakiraan
cli-col-observed = kenyataan
cli-forecast-title = Prakiraan persetujuan — per { $date } — target { $target } ({ $from }) — { $count } berkas belum disetujui, { $approved } sudah disetujui
cli-forecast-target-given = target pilihan pembaca
cli-forecast-target-directive = tenggat arahan penyelesaian rencana
cli-forecast-target-default = triwulan I 2026
cli-forecast-estimate = Ini perkiraan statistik, bukan janji: { $simulations } simulasi per berkas (benih { $seed }) dari lama setiap tahap yang tercatat di provinsi (atau seluruh negeri, atau batas waktu menurut hukum bila data belum cukup), dalam hari kerja, termasuk hari libur kalender bulan; hanya data yang tercatat sampai akhir hari itu yang dipakai.
cli-backtest-title = Uji balik: prakiraan yang dibuat { $from } untuk { $to } — { $count } berkas, { $approved } disetujui sampai saat itu
cli-backtest-brier = Skor Brier { $brier } (0 sempurna; selalu menebak angka dasar mendapat { $reference })
cli-paper-unknown-format = format "{ $format }" tidak didukung untuk berita acara dan pemberitahuan; pilih docx atau pdf. Tidak ada berkas yang ditulis.
cli-paper-unknown-section = tidak ada bagian "{ $section }"; pilih di antara { $known }, atau all, none. Tidak ada berkas yang ditulis.
cli-paper-status-before-meeting = tanggal status tidak boleh sebelum tanggal rapat, { $held_on }. Tidak ada berkas yang ditulis.
cli-paper-written = { $paper ->
    [minutes] Berita acara
   *[notice] Pemberitahuan kesimpulan
} { $format } ditulis ke { $file } ({ $bytes } bita).
cli-col-attachment = lampiran
cli-weekly-day = Laporan mingguan { $week } (per { $date }):
cli-weekly-on = { $username } akan menerima laporan kemajuan mingguan di { $email }.
cli-weekly-off = { $username } tidak lagi menerima laporan kemajuan mingguan.
cli-weekly-role-refused = { $username } (peran { $role }) tidak dapat menerima laporan mingguan: hanya akun pimpinan dan administrator yang boleh berlangganan.

# consultation (issue 15)
cli-col-round = putaran
cli-col-opens-on = dari
cli-col-closes-on = sampai
cli-col-opinions = pendapat
cli-consultation-opened = Konsultasi { $id } dibuka (putaran { $round }): warga dari { $opens } sampai { $closes }; instansi menjawab paling lambat { $agencies }.
cli-consultation-heading = Konsultasi { $id } (putaran { $round }), unit { $unit }: warga dari { $opens } sampai { $closes }; instansi menjawab paling lambat { $agencies }.
cli-consultation-consultee = Pihak { $id } ({ $name }): { $status }; tenggat { $deadline }.
cli-consultation-removed = Pihak { $id } dihapus dari daftar.
cli-consultation-silence-is-agreement = Provinsi { $province }: instansi yang tidak menjawab sampai batas waktunya dianggap setuju.
cli-consultation-silence-is-not-agreement = Provinsi { $province }: instansi yang tidak menjawab sampai batas waktunya tidak dianggap setuju (bawaan).
cli-consultation-opinion-added = Pendapat { $id } dicatat.
cli-consultation-answered = Pendapat { $id } dijawab ({ $answers } tanggapan).
cli-consultation-summarised = Ringkasan topik { $topic } telah ditulis.
cli-consultation-complete = Tabel lengkap: setiap pendapat dijawab, setiap topik diringkas.
cli-consultation-incomplete = Tabel belum lengkap: { $unanswered } pendapat belum dijawab; topik tanpa ringkasan: { $topics }.
cli-consultation-exported = { $file } ditulis ({ $rows } pendapat).

## plantrack consultation group
cli-group-unreadable = { $file }: tidak dapat dibaca: { $error }
cli-group-empty = { $file }: tidak ada pendapat untuk dikelompokkan (berkas kosong)
cli-group-not-json = { $file }, baris { $line }: bukan JSON yang sah ({ $error })
cli-group-not-object = { $file }, baris { $line }: setiap baris harus satu pendapat, sebuah objek JSON seperti {"{"}"id": "1", "text": "…"{"}"}
cli-group-no-id = { $file }, baris { $line }: pendapat tidak memiliki "id" (teks atau angka)
cli-group-no-text = { $file }, baris { $line }: pendapat tidak memiliki "text"
cli-group-duplicate = { $file }, baris { $line }: id { $id } sudah diberikan di baris { $first }
cli-group-bad-point = { $file }, baris { $line }: "lon" dan "lat" harus diberikan bersama, dalam derajat (bujur -180 sampai 180, lintang -90 sampai 90)
cli-group-summary = { $opinions } pendapat dalam { $groups } kelompok
cli-group-heading = Kelompok { $number }: { $size } pendapat
cli-group-ids = id: { $ids }
