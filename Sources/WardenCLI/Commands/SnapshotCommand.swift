import ArgumentParser
import Foundation
import WardenEngine
import WardenIngest
import WardenPolicy
import WardenRuntime

/// `warden snapshot FILE...`: make the mirror equal to a full directory snapshot.
struct SnapshotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Apply a full directory snapshot: differences become directory_drift findings, then are planned like events.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Snapshot files: {users, groups, memberships}, or WorkOS list responses of users and groups.")
    var files: [String]

    @Option(help: "The snapshot's time: when it was taken (ISO-8601; default: now).")
    var at: TimeArgument?

    @Option(help: "A directory the snapshot covers (default: those of its users and groups); repeatable.")
    var directory: [String] = []

    @Option(help: "Output: table, json or jsonl (the new actions).")
    var format: ListFormat = .table

    @Flag(help: "First import of an existing directory: take every account as already provisioned (no actions, no drift).")
    var baseline = false

    func run() async throws {
        var documents: [JSONValue] = []
        var raw: [UInt8] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                Output.error("error: cannot read `\(file)`")
                throw Exit.failure
            }
            do {
                documents.append(try JSONParser.parse(Array(data), limits: .init(maxDepth: 64, maxStringBytes: 1 << 20)))
            } catch {
                Output.error("\(file):\(error.line):\(error.column): error: invalid JSON: \(error.message)")
                throw Exit.failure
            }
            raw += Array(data)
        }
        let snapshot: DirectorySnapshot
        do {
            snapshot = try SnapshotDecoder.decode(documents, directories: directory.isEmpty ? nil : Set(directory))
        } catch {
            Output.error("error: \(error)")
            throw Exit.failure
        }
        let runtime = try RuntimeOpening.open(global)
        let time = at?.timestamp ?? Clock.now()
        let delta: EngineDelta
        do {
            delta = try runtime.apply(snapshot: snapshot, raw: raw, at: time, baseline: baseline)
        } catch {
            Output.error("error: \(error)")
            throw Exit.failure
        }
        if baseline {
            Output.error("baseline of \(snapshot.users.count) users, \(snapshot.groups.count) groups, \(snapshot.memberships.count) memberships "
                         + "at \(time): \(delta.targets.count) accounts taken as provisioned")
            return
        }
        RecordOutput.actions(delta.createdActions, format: format)
        let drift = delta.violations.filter { $0.kind == .directoryDrift && $0.status == .open }
        Output.error("snapshot of \(snapshot.users.count) users, \(snapshot.groups.count) groups, \(snapshot.memberships.count) memberships "
                     + "at \(time): \(drift.count) drift findings, \(delta.createdActions.count) new actions")
        for v in drift.prefix(20) { Output.error("  drift: \(v.summary)") }
        if drift.count > 20 { Output.error("  … and \(drift.count - 20) more (`warden violations --format json`)") }
        for v in delta.violations where v.kind == .blastRadius && v.status == .open { Output.error("held: \(v.summary)") }
    }
}
