/// Checks across documents: duplicate ids, dangling references, escalation cycles, expired exceptions.
enum PolicyValidator {
    static func validate(_ set: PolicySet, settingsSeen: Bool, now: Timestamp?) -> [Diagnostic] {
        var out: [Diagnostic] = []
        duplicates(set.owners.map { ($0.id, $0.fields["id"] ?? $0.span) }, "owner", &out)
        duplicates(set.applications.map { ($0.id, $0.fields["id"] ?? $0.span) }, "application", &out)
        duplicates(set.exceptions.map { ($0.id, $0.fields["id"] ?? $0.span) }, "exception", &out)
        duplicates(set.tests.map { ($0.name, $0.span) }, "policy test", &out)

        let ownerIds = set.owners.map(\.id)
        func checkOwner(_ id: String, at span: SourceSpan, _ role: String) {
            guard !id.isEmpty, !ownerIds.contains(id) else { return }
            out.append(.error("policy_unknown_owner", "\(role) `\(id)` is not a declared owner", at: span,
                              help: Suggest.didYouMean(id, in: ownerIds) ?? "declare it with `kind: Owner`"))
        }
        for app in set.applications { checkOwner(app.owner, at: app.fields["owner"] ?? app.span, "owner") }
        for owner in set.owners {
            if let e = owner.escalation { checkOwner(e, at: owner.fields["escalation"] ?? owner.span, "escalation") }
        }
        if let fallback = set.settings.fallbackOwner {
            checkOwner(fallback, at: set.settings.fields["fallback-owner"] ?? set.settings.span ?? SourceSpan(file: "", line: 1, column: 1),
                       "fallback-owner")
        } else if !set.owners.isEmpty || !set.applications.isEmpty {
            out.append(.error("policy_missing_fallback_owner",
                              settingsSeen ? "Settings has no `fallback-owner`" : "no Settings document sets `fallback-owner`",
                              at: set.settings.span,
                              help: "every finding needs an owner: add `fallback-owner: <owner id>` to a `kind: Settings` document"))
        }
        out += escalationCycles(set.owners)

        let appIds = set.applications.map(\.id)
        for e in set.exceptions where !e.app.isEmpty {
            guard let app = set.application(e.app) else {
                out.append(.error("policy_unknown_app", "exception `\(e.id)` names unknown application `\(e.app)`", at: e.fields["app"] ?? e.span,
                                  help: Suggest.didYouMean(e.app, in: appIds)))
                continue
            }
            let roles = app.roles.map(\.name)
            if !e.role.isEmpty && !roles.contains(e.role) {
                out.append(.error("policy_unknown_role", "application `\(app.id)` has no role `\(e.role)`", at: e.fields["role"] ?? e.span,
                                  help: Suggest.didYouMean(e.role, in: roles) ?? "roles: " + roles.map { "`\($0)`" }.joined(separator: ", ")))
            }
            if let now, !e.isLive(at: now) {
                out.append(.warning("policy_exception_expired", "exception `\(e.id)` expired at \(e.expires)", at: e.fields["expires"] ?? e.span,
                                    help: "remove it, or renew it with a new approval"))
            }
        }
        out += PolicyTestValidator.validate(set)
        return out
    }

    private static func duplicates(_ items: [(String, SourceSpan)], _ what: String, _ out: inout [Diagnostic]) {
        var first: [String: SourceSpan] = [:]
        for (id, span) in items {
            if let previous = first[id] {
                out.append(.error("policy_duplicate_id", "duplicate \(what) id `\(id)`", at: span,
                                  help: "`\(id)` is first declared at \(previous)"))
            } else {
                first[id] = span
            }
        }
    }

    /// One error per cycle, reported at the owner of the cycle that sorts first.
    private static func escalationCycles(_ owners: [Owner]) -> [Diagnostic] {
        let byId = Dictionary(owners.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var reported = Set<String>()
        var out: [Diagnostic] = []
        for owner in owners.sorted(by: { $0.span < $1.span }) {
            var path = [owner.id]
            var current = owner
            while let next = current.escalation, let nextOwner = byId[next] {
                if let loopStart = path.firstIndex(of: next) {
                    let cycle = Array(path[loopStart...])
                    let key = cycle.sorted().joined(separator: ",")
                    if !reported.contains(key) {
                        reported.insert(key)
                        let at = cycle.compactMap { byId[$0] }.min { $0.span < $1.span } ?? owner
                        out.append(.error("policy_escalation_cycle",
                                          "escalation cycle: " + (cycle + [next]).map { "`\($0)`" }.joined(separator: " → "),
                                          at: at.fields["escalation"] ?? at.span, help: "an escalation chain must end at an owner without `escalation`"))
                    }
                    break
                }
                path.append(next)
                current = nextOwner
            }
        }
        return out
    }
}
