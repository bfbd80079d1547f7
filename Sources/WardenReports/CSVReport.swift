import WardenEngine
import WardenPolicy

/// Owner reports as CSV (RFC 4180): a header row, then one row per open violation.
public enum CSVReport {
    /// The columns, in order (documented in `docs/report-schema.md`).
    public static let columns = [
        "report_owner", "id", "severity", "kind", "summary", "user_id", "user_email", "app", "app_name", "role", "owner",
        "via_escalation", "escalated_to", "escalated_at", "detected_at", "age", "age_seconds", "due_at", "evidence",
    ]

    /// One owner's report; a report with nothing open is the header row alone.
    public static func render(_ report: OwnerReport) -> String {
        render([report])
    }

    /// Several reports under one header row (each row names its report's owner).
    public static func render(_ reports: [OwnerReport]) -> String {
        var out = line(columns)
        for report in reports {
            for item in report.items { out += line(row(item, owner: report.owner.id)) }
        }
        return out
    }

    private static func row(_ item: OwnerReport.Item, owner: String) -> [String] {
        let v = item.violation
        return [
            owner, v.id, v.severity.rawValue, v.kind.rawValue, v.summary, v.user?.id ?? "", v.user?.email ?? "", v.app ?? "",
            item.appName ?? "", v.role ?? "", v.owner.id, item.viaEscalation ? "true" : "false", v.escalatedTo?.id ?? "",
            v.escalatedAt?.iso8601 ?? "", v.detectedAt.iso8601, ReportWording.age(item.age), String(max(0, item.age.seconds)),
            v.dueAt?.iso8601 ?? "", JSONValue.object(item.evidence.map { ($0.key, JSONValue.string($0.value)) }).compactText,
        ]
    }

    private static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// A field quoted when it holds a comma, quote or line break (quotes doubled). A field that a
    /// spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR first) gets a leading `'`.
    static func field(_ s: String) -> String {
        var s = s
        if let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { s = "'" + s }
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return s }
        return "\"" + s.replacing("\"", with: "\"\"") + "\""
    }
}
