/// Checks that policy tests refer to applications and roles that exist.
enum PolicyTestValidator {
    static func validate(_ set: PolicySet) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let apps = Dictionary(set.applications.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func checkApp(_ id: String, at span: SourceSpan) -> Application? {
            if let app = apps[id] { return app }
            out.append(.error("policy_unknown_app", "unknown application `\(id)`", at: span,
                              help: Suggest.didYouMean(id, in: apps.keys.sorted())))
            return nil
        }
        func checkRoles(_ roles: [String], of app: Application, at span: SourceSpan) {
            let names = app.roles.map(\.name)
            for role in roles where !names.contains(role) {
                out.append(.error("policy_unknown_role", "application `\(app.id)` has no role `\(role)`", at: span,
                                  help: Suggest.didYouMean(role, in: names) ?? "roles: " + names.map { "`\($0)`" }.joined(separator: ", ")))
            }
        }
        for test in set.tests {
            for step in test.steps {
                if case .ack(let ack) = step.verb { _ = checkApp(ack.app, at: step.span) }
                guard let e = step.expect else { continue }
                for (_, byApp) in e.entitlements ?? [:] {
                    for (appId, roles) in byApp.sorted(by: { $0.key < $1.key }) {
                        if let app = checkApp(appId, at: e.span) { checkRoles(roles, of: app, at: e.span) }
                    }
                }
                for (_, byApp) in e.targets ?? [:] {
                    for (appId, target) in byApp.sorted(by: { $0.key < $1.key }) {
                        guard let app = checkApp(appId, at: e.span) else { continue }
                        if case .active(let roles) = target { checkRoles(roles, of: app, at: e.span) }
                    }
                }
                for match in (e.actions ?? []) + (e.violations ?? []) {
                    if let appId = match.fields.first(where: { $0.0 == "app" })?.1.stringValue { _ = checkApp(appId, at: match.span) }
                }
            }
        }
        return out
    }
}
