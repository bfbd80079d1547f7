import ArgumentParser
import WardenEngine
import WardenPolicy
import WardenRuntime

/// `warden plan --policies NEW_DIR`: what deploying NEW_DIR would change. Writes nothing.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Preview a policy change: per app the grants, revokes, deadline and owner changes deploying --policies DIR would cause. Writes nothing.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Evaluation time (ISO-8601; default: now).")
    var now: TimeArgument?

    @Option(help: "Output: text or json.")
    var format: ExplainCommand.ExplainFormat = .text

    func run() async throws {
        let time = now?.timestamp ?? Clock.now()
        let proposed = try PolicyLoading.load(global, now: time)
        if proposed.hasErrors {
            Output.diagnostics(proposed.diagnostics, format: global.errorFormat)
            Output.error("error: the proposed policies in `\(global.policyFolder)` have errors; nothing to plan")
            throw Exit.failure
        }
        let plan = try storeCall { try PolicyPlan.make(databasePath: global.databasePath, proposed: proposed, at: time) }
        switch format {
        case .json: Output.line(json(plan).compactText)
        case .text: Output.line(text(plan))
        }
    }

    private func users(_ actions: [Action], limit: Int = 8) -> String {
        let names = actions.map { $0.user.display + ($0.role.map { " (\($0))" } ?? "") }
        return names.prefix(limit).joined(separator: ", ") + (names.count > limit ? ", … \(names.count - limit) more" : "")
    }

    private func text(_ plan: PolicyPlan) -> String {
        var out = ["Plan for deploying \(global.policyFolder) against \(global.databasePath) (\(plan.users) users)"]
        let warnings = plan.diagnostics.filter { $0.severity == .warning }
        out.append("diagnostics: \(warnings.isEmpty ? "none" : "\(warnings.count) warning(s)")")
        for d in warnings { out.append("  " + d.rendered.replacingOccurrences(of: "\n", with: "\n  ")) }
        if !plan.addedApps.isEmpty { out.append("new applications: " + plan.addedApps.joined(separator: ", ")) }
        for r in plan.removedApps {
            out.append("no longer managed: \(r.app) — Warden stops planning its \(r.accounts) account(s); no actions are created")
        }
        var total = 0
        for app in plan.apps where !app.actions.isEmpty || !app.changes.isEmpty {
            out.append("")
            out.append("\(app.name) (\(app.app)) — owner \(app.owner)")
            for c in app.changes { out.append("  changed: \(c)") }
            for type in ActionType.allCases {
                let list = app.actions.filter { $0.type == type }
                guard !list.isEmpty else { continue }
                total += list.count
                out.append("  \(type.rawValue): \(list.count) — \(users(list))")
            }
        }
        out.append("")
        if total == 0 && plan.apps.allSatisfy({ $0.changes.isEmpty }) && plan.removedApps.isEmpty {
            out.append("no changes: deploying these policies creates no actions")
        } else {
            out.append("\(total) action(s); owners affected: " + (plan.ownersAffected.isEmpty ? "none" : plan.ownersAffected.joined(separator: ", ")))
        }
        return out.joined(separator: "\n")
    }

    private func json(_ plan: PolicyPlan) -> JSONValue {
        .object([
            ("users", .number(Double(plan.users))),
            ("apps", .array(plan.apps.filter { !$0.actions.isEmpty || !$0.changes.isEmpty }.map { app in
                var pairs: [(String, JSONValue)] = [("app", .string(app.app)), ("name", .string(app.name)), ("owner", .string(app.owner)),
                                                    ("changes", .array(app.changes.map(JSONValue.string)))]
                for type in ActionType.allCases {
                    pairs.append((type.rawValue, .array(app.actions.filter { $0.type == type }.map { a in
                        .object([("user", a.user.json), ("role", a.role.map(JSONValue.string) ?? .null),
                                 ("roles", a.roles.map { .array($0.map(JSONValue.string)) } ?? .null), ("due_at", .string(a.dueAt.iso8601))])
                    })))
                }
                return .object(pairs)
            })),
            ("added_apps", .array(plan.addedApps.map(JSONValue.string))),
            ("removed_apps", .array(plan.removedApps.map { .object([("app", .string($0.app)), ("accounts", .number(Double($0.accounts)))]) })),
            ("owners_affected", .array(plan.ownersAffected.map(JSONValue.string))),
            ("diagnostics", (try? JSONParser.parse(Output.diagnosticsJSON(plan.diagnostics))) ?? .array([])),
        ])
    }
}
