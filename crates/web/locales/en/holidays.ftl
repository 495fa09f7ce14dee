# plantrack — public holidays (Labour Code 2019, Art 112), by the calendar's key.
holiday-new_year = New Year's Day
# $day: 0 is the last day of the lunar year, 1–4 the 1st to 4th of the first lunar month.
holiday-tet = { $day ->
    [0] Lunar New Year (last day of the lunar year)
    [1] Lunar New Year (1st day)
    [2] Lunar New Year (2nd day)
    [3] Lunar New Year (3rd day)
   *[4] Lunar New Year (4th day)
}
holiday-hung_kings = Hùng Kings' Commemoration Day
holiday-reunification_day = Reunification Day
holiday-labour_day = International Labour Day
holiday-national_day = National Day
holiday-compensatory = Compensatory day off
