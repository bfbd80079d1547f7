import ArgumentParser
import Foundation
import WardenPolicy

/// Options every command shares (SPEC §5).
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("SQLite database file (env WARDEN_DB).", valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("Policy folder (env WARDEN_POLICIES).", valueName: "dir"))
    var policies: String?

    @Option(name: .customLong("error-format"), help: "How to print diagnostics: human or json.")
    var errorFormat: ErrorFormat = .human

    var policyFolder: String {
        policies ?? ProcessInfo.processInfo.environment["WARDEN_POLICIES"] ?? "./policies"
    }

    var databasePath: String {
        db ?? ProcessInfo.processInfo.environment["WARDEN_DB"] ?? "./warden.db"
    }
}

enum ErrorFormat: String, ExpressibleByArgument, CaseIterable {
    case human, json
}

/// A time given on the command line (`--now`, `--at`): ISO-8601, or `now`.
struct TimeArgument: ExpressibleByArgument {
    let timestamp: Timestamp

    init?(argument: String) {
        if argument == "now" {
            timestamp = Clock.now()
        } else if let t = Timestamp(iso8601: argument) {
            timestamp = t
        } else {
            return nil
        }
    }
}

/// The wall clock; only the edges (CLI, server) read it, and hand the time to the engine.
enum Clock {
    static func now() -> Timestamp {
        Timestamp(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }
}
