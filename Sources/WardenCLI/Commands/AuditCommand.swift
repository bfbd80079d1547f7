import ArgumentParser
import WardenPolicy
import WardenStore

/// `warden audit verify|export`: the hash-chained evidence log.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check or export the hash-chained audit log.", subcommands: [Verify.self, Export.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify", abstract: "Recompute the chain; name the first broken entry (exit 1).")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let store = try RuntimeOpening.store(global)
            let result = try storeCall { try store.verifyAudit() }
            if let broken = result.firstBroken {
                Output.error("audit chain broken at entry \(broken.seq): \(broken.reason)")
                throw Exit.failure
            }
            Output.line("audit chain ok: \(result.entries) entries")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export", abstract: "Write the audit entries as JSON Lines (evidence for auditors).")

        @OptionGroup var global: GlobalOptions

        @Option(help: "Only entries at or after this time (ISO-8601).")
        var since: TimeArgument?

        func run() async throws {
            let store = try RuntimeOpening.store(global)
            for e in try storeCall({ try store.auditEntries(since: since?.timestamp) }) {
                let content = (try? JSONParser.parse(e.content)) ?? .string(e.content)
                Output.line(JSONValue.object([
                    ("seq", .number(Double(e.seq))), ("at", .string(e.at.iso8601)), ("kind", .string(e.kind)),
                    ("subject", .string(e.subject)), ("content", content), ("prev_hash", .string(e.prevHash)), ("hash", .string(e.hash)),
                ]).compactText)
            }
        }
    }
}

/// `warden approve CHANGE` / `warden reject CHANGE`: release or discard held actions (SPEC §4.5).
struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "approve", abstract: "Release the actions held for a change.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The change id from the blast_radius violation.")
    var change: String

    @Option(help: "Who approves (recorded in the actions and the audit log).")
    var by: String?

    @Option(help: "Time of the decision (ISO-8601; default: now).")
    var now: TimeArgument?

    func run() async throws {
        try HeldRelease.run(global, change: change, approve: true, by: by, at: now?.timestamp ?? Clock.now())
    }
}

struct RejectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reject", abstract: "Discard the actions held for a change.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The change id from the blast_radius violation.")
    var change: String

    @Option(help: "Who rejects (recorded in the actions and the audit log).")
    var by: String?

    @Option(help: "Time of the decision (ISO-8601; default: now).")
    var now: TimeArgument?

    func run() async throws {
        try HeldRelease.run(global, change: change, approve: false, by: by, at: now?.timestamp ?? Clock.now())
    }
}

enum HeldRelease {
    static func run(_ global: GlobalOptions, change: String, approve: Bool, by: String?, at time: Timestamp) throws {
        let runtime = try RuntimeOpening.open(global)
        do {
            let delta = try runtime.release(change: change, approve: approve, by: by, at: time)
            let n = delta.actions.filter { $0.change == change }.count
            Output.line("\(approve ? "released" : "rejected") \(n) held action\(n == 1 ? "" : "s") of `\(change)`")
        } catch {
            Output.error("error: \(error)")
            throw Exit.failure
        }
    }
}
