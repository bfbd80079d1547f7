import WardenEngine
import WardenPolicy

/// The words every report format shares, so Markdown, HTML, JSON and CSV say the same thing.
extension OwnerReport {
    /// Open violations that reached this owner by escalation.
    var escalatedToOwner: Int { items.filter(\.viaEscalation).count }

    /// "3 open violations" / "no open violations".
    var openPhrase: String {
        switch items.count {
        case 0: "no open violations"
        case 1: "1 open violation"
        case let n: "\(n) open violations"
        }
    }
}

extension OwnerReport.Item {
    /// The user's email, else their directory id, else a dash.
    var userLabel: String { violation.user?.display ?? "—" }

    /// The app's display name, else its id, else a dash.
    var appLabel: String { appName ?? violation.app ?? "—" }

    /// "escalated to you from People Systems (people-systems)" on items that reached this owner by escalation.
    var escalatedFrom: String? {
        viaEscalation ? "escalated to you from \(violation.owner.name) (\(violation.owner.id))" : nil
    }

    /// Where the violation was escalated and when: "Security Team (security), 2026-10-21 12:00 UTC", or "not escalated".
    var escalationText: String {
        guard let to = violation.escalatedTo else { return "not escalated" }
        return "\(to.name) (\(to.id))" + (violation.escalatedAt.map { ", \($0.humanMinute)" } ?? "")
    }

    /// The due time and how late it is at `now`: "2026-10-08 21:30 UTC (overdue 12d 14h)".
    func dueText(at now: Timestamp) -> String {
        guard let due = violation.dueAt else { return "—" }
        return due.humanMinute + (due < now ? " (overdue \(ReportWording.age(now - due)))" : "")
    }

    /// Evidence as key/value pairs, sorted by key.
    var evidence: [(key: String, value: String)] {
        violation.evidence.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

enum ReportWording {
    /// A duration as people say an age: "3d 4h", "5h 12m", "12m" (never negative).
    static func age(_ d: PolicyDuration) -> String {
        let s = max(0, d.seconds)
        let days = s / 86_400, hours = s % 86_400 / 3_600, minutes = s % 3_600 / 60
        if days > 0 { return hours > 0 ? "\(days)d \(hours)h" : "\(days)d" }
        if hours > 0 { return minutes > 0 ? "\(hours)h \(minutes)m" : "\(hours)h" }
        return "\(minutes)m"
    }

    /// "Critical", "High", ...
    static func title(_ s: Severity) -> String { s.rawValue.prefix(1).uppercased() + s.rawValue.dropFirst() }
}
