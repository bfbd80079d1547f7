/// A plain-text table with a header row and left-aligned columns.
struct Table {
    let headers: [String]
    var rows: [[String]] = []
    /// Columns are at least this wide (so tables printed in batches line up).
    var minimumWidths: [Int] = []

    init(_ headers: String...) { self.headers = headers }

    mutating func add(_ cells: String...) { rows.append(cells) }
    mutating func add(_ cells: [String]) { rows.append(cells) }

    var rendered: String {
        var widths = headers.enumerated().map { i, h in max(h.count, i < minimumWidths.count ? minimumWidths[i] : 0) }
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var out = ""
            for (i, cell) in cells.enumerated() {
                if i == cells.count - 1 { out += cell } else { out += cell + String(repeating: " ", count: widths[i] - cell.count + 2) }
            }
            return out
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n")
    }
}
