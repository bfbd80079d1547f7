import ArgumentParser
import WardenEngine
import WardenPolicy
import WardenRuntime
import WardenStore

/// `warden explain --user U [--app A] [--at T]`: why a user has, or lacks, each role.
struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Why a user has (or lacks) each role: rules and conditions with file:line, exceptions, pending actions, violations.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Directory user id or email.")
    var user: String

    @Option(help: "Only this application.")
    var app: String?

    @Option(help: "Evaluation time (ISO-8601; default: now).")
    var at: TimeArgument?

    @Option(help: "Output: text or json.")
    var format: ExplainFormat = .text

    enum ExplainFormat: String, ExpressibleByArgument { case text, json }

    func run() async throws {
        let runtime = try RuntimeOpening.open(global)
        if let app, runtime.policies.application(app) == nil {
            Output.error("error: unknown application `\(app)`\(Suggest.didYouMean(app, in: runtime.policies.applications.map(\.id)).map { "; \($0)" } ?? "")")
            throw Exit.failure
        }
        var state = runtime.state
        guard let explanation = state.explain(user: user, app: app, at: at?.timestamp ?? Clock.now()) else {
            Output.error("error: no user `\(user)` in the directory")
            throw Exit.failure
        }
        let violations = try storeCall {
            try runtime.store.violations(ViolationQuery(statuses: [.open])).filter { $0.user?.id == explanation.user.id && (app == nil || $0.app == app) }
        }
        var attempts: [String: [DispatchAttempt]] = [:]
        for app in explanation.apps {
            for a in app.openActions { attempts[a.action.id] = try storeCall { try runtime.store.attempts(action: a.action.id) } }
        }
        switch format {
        case .json: Output.line(explanation.json(violations: violations).compactText)
        case .text: Output.line(ExplainRendering.text(explanation, violations: violations, attempts: attempts))
        }
    }
}

/// Text and JSON forms of an explanation.
enum ExplainRendering {
    static func text(_ e: Explanation, violations: [Violation], attempts: [String: [DispatchAttempt]] = [:]) -> String {
        var out: [String] = []
        let u = e.user
        out.append("\(u.displayName) (\(u.id)) — \(u.state.rawValue), directory \(u.directoryId), evaluated at \(e.at)")
        out.append("groups: " + (e.groups.isEmpty ? "none" : e.groups.joined(separator: ", ")))
        let attrs = u.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        out.append("attributes: " + (attrs.isEmpty ? "none" : attrs.joined(separator: ", ")))
        if u.state != .active { out.append("a user who is not active is entitled to nothing (the conditions below are shown as if active)") }
        for app in e.apps {
            out.append("")
            out.append("\(app.name) (\(app.app)) — owner \(app.owner.name)\(app.exclusive ? " — exclusive: the first matching role wins" : "")")
            out.append("  planned: \(app.planned) · entitled now: " + (app.entitled.isEmpty ? "nothing" : app.entitled.joined(separator: ", ")))
            for role in app.roles {
                let mark = role.holds ? (role.shadowed ? "○" : "✔") : "✘"
                let note = role.shadowed ? " (holds, but an earlier role wins)" : ""
                out.append("  \(mark) \(role.name)\(note)   \(role.rule.file):\(role.rule.line) \(role.rule.path)")
                render(role.condition, depth: 3, into: &out)
            }
            for x in app.exceptions {
                out.append("  exception \(x.id): role \(x.role), \(x.live ? "live" : "expired"), expires \(x.expires), approved by \(x.approvedBy) — \(x.reason)   \(x.span.file):\(x.span.line)")
            }
            for a in app.openActions {
                out.append("  \(a.action.status.rawValue): \(a.action.type.rawValue)\(a.action.role.map { " `\($0)`" } ?? "") — \(a.arithmetic) (\(a.action.id))")
                for t in attempts[a.action.id] ?? [] {
                    out.append("      attempt \(t.at) via \(t.connector): \(t.outcome)" + (t.status.map { " (HTTP \($0))" } ?? "")
                               + (t.message.map { " — \($0)" } ?? "") + (t.retryAt.map { "; next try \($0)" } ?? ""))
                }
            }
        }
        out.append("")
        if violations.isEmpty {
            out.append("open violations: none")
        } else {
            out.append("open violations:")
            for v in violations {
                out.append("  [\(v.severity.rawValue)] \(v.summary) — owner \(v.owner.name)" + (v.escalatedTo.map { ", escalated to \($0.name)" } ?? "") + " (\(v.id))")
            }
        }
        return out.joined(separator: "\n")
    }

    private static func render(_ c: Explanation.ConditionOutcome, depth: Int, into out: inout [String]) {
        var line = String(repeating: "  ", count: depth) + (c.holds ? "✔ " : "✘ ") + c.text
        if c.isAttribute { line += " (value: \(c.value.map { "`\($0)`" } ?? "missing"))" }
        line += "   \(c.span)"
        out.append(line)
        for child in c.children { render(child, depth: depth + 1, into: &out) }
    }
}
