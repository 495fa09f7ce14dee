# Issue 14: the money and the consultants in the progress report (figures of issue 16).
report-section-money = Anggaran dan konsultan
report-money-summary = Berdasarkan { $decisions } keputusan alokasi: dialokasikan { $allocated }, dikontrakkan dengan konsultan { $contracted }, dibayar { $paid }.
report-money-missing = { $count } desa telah mencapai tahap yang memerlukan kontrak konsultan tetapi belum menandatanganinya: { $units }.
report-sheet-money = Anggaran
report-table-money = Anggaran per keputusan alokasi (VND)
report-col-total-vnd = Total (VND)
report-col-allocated-vnd = Dialokasikan (VND)
report-col-contracted-vnd = Dikontrakkan (VND)
report-col-paid-vnd = Dibayar (VND)
report-capacity-summary = { $firms } konsultan menangani { $held } dari { $open } rencana yang sedang disusun; { $without } rencana belum memiliki konsultan. { $over } konsultan memiliki ketua tim yang melebihi batas { $limit } rencana sekaligus.
report-capacity-expires = Sertifikat { $number } milik { $holder } berakhir pada { $date }, selama rencana { $unit }.
report-capacity-expired = Sertifikat { $number } milik { $holder } telah berakhir sejak { $date }, selama rencana { $unit }.
report-sheet-firms = Konsultan
report-table-firms = Kapasitas konsultan
