import ArgumentParser
import WardenPolicy
import WardenStore

/// `warden events`: what became of each input event.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "List recorded input events with their outcome (applied, stale, ignored, rejected).")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only this outcome: applied, stale, ignored or rejected.")
    var outcome: String?

    @Option(help: "Only the newest N.")
    var limit: Int?

    @Flag(help: "Print only the number of events.")
    var count = false

    @Option(help: "Output: table, json or jsonl.")
    var format: ListFormat = .table

    func run() async throws {
        let store = try RuntimeOpening.store(global)
        if count {
            Output.line(String(try storeCall { try store.eventCount(outcome: outcome) }))
            return
        }
        let list = try storeCall { try store.events(outcome: outcome, limit: limit) }
        func json(_ e: EventSummary) -> JSONValue {
            .object([("seq", .number(Double(e.seq))), ("id", e.id.map(JSONValue.string) ?? .null),
                     ("type", e.type.map(JSONValue.string) ?? .null), ("source", .string(e.source)), ("outcome", .string(e.outcome)),
                     ("reason", e.reason.map(JSONValue.string) ?? .null),
                     ("effective_at", e.effectiveAt.map { .string($0.iso8601) } ?? .null),
                     ("received_at", .string(e.receivedAt.iso8601)), ("deliveries", .number(Double(e.deliveries)))])
        }
        switch format {
        case .json: Output.line(JSONValue.array(list.map(json)).compactText)
        case .jsonl: for e in list { Output.line(json(e).compactText) }
        case .table:
            var t = Table("SEQ", "ID", "TYPE", "OUTCOME", "DELIVERIES", "EFFECTIVE", "REASON")
            for e in list {
                t.add(String(e.seq), e.id ?? "-", e.type ?? "-", e.outcome, String(e.deliveries), e.effectiveAt?.iso8601 ?? "-", e.reason ?? "")
            }
            Output.line(list.isEmpty ? "no events" : t.rendered)
        }
    }
}
