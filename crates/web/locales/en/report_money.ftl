# Issue 14: the money and the consultants in the progress report (figures of issue 16).
report-section-money = Funding and consultants
report-money-summary = Under { $decisions } allocation decisions: { $allocated } allocated, { $contracted } contracted with consultants, { $paid } paid.
report-money-missing = { $count } communes have reached a stage that needs a consultant contract and have none signed: { $units }.
report-sheet-money = Funding
report-table-money = Funding by allocation decision (VND)
report-col-total-vnd = Total (VND)
report-col-allocated-vnd = Allocated (VND)
report-col-contracted-vnd = Contracted (VND)
report-col-paid-vnd = Paid (VND)
report-capacity-summary = { $firms } consultant firms hold { $held } of the { $open } plans being prepared; { $without } plans have no firm. { $over } firms have a lead planner over the limit of { $limit } plans at once.
report-capacity-expires = Certificate { $number } of { $holder } expires on { $date }, during the plan of { $unit }.
report-capacity-expired = Certificate { $number } of { $holder } expired on { $date }, during the plan of { $unit }.
report-sheet-firms = Consultants
report-table-firms = The consultant firms' capacity
