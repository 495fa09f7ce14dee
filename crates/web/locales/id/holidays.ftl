# plantrack — hari libur nasional Vietnam (Undang-Undang Ketenagakerjaan 2019, Pasal 112), menurut kunci kalender.
holiday-new_year = Tahun Baru Masehi
# $day: 0 is the last day of the lunar year, 1–4 the 1st to 4th of the first lunar month.
holiday-tet = { $day ->
    [0] Tahun Baru Imlek (hari terakhir tahun lunar)
    [1] Tahun Baru Imlek (hari ke-1)
    [2] Tahun Baru Imlek (hari ke-2)
    [3] Tahun Baru Imlek (hari ke-3)
   *[4] Tahun Baru Imlek (hari ke-4)
}
holiday-hung_kings = Hari Peringatan Raja-Raja Hùng
holiday-reunification_day = Hari Reunifikasi
holiday-labour_day = Hari Buruh Internasional
holiday-national_day = Hari Nasional
holiday-compensatory = Cuti pengganti
