import ArgumentParser
import WardenEngine
import WardenStore

/// `warden actions`: list actions.
struct ActionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "actions", abstract: "List enforcement actions.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only this status (pending, scheduled, held, done, failed, superseded, cancelled, rejected); repeatable.")
    var status: [ActionStatus] = []

    @Option(help: "Only this application.")
    var app: String?

    @Option(help: "Only this user (directory user id or email).")
    var user: String?

    @Option(help: "Output: table, json or jsonl.")
    var format: ListFormat = .table

    func run() async throws {
        let store = try RuntimeOpening.store(global)
        let list = try storeCall { try store.actions(ActionQuery(statuses: status, app: app, user: user)) }
        RecordOutput.actions(list, format: format)
    }
}

/// `warden ack ID...`: confirm actions were carried out (or failed).
struct AckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ack", abstract: "Confirm actions as done, or as failed with --failed.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Action ids.")
    var ids: [String]

    @Flag(help: "The action failed; it stays owed and its deadline keeps running.")
    var failed = false

    @Option(help: "A note, e.g. the error the executor saw.")
    var message: String?

    @Option(help: "Time of the acknowledgement (ISO-8601; default: now).")
    var now: TimeArgument?

    func run() async throws {
        let runtime = try RuntimeOpening.open(global)
        let result = try storeCall {
            try runtime.acknowledge(ids, success: !failed, message: message, at: now?.timestamp ?? Clock.now())
        }
        for a in result.changed { Output.line("\(a.id): \(a.status.rawValue)") }
        for e in result.errors { Output.error("error: \(e.message)") }
        if !result.errors.isEmpty { throw Exit.failure }
    }
}
