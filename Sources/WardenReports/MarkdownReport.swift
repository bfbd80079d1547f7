import WardenEngine
import WardenPolicy

/// An owner report as Markdown (CommonMark with GitHub tables).
public enum MarkdownReport {
    /// The report as Markdown text; the same report always gives the same bytes.
    public static func render(_ report: OwnerReport) -> String {
        let o = report.owner
        var out = ["# Open violations: \(text(o.name))", ""]
        out.append("**Owner:** \(text(o.name)) · \(code(o.id)) · \(text(o.contact))  ")
        out.append("**Generated:** \(report.generatedAt.humanMinute)  ")
        if let sent = report.lastNotified { out.append("**Last sent:** \(sent.humanMinute)  ") }
        let escalated = report.escalatedToOwner
        out.append("**Open:** \(report.openPhrase)" + (escalated > 0 ? ", \(escalated) escalated to you from other owners" : ""))
        out.append("")
        out.append("| " + Severity.allCases.map(ReportWording.title).joined(separator: " | ") + " | Total |")
        out.append("|" + String(repeating: "---:|", count: Severity.allCases.count + 1))
        out.append("| " + report.counts.map { String($0.count) }.joined(separator: " | ") + " | \(report.items.count) |")
        out.append("")
        if report.items.isEmpty {
            out.append("**No open violations.** Nothing is waiting on \(text(o.name)).")
            return out.joined(separator: "\n") + "\n"
        }
        out.append("## Violations")
        for (n, item) in report.items.enumerated() {
            out.append("")
            out += section(item, number: n + 1, at: report.generatedAt)
        }
        return out.joined(separator: "\n") + "\n"
    }

    private static func section(_ item: OwnerReport.Item, number: Int, at now: Timestamp) -> [String] {
        let v = item.violation
        var out = ["### \(number). \(v.severity.rawValue.uppercased()) · \(text(item.appLabel)) · \(text(item.userLabel))", ""]
        if let from = item.escalatedFrom { out += ["> **↑ \(text(from))**", ""] }
        out += [paragraph(v.summary), ""]
        out.append("- **Severity:** \(v.severity.rawValue)")
        out.append("- **Kind:** \(code(v.kind.rawValue))")
        out.append("- **User:** \(text(item.userLabel))")
        out.append("- **App:** \(text(item.appLabel))" + (v.app.map { " (\(code($0)))" } ?? ""))
        out.append("- **Age:** \(ReportWording.age(item.age)) (detected \(v.detectedAt.humanMinute))")
        out.append("- **Due:** \(item.dueText(at: now))")
        out.append("- **Escalation:** \(text(item.escalationText))")
        if item.evidence.isEmpty {
            out.append("- **Evidence:** none")
        } else {
            out.append("- **Evidence:**")
            for e in item.evidence { out.append("  - \(code(e.key)): \(text(e.value))") }
        }
        out.append("- **ID:** \(code(v.id))")
        return out
    }

    /// Text that renders as itself: Markdown and HTML punctuation backslash-escaped, line breaks as spaces.
    static func text(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&", "#": out += "\\\(c)"
            case "\n", "\r", "\r\n": out += " "
            default: out.append(c)
            }
        }
        return out
    }

    /// Text that starts a paragraph: also escapes a leading list, heading or thematic-break marker.
    static func paragraph(_ s: String) -> String {
        let t = text(s)
        if let first = t.first, "-+=".contains(first) { return "\\" + t }
        let digits = t.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, let mark = t.dropFirst(digits.count).first, mark == "." || mark == ")" {
            return digits + "\\" + t.dropFirst(digits.count)
        }
        return t
    }

    /// A code span that holds any text: the fence is longer than any run of backticks inside it.
    static func code(_ s: String) -> String {
        let flat = s.split(whereSeparator: \.isNewline).joined(separator: " ")
        var longest = 0, run = 0
        for c in flat {
            run = c == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = flat.hasPrefix("`") || flat.hasSuffix("`") ? " " : ""
        return fence + pad + flat + pad + fence
    }
}
