# The daily digest an organisation receives by mail (issue 13, item 6).
digest-subject = [plantrack] Tugas per { $date }: { $overdue } terlambat, { $soon } segera jatuh tempo
digest-greeting = Yth. { $organisation },
digest-intro = Tugas yang diberikan kepada organisasi Anda per { $date }:
digest-section-overdue = Terlambat ({ $count })
digest-section-due-soon = Jatuh tempo dalam 7 hari ke depan ({ $count })
digest-section-replies = Dilaporkan kemarin ({ $count })
digest-item-overdue = { $text } — tenggat { $due }, { $late ->
    [0] lewat tenggat
   *[other] terlambat { $late } hari kerja
}
digest-item-due-soon = { $text } — tenggat { $due }
digest-item-reply = { $text } — { $status } pada { $on }
digest-status-done = selesai
digest-status-cancelled = dibatalkan
digest-footer = Dikirim otomatis oleh plantrack setiap hari. Silakan laporkan tugas Anda di kotak masuk organisasi Anda di plantrack.
