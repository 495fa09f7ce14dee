# Names that only screen readers hear (issue 18): a table's or a map's scrolling box is named
# by this word and its section's heading, so that it is not a second landmark of the same name.
a11y-table = Bảng
a11y-map = Bản đồ tương tác
