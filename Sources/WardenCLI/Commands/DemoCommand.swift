import ArgumentParser
import Foundation
import WardenEngine
import WardenPolicy
import WardenRuntime
import WardenStore

/// `warden demo`: a guided run of the bundled examples in a temporary database.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "A complete guided run on the bundled examples/ in a temporary database.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Folder with the example events.jsonl.")
    var examples = "examples"

    @Flag(help: "Keep the temporary database and print its path.")
    var keep = false

    func run() async throws {
        let policies = try PolicyLoading.loadValid(global)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-demo-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { if !keep { try? FileManager.default.removeItem(at: dir) } }
        let dbPath = dir.appendingPathComponent("warden.db").path
        guard let data = FileManager.default.contents(atPath: examples + "/events.jsonl") else {
            Output.error("error: cannot read `\(examples)/events.jsonl` (run from the repository root, or pass --examples)")
            throw Exit.failure
        }
        let start = Timestamp(iso8601: "2026-09-01T00:00:00Z")!
        let runtime = try storeCall { try Runtime(databasePath: dbPath, policies: policies, clock: { start }) }
        var story = DemoStory(runtime: runtime, policies: policies)
        try storeCall { try story.tell(events: EventInput.read(Array(data)), file: examples + "/events.jsonl", dbPath: keep ? dbPath : nil) }
    }
}

/// The narrative: each chapter runs real commands against the runtime and prints what happened.
struct DemoStory {
    let runtime: Runtime
    let policies: PolicySet

    private func heading(_ n: Int, _ title: String) {
        Output.line()
        Output.line("\(n). \(title)")
        Output.line(String(repeating: "─", count: title.count + 3))
    }

    private func appName(_ id: String) -> String { policies.application(id)?.name ?? id }

    private func describe(_ a: Action) -> String {
        let what: String
        switch a.type {
        case .provision, .restore: what = "\(a.type.rawValue) \(appName(a.app)) [\((a.roles ?? []).joined(separator: ", "))]"
        case .grant, .revoke: what = "\(a.type.rawValue) `\(a.role ?? "")` in \(appName(a.app))"
        case .suspend, .deprovision: what = "\(a.type.rawValue) \(appName(a.app))"
        }
        var text = "\(what) — \(a.status.rawValue), due \(a.dueAt.humanMinute)"
        if let nb = a.notBefore { text += " (not before \(nb.humanMinute))" }
        return text
    }

    mutating func tell(events: [InputEvent], file: String, dbPath: String?) throws {
        Output.line("Warden demo — Halcyon Systems, a 30-person slice, September to October 2026")
        Output.line("A temporary SQLite database; every step below is a real Warden operation.")

        heading(1, "Policies")
        Output.line("\(policies.applications.count) applications, \(policies.owners.count) owners, \(policies.exceptions.count) exception(s):")
        let width = policies.applications.map(\.name.count).max() ?? 0
        for app in policies.applications {
            let owner = policies.owner(app.owner)
            Output.line("  \(app.name.padding(toLength: width + 2, withPad: " ", startingAt: 0))owner: \(owner?.name ?? app.owner)"
                        + (owner?.escalation.map { ", escalates to \($0)" } ?? ""))
        }

        heading(2, "Directory events")
        let summary = try runtime.ingest(events, source: "file")
        Output.line("Ingested \(file): \(summary.total) events — \(summary.applied) applied, \(summary.duplicates) duplicate deliveries "
                    + "skipped, \(summary.stale) stale updates that could not undo newer state, \(summary.ignored) recorded and ignored "
                    + "(token events, an unknown event type, a late event from a deleted directory).")
        let created = summary.newActions
        let counts = ActionType.allCases.compactMap { t -> String? in
            let n = created.filter { $0.type == t }.count
            return n == 0 ? nil : "\(n) \(t.rawValue)"
        }
        Output.line("Planned \(created.count) actions: \(counts.joined(separator: ", ")).")

        heading(3, "Joiners are provisioned")
        let joinerUser = created.filter { $0.type == .provision }.last?.user
        if let u = joinerUser {
            Output.line("\(u.display) joined on \(created.first { $0.user == u }!.createdAt.humanMinute):")
            for a in created where a.user == u && a.cause.kind == .joiner { Output.line("  • " + describe(a)) }
        }

        heading(4, "A mover loses a role")
        if let revoke = created.first(where: { $0.type == .revoke && $0.cause.detail.hasPrefix("removed from group") }) {
            Output.line("\(revoke.user.display): \(revoke.cause.detail) on \(revoke.createdAt.humanMinute).")
            Output.line("  • " + describe(revoke))
            Output.line("  The mover grace keeps the role until `not_before`; if it came back first, the revoke would be cancelled.")
        }
        if let mover = created.first(where: { $0.type == .deprovision && $0.cause.kind == .mover }) {
            Output.line("\(mover.user.display): \(mover.cause.detail) on \(mover.createdAt.humanMinute).")
            for a in created where a.user == mover.user && a.createdAt >= mover.createdAt && a.createdAt < mover.createdAt + .hours(24) {
                Output.line("  • " + describe(a))
            }
        }

        // Executors confirm everything except one leaver's deprovision, which nobody carries out.
        let open = try runtime.store.actions(ActionQuery(statuses: [.pending, .scheduled]))
        let missed = open.filter { $0.type == .deprovision && $0.cause.kind == .leaver && $0.cause.detail == "user deactivated" }
            .max { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        let others = open.filter { $0.user != missed?.user }
        for a in others {
            _ = try runtime.acknowledge([a.id], success: true, message: "done by the demo executor",
                                        at: (a.notBefore ?? a.createdAt) + PolicyDuration(seconds: 1800))
        }

        heading(5, "Leavers are deprovisioned")
        for a in created where a.cause.kind == .leaver && a.user != missed?.user && a.cause.detail != "directory deleted" {
            Output.line("  • \(a.user.display): \(a.cause.detail) on \(a.createdAt.humanMinute) → \(describe(a))")
        }
        let agency = created.filter { $0.cause.detail == "directory deleted" }
        if !agency.isEmpty {
            Output.line("  • A contractor agency's directory was deleted: \(agency.count) deprovisions for "
                        + "\(Set(agency.map(\.user.id)).count) contractors, with one `dsync.deleted` event and no per-user events.")
        }
        Output.line("An executor confirmed \(others.count) actions (`warden ack`), each 30 minutes after it became due to start.")

        heading(6, "A missed leaver deadline reaches its owner")
        guard let missed else { return }
        Output.line("\(missed.user.display) was deactivated on \(missed.createdAt.humanMinute); nobody confirmed the \(appName(missed.app)) deprovision.")
        let late = Timestamp(milliseconds: (missed.dueAt.milliseconds / 60_000 + 61) * 60_000)
        _ = try runtime.check(at: late)
        let found = try runtime.store.violations(ViolationQuery(statuses: [.open])).filter { $0.user == missed.user }
        Output.line("`warden check --now \(late)`:")
        for v in found { Output.line("  • [\(v.severity.rawValue)] \(v.summary) — owner: \(v.owner.name)") }
        let later = late + policies.settings.escalateAfter
        _ = try runtime.check(at: later)
        let escalated = try runtime.store.violations(ViolationQuery(statuses: [.open])).filter { $0.user == missed.user && $0.escalatedTo != nil }
        Output.line("`warden check --now \(later)` (\(policies.settings.escalateAfter) later, still open):")
        for v in escalated { Output.line("  • escalated from \(v.owner.name) to \(v.escalatedTo!.name)") }
        if let first = found.first, let action = first.action {
            _ = try runtime.acknowledge([action], success: true, message: "removed late", at: later + PolicyDuration(seconds: 600))
            let resolved = try runtime.store.violations(ViolationQuery(statuses: [.resolved])).contains { $0.id == first.id }
            Output.line("Once the deprovision is acked (`warden ack \(action)`), the violation is \(resolved ? "resolved" : "still open").")
        }

        heading(7, "Where to go next")
        Output.line("  swift run warden ingest examples/events.jsonl     # the same events into ./warden.db")
        Output.line("  swift run warden actions --status pending          # what executors should do now")
        Output.line("  swift run warden check --now 2026-10-20T00:00:00Z --fail-on critical")
        Output.line("  swift run warden violations --owner platform       # an owner's findings")
        Output.line("  swift run warden test                              # the policies' own tests")
        if let dbPath { Output.line("The demo database was kept at \(dbPath).") }
    }
}
