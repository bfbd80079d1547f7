import ArgumentParser
import Foundation
import WardenEngine
import WardenServer

/// `warden enforce`: carry out due actions through their apps' connectors, once.
struct EnforceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enforce", abstract: "Carry out pending actions through their apps' connectors (SCIM or signed webhook), once.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only this application.")
    var app: String?

    @Flag(help: "Show what would be carried out; change nothing.")
    var dryRun = false

    @Flag(help: "Also retry actions still waiting out their backoff (after fixing an outage).")
    var retryNow = false

    func run() async throws {
        let policies = try PolicyLoading.loadValid(global)
        let host = try storeCall { try EngineHost(databasePath: global.databasePath, policies: policies, clock: Clock.now) }
        let dispatcher = Dispatcher(host: host, client: .shared, holder: "cli-\(ProcessInfo.processInfo.processIdentifier)",
                                    environment: ProcessInfo.processInfo.environment, clock: Clock.now)
        let s: Dispatcher.Summary
        do {
            s = try await dispatcher.runOnce(app: app, dryRun: dryRun, retryNow: retryNow)
        } catch {
            Output.error("error: \(error)")
            throw Exit.failure
        }
        if dryRun {
            for a in s.planned { Output.line("would \(a.type.rawValue) \(a.app)\(a.role.map { " `\($0)`" } ?? "") for \(a.user.display) (\(a.id))") }
            Output.error("\(s.planned.count) actions due")
            return
        }
        for a in s.done { Output.line("done: \(a.type.rawValue) \(a.app) for \(a.user.display) (\(a.id))") }
        for (a, m) in s.failed { Output.error("failed: \(a.type.rawValue) \(a.app) for \(a.user.display) (\(a.id)): \(m)") }
        for (a, m) in s.retrying { Output.error("will retry: \(a.type.rawValue) \(a.app) for \(a.user.display) (\(a.id)): \(m)") }
        Output.error("\(s.done.count) done, \(s.failed.count) failed, \(s.retrying.count) to retry")
        if !s.failed.isEmpty { throw Exit.failure }
    }
}
