import ArgumentParser
import Foundation
import WardenEngine
import WardenIngest
import WardenPolicy
import WardenRuntime
import WardenServer

/// `warden reconcile --app A FILE`: compare an application's account export with the plan.
struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Compare an app's account export (CSV user,roles,status or JSON) with the planned targets; open findings for its owner.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "The application.")
    var app: String

    @Argument(help: "The export file (default: read the app's accounts live through its SCIM connector).")
    var file: String?

    @Option(help: "Time of the export (ISO-8601; default: now).")
    var now: TimeArgument?

    @Option(help: "Output: table or json.")
    var format: ExplainCommand.ExplainFormat = .text

    func run() async throws {
        let runtime = try RuntimeOpening.open(global)
        guard let application = runtime.policies.application(app) else {
            Output.error("error: unknown application `\(app)`\(Suggest.didYouMean(app, in: runtime.policies.applications.map(\.id)).map { "; \($0)" } ?? "")")
            throw Exit.failure
        }
        let source = file ?? "\(app) (live)"
        let report: ReconcileReport
        var problems: [IngestError] = []
        do {
            if let file {
                guard let data = FileManager.default.contents(atPath: file) else { throw ConfigError("cannot read `\(file)`") }
                (report, problems) = try runtime.reconcile(app: app, export: Array(data), at: now?.timestamp ?? Clock.now())
            } else {
                let accounts = try await LiveAccounts.read(application, directory: runtime.state.directory.users, client: .shared,
                                                           environment: ProcessInfo.processInfo.environment)
                report = try runtime.reconcile(app: app, accounts: accounts, at: now?.timestamp ?? Clock.now())
            }
        } catch {
            Output.error("\(source): error: \(error)")
            throw Exit.failure
        }
        for p in problems { Output.error("\(source):\(p.line ?? 0): error: \(p.message)") }
        switch format {
        case .json:
            Output.line(JSONValue.object([
                ("app", .string(report.app)),
                ("counts", .object(ReconcileReport.Situation.allCases.map { ($0.rawValue, JSONValue.number(Double(report.count($0)))) })),
                ("accounts", .array(report.entries.map { e in
                    .object([("user", .string(e.user)), ("email", e.email.map(JSONValue.string) ?? .null),
                             ("situations", .array(e.situations.map { .string($0.rawValue) })), ("roles", .array(e.roles.map(JSONValue.string))),
                             ("line", e.line.map { .number(Double($0)) } ?? .null)])
                })),
                ("confirmed_actions", .array(report.confirmed.map { .string($0.id) })),
                ("rejected_rows", .array(problems.map { p in .object([("line", .number(Double(p.line ?? 0))), ("message", .string(p.message))]) })),
            ]).compactText)
        case .text:
            var t = Table("SITUATION", "ACCOUNTS")
            for s in ReconcileReport.Situation.allCases { t.add(s.rawValue, String(report.count(s))) }
            Output.line("\(report.app): \(report.entries.count) accounts reconciled, \(report.confirmed.count) actions confirmed done, "
                        + "\(problems.count) rows rejected")
            Output.line(t.rendered)
            let notable = report.entries.filter { $0.situations != [.linked] }
            if !notable.isEmpty {
                Output.line("")
                var d = Table("USER", "SITUATION", "ROLES", "LINE")
                for e in notable {
                    d.add(e.email ?? e.user, e.situations.map(\.rawValue).joined(separator: ","), e.roles.joined(separator: ","),
                          e.line.map(String.init) ?? "-")
                }
                Output.line(d.rendered)
            }
        }
        if !problems.isEmpty { throw Exit.failure }
    }
}
