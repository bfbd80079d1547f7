import WardenEngine
import WardenPolicy

/// The report's inline SVG charts: open violations per app and by age, stacked by severity.
extension HTMLReport {
    /// Bar colours per severity; the legend, counts and tooltips carry the same facts as text.
    static let colors: [Severity: String] = [.critical: "#b42318", .high: "#c4470b", .medium: "#a15c07", .low: "#2e5aac"]

    /// Age buckets, as (label, upper bound in seconds; nil for the last).
    static let ageBuckets: [(label: String, below: Int64?)] = [
        ("under 1 day", 86_400), ("1–3 days", 3 * 86_400), ("3–7 days", 7 * 86_400), ("7 days or more", nil),
    ]

    static func appChart(_ report: OwnerReport) -> String {
        var byApp: [String: [Int]] = [:]
        for item in report.items {
            let label = item.violation.app == nil ? "(no app)" : item.appLabel
            byApp[label, default: Array(repeating: 0, count: Severity.allCases.count)][item.violation.severity.rank] += 1
        }
        let rows = byApp.map { (label: $0.key, counts: $0.value) }.sorted { a, b in
            let x = a.counts.reduce(0, +), y = b.counts.reduce(0, +)
            return x != y ? x > y : a.label < b.label
        }
        return figure("Open violations per app", stackedBars(rows))
    }

    static func ageChart(_ report: OwnerReport) -> String {
        var rows = ageBuckets.map { (label: $0.label, counts: Array(repeating: 0, count: Severity.allCases.count)) }
        for item in report.items {
            let bucket = ageBuckets.firstIndex { $0.below.map { item.age.seconds < $0 } ?? true }!
            rows[bucket].counts[item.violation.severity.rank] += 1
        }
        return figure("Age of open violations", stackedBars(rows))
    }

    private static func figure(_ caption: String, _ svg: String) -> String {
        "<figure class=\"chart\">\n<figcaption>\(caption)</figcaption>\n\(svg)</figure>\n"
    }

    /// Horizontal bars, one per row, each split into severity segments (critical first), with the
    /// count written in each segment wide enough to hold it and the total at the end of the bar.
    private static func stackedBars(_ rows: [(label: String, counts: [Int])]) -> String {
        let width = 540, labelWidth = 150, barX = 158, barMax = 330, top = 34, rowHeight = 28, barHeight = 18
        let height = top + rows.count * rowHeight
        let most = max(1, rows.map { $0.counts.reduce(0, +) }.max() ?? 1)
        let summary = rows.map { "\($0.label): \($0.counts.reduce(0, +))" }.joined(separator: ", ")
        var s = "<svg viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"\(esc(summary))\">\n"
        for (i, severity) in Severity.allCases.enumerated() {
            let x = i * 96
            s += "<rect x=\"\(x)\" y=\"4\" width=\"12\" height=\"12\" rx=\"2\" fill=\"\(colors[severity]!)\"/>"
            s += "<text class=\"legend\" x=\"\(x + 18)\" y=\"14\">\(ReportWording.title(severity))</text>\n"
        }
        for (r, row) in rows.enumerated() {
            let y = top + r * rowHeight, mid = y + barHeight / 2 + 4
            s += "<text class=\"label\" x=\"\(labelWidth)\" y=\"\(mid)\" text-anchor=\"end\">\(esc(clipped(row.label)))</text>\n"
            var done = 0
            for (severity, n) in zip(Severity.allCases, row.counts) where n > 0 {
                let x0 = barX + done * barMax / most, x1 = barX + (done + n) * barMax / most
                done += n
                s += "<rect x=\"\(x0)\" y=\"\(y)\" width=\"\(max(1, x1 - x0))\" height=\"\(barHeight)\" fill=\"\(colors[severity]!)\">"
                s += "<title>\(esc(row.label)): \(n) \(severity.rawValue)</title></rect>"
                if x1 - x0 >= 8 * String(n).count + 6 {
                    s += "<text class=\"in\" x=\"\((x0 + x1) / 2)\" y=\"\(mid)\" text-anchor=\"middle\">\(n)</text>"
                }
                s += "\n"
            }
            s += "<text class=\"total\" x=\"\(barX + done * barMax / most + 6)\" y=\"\(mid)\">\(done)</text>\n"
        }
        return s + "</svg>\n"
    }

    /// At most 22 characters, with an ellipsis when cut (the tooltip and table keep the full name).
    private static func clipped(_ label: String) -> String {
        label.count <= 22 ? label : String(label.prefix(21)) + "…"
    }
}
