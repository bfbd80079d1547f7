public import WardenPolicy

/// The one-line sentences that open each finding.
public enum Summaries {
    /// E.g. "ada@example.com left on 2026-05-20 14:00 UTC; GitHub Enterprise access was due to be removed by 18:00 UTC".
    public static func deadlineMissed(_ a: Action, appName: String) -> String {
        let who = a.user.display
        let when = a.createdAt.humanMinute
        let due = a.dueAt.day == a.createdAt.day ? a.dueAt.humanClock : a.dueAt.humanMinute
        switch a.type {
        case .deprovision where a.followsLeaverRule:
            return "\(who) left on \(when); \(appName) access was due to be removed by \(due)"
        case .suspend:
            return "\(who) was deactivated on \(when); the \(appName) account was due to be suspended by \(due)"
        case .deprovision:
            return "\(who) no longer qualifies for \(appName) since \(when) (\(a.cause.detail)); the account was due to be removed by \(due)"
        case .revoke:
            return "\(who) lost role `\(a.role ?? "")` in \(appName) on \(when) (\(a.cause.detail)); the revoke was due by \(due)"
        case .provision, .restore:
            let roles = (a.roles ?? []).map { "`\($0)`" }.joined(separator: ", ")
            return "\(who) was due to get \(appName) access (\(roles)) by \(due)"
        case .grant:
            return "\(who) was due to get role `\(a.role ?? "")` in \(appName) by \(due)"
        }
    }
}
