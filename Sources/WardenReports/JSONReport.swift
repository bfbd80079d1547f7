public import WardenPolicy
import WardenEngine

/// An owner report as JSON, in the field order documented in `docs/report-schema.md`.
public enum JSONReport {
    /// The version of the documented shape; bumped only when a field changes meaning or goes away.
    public static let schemaVersion = 1

    /// The report object: schema version, owner, times, counts, then the violations in report order.
    public static func json(_ report: OwnerReport) -> JSONValue {
        .object([
            ("schema_version", .number(Double(schemaVersion))),
            ("owner", report.owner.json),
            ("generated_at", .string(report.generatedAt.iso8601)),
            ("last_notified_at", report.lastNotified.map { .string($0.iso8601) } ?? .null),
            ("counts", .object(report.counts.map { ($0.severity.rawValue, .number(Double($0.count))) })),
            ("total", .number(Double(report.items.count))),
            ("escalated_to_owner", .number(Double(report.escalatedToOwner))),
            ("violations", .array(report.items.map(item))),
        ])
    }

    /// Compact JSON text with a final newline; the same report always gives the same bytes.
    public static func render(_ report: OwnerReport) -> String {
        json(report).compactText + "\n"
    }

    /// A violation as `warden violations --format json` prints it (SPEC §4.2), then what the report adds.
    private static func item(_ item: OwnerReport.Item) -> JSONValue {
        guard case .object(var pairs) = item.violation.json else { preconditionFailure("a violation is a JSON object") }
        pairs += [
            ("app_name", item.appName.map(JSONValue.string) ?? .null),
            ("age_seconds", .number(Double(max(0, item.age.seconds)))),
            ("age", .string(ReportWording.age(item.age))),
            ("via_escalation", .bool(item.viaEscalation)),
        ]
        return .object(pairs)
    }
}
