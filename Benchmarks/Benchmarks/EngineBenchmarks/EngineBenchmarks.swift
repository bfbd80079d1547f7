import Benchmark
import WardenEngine
import WardenIngest
import WardenPolicy
import WardenReports
import WardenTesting

/// Scale with WARDEN_BENCH_USERS (default 100,000); apps, groups and events stay at the sizes.
nonisolated(unsafe) let scaleUsers = Int(ProcessInfo.processInfo.environment["WARDEN_BENCH_USERS"] ?? "") ?? 100_000
nonisolated(unsafe) let workload = Workload(.init(users: scaleUsers))

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .peakMemoryResident, .mallocCountTotal],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        scalingFactor: .one,
        maxDuration: .seconds(20),
        maxIterations: 10)

    Benchmark("policy load + validate (200 app files)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(PolicyLoader.load(sources: workload.policyFiles))
        }
    }

    Benchmark("full recompute (\(scaleUsers) users x 200 apps)") { benchmark, state in
        var scratch = EvaluationScratch()
        var out: [AppRoles] = []
        out.reserveCapacity(64)
        var grants = 0
        benchmark.startMeasurement()
        for u in 0..<state.directory.userCount {
            out.removeAll(keepingCapacity: true)
            state.index.evaluate(user: Int32(u), in: state.directory, at: state.time, scratch: &scratch, into: &out)
            grants += out.count
        }
        benchmark.stopMeasurement()
        blackHole(grants)
    } setup: {
        RecomputeState()
    }

    // Planning without storage: the 100k events applied to the engine in memory (mirror updates,
    // re-evaluation of the affected users, actions with deadlines, supersession, the guard).
    Benchmark("plan \(scaleEvents) events in memory", configuration: .init(warmupIterations: 0, maxIterations: 1)) { benchmark, state in
        var engine = state.engine
        var actions = 0
        benchmark.startMeasurement()
        for e in state.events { actions += engine.apply(e).createdActionIds.count }
        benchmark.stopMeasurement()
        blackHole(actions)
    } setup: {
        PlanningState()
    }

    // The floor of planning with the engine's action records: only what the 100k events' 446k
    // actions cost as records (stable id, `Action` value, its place in the table), without the
    // mirror, evaluation, supersession or recording.
    Benchmark("action records only (\(RecordsState.count) ids, values, table)", configuration: .init(warmupIterations: 0, maxIterations: 3)) { benchmark, state in
        var table = ActionTable()
        benchmark.startMeasurement()
        for p in state.parts {
            let id = StableId.action(event: p.event, user: p.user.id, app: p.app, type: .grant, role: p.role)
            table[id] = Action(id: id, type: .grant, app: p.app, role: p.role, user: p.user,
                               cause: Cause(kind: .joiner, event: p.event, detail: "added to group `Group 17`"),
                               rule: RuleRef(file: "apps/app-1.yaml", line: 12, path: "roles[0]"), owner: "owner-1",
                               createdAt: state.time, dueAt: state.time, status: .pending, change: p.event)
        }
        benchmark.stopMeasurement()
        blackHole(table.count)
    } setup: {
        RecordsState()
    }

    // Acknowledging actions whose deadline was missed: each ack resolves the action's open
    // violation, found among 20,000 open ones.
    Benchmark("ack \(OverdueState.acked) of \(OverdueState.count) overdue actions (each resolves its violation)",
              configuration: .init(warmupIterations: 0, maxIterations: 3)) { benchmark, state in
        var engine = state.engine
        benchmark.startMeasurement()
        for id in state.acked { blackHole(try! engine.acknowledge(id, success: true, at: state.time)) }
        benchmark.stopMeasurement()
    } setup: {
        OverdueState()
    }

    // Owner reports for 1,000 open violations over the workload's owners, in all four formats.
    Benchmark("reports for 1000 open violations (md, html, json, csv)") { benchmark, violations in
        let policies = workload.policySet()
        let now = Timestamp(iso8601: "2026-03-01T00:00:00Z")!
        for _ in benchmark.scaledIterations {
            let reports = OwnerReports.build(violations: violations, policies: policies, at: now)
            for r in reports {
                blackHole(MarkdownReport.render(r))
                blackHole(HTMLReport.render(r))
                blackHole(JSONReport.render(r))
            }
            blackHole(CSVReport.render(reports))
        }
    } setup: {
        ReportState.violations(1000)
    }
}

/// Open `deadline_missed` violations spread over the workload's apps, owners and severities.
enum ReportState {
    static func violations(_ n: Int) -> [Violation] {
        let policies = workload.policySet()
        let severities: [Severity] = [.critical, .high, .medium, .low]
        return (0..<n).map { i in
            let app = policies.applications[i % policies.applications.count]
            let user = workload.users[i * 97 % workload.users.count]
            let detected = Timestamp(iso8601: "2026-02-01T00:00:00Z")! + PolicyDuration(seconds: Int64(i) * 600)
            return Violation(id: "vio_bench_\(i)", kind: .deadlineMissed, severity: severities[i % 4], app: app.id,
                             user: UserRef(id: user.id, email: user.email), action: "act_bench_\(i)",
                             owner: OwnerRef(policies.owner(app.owner)!), detectedAt: detected, dueAt: detected,
                             summary: "\(user.email ?? user.id) left; \(app.name) access was due to be removed",
                             evidence: ["action_status": "pending", "event": "event_bench_\(i)"])
        }
    }
}

nonisolated(unsafe) let scaleEvents = Int(ProcessInfo.processInfo.environment["WARDEN_BENCH_EVENTS"] ?? "") ?? 100_000

/// The engine after a baseline import of the workload's directory, and its change stream decoded.
struct PlanningState {
    let engine: EngineState
    let events: [ChangeEnvelope]

    init() {
        var engine = EngineState(policies: workload.policySet())
        let users = workload.users
        let memberships = workload.memberships.enumerated().flatMap { u, groups in
            groups.map { (user: users[u].id, group: workload.groups[Int($0)].id) }
        }
        let snapshot = DirectorySnapshot(users: users, groups: workload.groups, memberships: memberships)
        _ = try! engine.adopt(baseline: snapshot, id: "baseline", at: Timestamp(iso8601: "2026-01-31T00:00:00Z")!)
        self.engine = engine
        events = workload.eventLines(scaleEvents).map { try! WorkOSDecoder.decode(try! JSONParser.parse($0)).envelope }
    }
}

/// An engine over the workload's directory holding 20,000 overdue deprovisions, each with an open
/// `deadline_missed` violation.
struct OverdueState {
    static let count = 20_000
    static let acked = 2_000
    let engine: EngineState
    let acked: [String]
    let time = Timestamp(iso8601: "2026-03-01T00:00:00Z")!

    init() {
        let policies = workload.policySet()
        let users = workload.users
        let due = Timestamp(iso8601: "2026-02-01T00:00:00Z")!
        var actions: [Action] = []
        var violations: [Violation] = []
        for i in 0..<Self.count {
            let app = policies.applications[i % policies.applications.count]
            let user = users[i * 7 % users.count]
            let ref = UserRef(id: user.id, email: user.email)
            let id = "act_overdue_\(i)"
            actions.append(Action(id: id, type: .deprovision, app: app.id, user: ref,
                                  cause: Cause(kind: .leaver, event: "event_\(i)", detail: "user deactivated"),
                                  rule: RuleRef(file: "apps/\(app.id).yaml", line: 3, path: RuleRef.leaverPath), owner: app.owner,
                                  createdAt: due, dueAt: due, status: .pending, change: "event_\(i)"))
            violations.append(Violation(id: "vio_overdue_\(i)", kind: .deadlineMissed, severity: .critical, app: app.id, user: ref,
                                        action: id, owner: OwnerRef(policies.owner(app.owner)!), detectedAt: due, dueAt: due,
                                        summary: "\(user.id) left; \(app.name) access was due to be removed", evidence: [:]))
        }
        engine = EngineState(policies: policies, directory: workload.directory(), actions: actions, violations: violations)
        acked = actions.prefix(Self.acked).map(\.id)
    }
}

/// The inputs of the records benchmark: the workload's user, app and event ids, spread like the
/// ingest's 446k actions.
struct RecordsState {
    static let count = 446_127
    let parts: [(event: String, user: UserRef, app: String, role: String)]
    let time = Timestamp(iso8601: "2026-02-01T00:00:00Z")!

    init() {
        let users = workload.users
        parts = (0..<Self.count).map { i in
            let u = users[i * 7919 % users.count]
            return (event: "event_w\(i / 10_000)_\(i / 4)", user: UserRef(id: u.id, email: u.email), app: "app-\(i % 200)", role: "role-\(i % 11)")
        }
    }
}

/// Policies compiled and bound to the directory, ready for evaluation.
struct RecomputeState {
    let directory: Directory
    let index: EvaluationIndex
    let time = Timestamp(iso8601: "2026-06-01T00:00:00Z")!

    init() {
        directory = workload.directory()
        index = EvaluationIndex(program: CompiledPolicy(workload.policySet()), directory: directory)
    }
}

import Foundation
