public import WardenPolicy

extension EngineState {
    /// Turns one account's target change into actions (the table of SPEC §4.1), with
    /// supersession and grace-period cancellation.
    mutating func planAccount(user u: Int32, app a: Int32, from t0: PlannedTarget, to t1: PlannedTarget,
                              granted: AppRoles?, _ context: PlanContext) {
        switch (t0, t1) {
        case (.none, .active(let roles)):
            let open = openActions(user: u, app: a)
            if let waiting = open.first(where: { $0.type == .deprovision && $0.status == .scheduled }) {
                cancel(waiting, at: context.time)
                planRoles(user: u, app: a, from: waiting.previous?.roles ?? [], to: roles, granted: granted, context, timing: waiting)
            } else {
                createAction(.provision, user: u, app: a, roles: roles, context, granted: granted, previous: t0)
            }
        case let (.active(r0), .active(r1)):
            planRoles(user: u, app: a, from: r0, to: r1, granted: granted, context, timing: nil)
        case (.active, .suspended), (.none, .suspended):
            createAction(.suspend, user: u, app: a, context, previous: t0)
        case (.suspended, .active(let roles)):
            createAction(.restore, user: u, app: a, roles: roles, context, granted: granted, previous: t0)
        case (.active, .none), (.suspended, .none):
            createAction(.deprovision, user: u, app: a, context, previous: t0)
        default:
            break
        }
    }

    /// Grants and revokes between two role sets. A grant whose role has a scheduled revoke
    /// cancels that revoke instead: the account never changed.
    private mutating func planRoles(user u: Int32, app a: Int32, from r0: [String], to r1: [String], granted: AppRoles?,
                                    _ context: PlanContext, timing: Action?) {
        for role in r1 where !r0.contains(role) {
            let open = openActions(user: u, app: a)
            if let waiting = open.first(where: { $0.type == .revoke && $0.role == role && $0.status == .scheduled }) {
                cancel(waiting, at: context.time)
            } else {
                createAction(.grant, user: u, app: a, role: role, context, granted: granted, previous: .active(r0))
            }
        }
        for role in r0 where !r1.contains(role) {
            createAction(.revoke, user: u, app: a, role: role, context, previous: .active(r0), timing: timing)
        }
    }

    private mutating func cancel(_ action: Action, at time: Timestamp) {
        var a = action
        a.status = .cancelled
        a.resolution = Resolution(source: "planner", at: time, message: "the entitlement came back before `not_before`")
        store(a)
        resolveViolations(ofAction: a.id, at: time)
    }

    /// Creates one action with its cause, rule, owner and deadline, superseding what it makes moot.
    mutating func createAction(_ type: ActionType, user u: Int32, app a: Int32, role: String? = nil, roles: [String]? = nil,
                               _ context: PlanContext, granted: AppRoles? = nil, previous: PlannedTarget?, timing: Action? = nil) {
        let user = directory.users[Int(u)]
        let app = program.apps[Int(a)]
        let id = StableId.action(event: context.event, user: user.id, app: app.id, type: type, role: role)
        if actions.contains(id) { return }
        let leaver = user.state != .active
        let kind = context.kind ?? Self.causeKind(type, leaver: leaver)
        let d = app.deadlines
        var notBefore: Timestamp?
        let due: Timestamp
        switch type {
        case .provision, .grant, .restore:
            due = context.time + d.provision
        case .suspend:
            due = context.time + d.suspend
        case .deprovision where leaver:
            due = context.time + d.deprovision
        case .revoke, .deprovision:
            if app.grace > .zero { notBefore = context.time + app.grace }
            due = context.time + app.grace + d.revoke
        }
        if let timing {
            notBefore = timing.notBefore
        }
        let status: ActionStatus = (notBefore.map { $0 > context.time } ?? false) ? .scheduled : .pending
        let action = Action(
            id: id, type: type, app: app.id, role: role, roles: roles,
            user: UserRef(id: user.id, email: user.email),
            cause: Cause(kind: kind, event: context.event, detail: context.detail),
            rule: rule(for: type, app: a, role: role ?? roles?.first, user: u, granted: granted, leaver: leaver,
                       previous: previous, kind: kind, time: context.time),
            owner: app.owner, createdAt: context.time, notBefore: notBefore,
            dueAt: timing?.dueAt ?? due, status: status, change: context.change, previous: previous)
        let accountLevel = action.isAccountLevel
        for other in openActionIds(user: u, app: a)
        where accountLevel || actions.matches(other, { !$0.isAccountLevel && $0.role == role }) {
            guard var moot = actions[other] else { continue }
            moot.status = .superseded
            moot.resolution = Resolution(source: "planner", at: context.time, by: id)
            store(moot, user: u, app: a)
            resolveViolations(ofAction: moot.id, at: context.time)
        }
        store(action, created: true, user: u, app: a)
    }

    static func causeKind(_ type: ActionType, leaver: Bool) -> CauseKind {
        switch type {
        case .provision, .grant, .restore: return .joiner
        case .revoke: return .mover
        case .suspend: return .leaver
        case .deprovision: return leaver ? .leaver : .mover
        }
    }

    /// The policy text an action follows from: the role rule or exception that grants (or no
    /// longer grants) the role, or the app's leaver setting.
    private func rule(for type: ActionType, app a: Int32, role: String?, user u: Int32, granted: AppRoles?, leaver: Bool,
                      previous: PlannedTarget?, kind: CauseKind, time: Timestamp) -> RuleRef {
        let application = program.apps[Int(a)].application
        func roleRule(_ name: String) -> RuleRef? { self.roleRule(name, app: a, user: u, granted: granted, kind: kind, at: time) }
        let appRule = RuleRef(file: application.span.file, line: application.span.line, path: "roles")
        switch type {
        case .provision, .grant, .restore, .revoke:
            return role.flatMap(roleRule) ?? appRule
        case .suspend:
            return RuleRef(file: application.leaverSpan.file, line: application.leaverSpan.line, path: RuleRef.leaverInactivePath)
        case .deprovision:
            if leaver {
                return RuleRef(file: application.leaverSpan.file, line: application.leaverSpan.line, path: RuleRef.leaverPath)
            }
            return previous?.roles.first.flatMap(roleRule) ?? appRule
        }
    }

    /// The policy text that gives (or gave) a role: the live exception when only an exception
    /// gives it (`granted` says which), the expired exception for an expiry, else the role's rule.
    func roleRule(_ name: String, app a: Int32, user u: Int32, granted: AppRoles?, kind: CauseKind?, at time: Timestamp) -> RuleRef? {
        let app = program.apps[Int(a)]
        guard let i = app.roleNames.firstIndex(of: name) else { return nil }
        let bit = UInt64(1) << UInt64(i)
        if let granted, granted.rules & bit == 0, granted.exceptions & bit != 0,
           let e = index.liveExceptions(user: u, app: a, at: time).map({ policies.exceptions[$0] }).first(where: { $0.role == name }) {
            return RuleRef(file: e.span.file, line: e.span.line, path: "exceptions/\(e.id)")
        }
        if kind == .exceptionExpired,
           let e = index.exceptions(of: u).map({ policies.exceptions[$0] }).first(where: { $0.app == app.id && $0.role == name }) {
            return RuleRef(file: e.span.file, line: e.span.line, path: "exceptions/\(e.id)")
        }
        let r = app.application.roles[i]
        return RuleRef(file: r.span.file, line: r.span.line, path: "roles[\(i)]")
    }
}
