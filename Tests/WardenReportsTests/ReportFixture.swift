import WardenEngine
import WardenPolicy
import WardenReports
import WardenTesting

/// Violations over the bundled policies (owners `it`, `people-systems`, `security`, ...), at a fixed time.
enum ReportFixture {
    static let now = Timestamp(iso8601: "2026-10-21T12:00:00Z")!

    static let policies: PolicySet = {
        let loaded = try! PolicyLoader.load(directory: Repository.policies)
        precondition(!loaded.hasErrors, "the bundled policies load")
        return loaded.policies
    }()

    static func owner(_ id: String) -> OwnerRef { OwnerRef(policies.owner(id)!) }

    static func violation(_ id: String, _ severity: Severity, app: String?, owner: String, escalatedTo: String? = nil,
                          detected: String = "2026-10-18T08:00:00Z", due: String? = "2026-10-10T09:00:00Z",
                          status: ViolationStatus = .open, summary: String? = nil, email: String? = "ada@example.com",
                          evidence: [String: String] = ["action_status": "pending", "event": "event_01"]) -> Violation {
        Violation(id: id, kind: .deadlineMissed, severity: severity, status: status, app: app,
                  user: UserRef(id: "directory_user_\(id)", email: email), action: "act_\(id)", owner: Self.owner(owner),
                  escalatedTo: escalatedTo.map(Self.owner), detectedAt: Timestamp(iso8601: detected)!,
                  dueAt: due.map { Timestamp(iso8601: $0)! }, summary: summary ?? "finding \(id)", evidence: evidence,
                  escalatedAt: escalatedTo == nil ? nil : Timestamp(iso8601: "2026-10-20T08:00:00Z")!)
    }

    /// Eight violations: seven open over three owners (one escalated from people-systems to security), one resolved.
    static let violations: [Violation] = [
        violation("low_workday", .low, app: "workday", owner: "people-systems", due: "2026-10-01T00:00:00Z"),
        violation("critical_late", .critical, app: "workday", owner: "people-systems", escalatedTo: "security",
                  detected: "2026-10-18T08:00:00Z", due: "2026-10-12T00:00:00Z"),
        violation("critical_early", .critical, app: "workday", owner: "people-systems", due: "2026-10-05T00:00:00Z"),
        violation("high_slack", .high, app: "slack", owner: "it", detected: "2026-10-21T11:48:00Z", due: "2026-10-22T00:00:00Z"),
        violation("medium_none", .medium, app: nil, owner: "security", detected: "2026-10-01T00:00:00Z", due: nil, email: nil),
        violation("critical_tie_b", .critical, app: "slack", owner: "it", due: "2026-10-05T00:00:00Z"),
        violation("critical_tie_a", .critical, app: "slack", owner: "it", due: "2026-10-05T00:00:00Z"),
        violation("resolved", .critical, app: "slack", owner: "it", status: .resolved),
    ]

    static func reports(_ list: [Violation] = violations) -> [OwnerReport] {
        OwnerReports.build(violations: list, policies: policies, at: now)
    }

    static func report(_ owner: String, _ list: [Violation] = violations) -> OwnerReport {
        reports(list).first { $0.owner.id == owner }!
    }
}

extension ReportFixture {
    static let hostileSummary = "<script>alert(1)</script> \"quoted\", 'single' & ampersand\nsecond line"

    /// A violation whose every free-text field is hostile, escalated from `it` to `security`.
    static let hostile = violation(
        "hostile", .critical, app: "<svg onload=alert(2)>", owner: "it", escalatedTo: "security", summary: hostileSummary,
        email: "\"><img src=x onerror=alert(3)>@example.com", evidence: ["<b>key</b>": "a & b \"c\" <i>", "=cmd": "-1+1"])

    static let hostileReport = report("security", [hostile])
}
