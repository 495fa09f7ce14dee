# plantrack — ngày nghỉ lễ (Bộ luật Lao động 2019, Điều 112), theo khóa của lịch.
holiday-new_year = Tết Dương lịch
# $day: 0 là ngày cuối năm âm lịch, 1–4 là mùng 1–4 Tháng Giêng.
holiday-tet = { $day ->
    [0] Tết Âm lịch (ngày cuối năm)
    [1] Tết Âm lịch (mùng 1)
    [2] Tết Âm lịch (mùng 2)
    [3] Tết Âm lịch (mùng 3)
   *[4] Tết Âm lịch (mùng 4)
}
holiday-hung_kings = Giỗ Tổ Hùng Vương
holiday-reunification_day = Ngày Chiến thắng
holiday-labour_day = Ngày Quốc tế lao động
holiday-national_day = Quốc khánh
holiday-compensatory = Nghỉ bù
