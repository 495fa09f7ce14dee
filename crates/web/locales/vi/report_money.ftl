# Issue 14: the money and the consultants in the progress report (figures of issue 16).
report-section-money = Kinh phí và đơn vị tư vấn
report-money-summary = Theo { $decisions } quyết định phân bổ: đã phân bổ { $allocated }, đã ký hợp đồng tư vấn { $contracted }, đã thanh toán { $paid }.
report-money-missing = { $count } xã, phường đã đến bước cần hợp đồng tư vấn nhưng chưa ký: { $units }.
report-sheet-money = Kinh phí
report-table-money = Kinh phí theo quyết định phân bổ (đồng)
report-col-total-vnd = Tổng kinh phí (đồng)
report-col-allocated-vnd = Đã phân bổ (đồng)
report-col-contracted-vnd = Đã ký hợp đồng (đồng)
report-col-paid-vnd = Đã thanh toán (đồng)
report-capacity-summary = { $firms } đơn vị tư vấn đang đảm nhận { $held } trong { $open } quy hoạch đang lập; { $without } quy hoạch chưa có đơn vị tư vấn. { $over } đơn vị có chủ nhiệm đồ án vượt giới hạn { $limit } quy hoạch cùng lúc.
report-capacity-expires = Chứng chỉ số { $number } của { $holder } hết hạn ngày { $date }, trong khi đang thực hiện quy hoạch của { $unit }.
report-capacity-expired = Chứng chỉ số { $number } của { $holder } đã hết hạn từ ngày { $date }, trong khi đang thực hiện quy hoạch của { $unit }.
report-sheet-firms = Đơn vị tư vấn
report-table-firms = Năng lực các đơn vị tư vấn
