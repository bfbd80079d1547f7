public import WardenPolicy

/// Why a user has, or lacks, each role: the reasons behind `warden explain` (SPEC §5).
public struct Explanation: Sendable {
    public var user: DirectoryUser
    public var groups: [String]
    public var at: Timestamp
    public var apps: [AppExplanation]

    public struct AppExplanation: Sendable {
        public var app: String
        public var name: String
        public var owner: OwnerRef
        /// What the account should be now, by the plan.
        public var planned: PlannedTarget
        /// The roles the policies give at `at`.
        public var entitled: [String]
        public var exclusive: Bool
        public var roles: [RoleExplanation]
        public var exceptions: [ExceptionExplanation]
        public var openActions: [ActionExplanation]
    }

    public struct RoleExplanation: Sendable {
        public var name: String
        public var holds: Bool
        /// For `exclusive` apps: held, but an earlier role won.
        public var shadowed: Bool
        public var rule: RuleRef
        public var condition: ConditionOutcome
    }

    /// One condition and its outcome, with its children (for `all`, `any`, `not`).
    public struct ConditionOutcome: Sendable {
        public var text: String
        public var holds: Bool
        public var span: SourceSpan
        /// The user's value for attribute tests (nil when missing).
        public var value: String?
        public var isAttribute: Bool
        public var children: [ConditionOutcome]
    }

    public struct ExceptionExplanation: Sendable {
        public var id: String
        public var role: String
        public var live: Bool
        public var expires: Timestamp
        public var approvedBy: String
        public var reason: String
        public var span: SourceSpan
    }

    public struct ActionExplanation: Sendable {
        public var action: Action
        /// "user deactivated at 2026-05-20 14:02 UTC + deprovision deadline 4h = due 18:02 UTC"
        public var arithmetic: String
    }
}

extension EngineState {
    /// Explains every app (or one) for a user at `time`; nil when the user is unknown.
    public mutating func explain(user key: String, app only: String? = nil, at time: Timestamp) -> Explanation? {
        guard let u = directory.userIndex(idOrEmail: key) else { return nil }
        let user = directory.user(u)
        var granted: [AppRoles] = []
        index.evaluate(user: u, in: directory, at: time, scratch: &scratch, into: &granted)
        var apps: [Explanation.AppExplanation] = []
        for (a, app) in program.apps.enumerated() where only == nil || only == app.id {
            let ai = Int32(a)
            let roles = granted.first { $0.app == ai }
            var firstWinner = true
            let roleExplanations = app.application.roles.enumerated().map { i, role -> Explanation.RoleExplanation in
                let (holds, outcomes) = index.trace(root: app.roots[i], user: u, in: directory)
                let counted = user.state == .active && holds
                let shadowed = app.exclusive && counted && !firstWinner
                if counted { firstWinner = false }
                return Explanation.RoleExplanation(
                    name: role.name, holds: holds, shadowed: shadowed,
                    rule: RuleRef(file: role.span.file, line: role.span.line, path: "roles[\(i)]"),
                    condition: outcome(app.roots[i], outcomes, user))
            }
            let exceptions = index.exceptions(of: u).map { policies.exceptions[$0] }.filter { $0.app == app.id }.map { e in
                Explanation.ExceptionExplanation(id: e.id, role: e.role, live: e.isLive(at: time), expires: e.expires,
                                                 approvedBy: e.approvedBy, reason: e.reason, span: e.span)
            }
            apps.append(Explanation.AppExplanation(
                app: app.id, name: app.application.name, owner: owner(forApp: app.id), planned: plannedTarget(user: u, app: ai),
                entitled: roles.map { program.roleNames(app: ai, $0.roles) } ?? [], exclusive: app.exclusive,
                roles: roleExplanations, exceptions: exceptions,
                openActions: openActions(user: user.id, app: app.id).sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
                    .map { Explanation.ActionExplanation(action: $0, arithmetic: Self.arithmetic($0, app)) }))
        }
        return Explanation(user: user, groups: directory.groupNames(of: u), at: time, apps: apps)
    }

    private func outcome(_ node: Int32, _ outcomes: [Int32: Bool], _ user: DirectoryUser) -> Explanation.ConditionOutcome {
        let attribute = program.attributeName(of: node)
        return Explanation.ConditionOutcome(
            text: program.nodeTexts[Int(node)], holds: outcomes[node] ?? false, span: program.nodeSpans[Int(node)],
            value: attribute.flatMap { user.attribute($0) }, isAttribute: attribute != nil,
            children: program.children(of: node).map { outcome($0, outcomes, user) })
    }

    /// The deadline arithmetic of an action, in words.
    static func arithmetic(_ a: Action, _ app: CompiledPolicy.CompiledApp) -> String {
        let start = "\(a.cause.detail) at \(a.createdAt.humanMinute)"
        let due = a.dueAt.day == a.createdAt.day ? a.dueAt.humanClock : a.dueAt.humanMinute
        let total = a.dueAt - a.createdAt
        if let nb = a.notBefore {
            let grace = nb - a.createdAt
            return "\(start) + mover grace \(grace) + revoke deadline \(total.seconds - grace.seconds >= 0 ? PolicyDuration(seconds: total.seconds - grace.seconds) : .zero) = due \(due)"
        }
        let name: String
        switch a.type {
        case .provision, .grant, .restore: name = "provision deadline"
        case .suspend: name = "suspend deadline"
        case .deprovision where a.followsLeaverRule: name = "deprovision deadline"
        case .revoke, .deprovision: name = "revoke deadline"
        }
        return "\(start) + \(name) \(total) = due \(due)"
    }
}
