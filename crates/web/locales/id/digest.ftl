# The daily digest an organisation receives by mail (issue 13, item 6).
digest-subject = [plantrack] Pekerjaan instansi Anda tanggal { $date }: { $overdue } terlambat, { $soon } segera jatuh tempo
digest-greeting = Yth. { $organisation },
digest-intro = Keadaan pekerjaan instansi Anda (tugas, permintaan informasi, permintaan laporan status) per { $date }:
digest-section-overdue = Terlambat ({ $count })
digest-section-due-soon = Jatuh tempo dalam 7 hari ke depan ({ $count })
digest-section-replies = Balasan baru sejak kemarin ({ $count })
digest-item-overdue = { $text } — tenggat { $due }, { $late ->
    [0] lewat tenggat
   *[other] terlambat { $late } hari kerja
}
digest-item-due-soon = { $text } — tenggat { $due }
digest-item-reply = { $text } — { $status } pada { $on }
digest-status-done = selesai
digest-status-cancelled = dibatalkan
digest-status-delayed = dinas menjelaskan keterlambatan
digest-status-answered = sudah dijawab
digest-kind-status-call = Permintaan laporan status rencana
digest-kind-request-asked = Permintaan informasi Anda
digest-kind-request-to-answer = Permintaan informasi kepada Anda
digest-kind-task = Tugas
digest-footer = Dikirim otomatis oleh plantrack setiap hari. Silakan laporkan tugas Anda di kotak masuk organisasi Anda di plantrack.

weekly-subject = Laporan kemajuan perencanaan mingguan { $week } (per { $date })
weekly-greeting = Yth. { $name },
weekly-body = Terlampir laporan kemajuan perencanaan per { $date }, dibandingkan dengan { $compare } (PDF).
weekly-footer = Dikirim setiap minggu oleh plantrack. Untuk berhenti, matikan "Laporan mingguan" di halaman akun Anda.
weekly-attachment-name = laporan-kemajuan-{ $province }-{ $date }.pdf
