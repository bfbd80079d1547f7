import ArgumentParser
import WardenEngine
import WardenStore

/// `warden check`: deadlines, exception expiries, escalation.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Evaluate time: overdue actions, expired exceptions, escalation. Exit 2 with --fail-on.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Evaluation time (ISO-8601; default: now).")
    var now: TimeArgument?

    @Option(name: .customLong("fail-on"), help: "Exit 2 when open violations at or above this severity exist (critical, high, medium, low).")
    var failOn: Severity?

    @Option(help: "Output: table, json or jsonl (the violations opened or changed).")
    var format: ListFormat = .table

    func run() async throws {
        let runtime = try RuntimeOpening.open(global)
        let time = now?.timestamp ?? Clock.now()
        let delta = try storeCall { try runtime.check(at: time) }
        RecordOutput.violations(delta.violations, format: format)
        let open = try storeCall { try runtime.store.violations(ViolationQuery(statuses: [.open])) }
        let counts = Severity.allCases.map { s in "\(open.filter { $0.severity == s }.count) \(s.rawValue)" }
        Output.error("checked at \(time): \(delta.actions.count) actions and \(delta.violations.count) violations changed; open: "
                     + counts.joined(separator: ", "))
        if let failOn, open.contains(where: { $0.severity.isAtLeast(failOn) }) { throw Exit(code: 2) }
    }
}

/// `warden violations`: list findings.
struct ViolationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "violations", abstract: "List violations.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only violations owned by, or escalated to, this owner.")
    var owner: String?

    @Option(help: "Only this status (open, resolved); repeatable.")
    var status: [ViolationStatus] = []

    @Option(help: "Only this severity; repeatable.")
    var severity: [Severity] = []

    @Option(help: "Output: table, json or jsonl.")
    var format: ListFormat = .table

    func run() async throws {
        let store = try RuntimeOpening.store(global)
        let list = try storeCall { try store.violations(ViolationQuery(statuses: status, owner: owner, severities: severity)) }
        RecordOutput.violations(list, format: format)
    }
}
