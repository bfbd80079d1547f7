public import WardenPolicy

extension EngineState {
    /// Applies one directory change: updates the mirror, re-evaluates the affected users and plans
    /// the actions (SPEC §4.1), then applies the blast-radius guard (§4.5).
    public mutating func apply(_ envelope: ChangeEnvelope) -> EngineDelta {
        var delta = EngineDelta()
        let result = directory.apply(envelope.change)
        delta.directory = result
        let changedSomething = !result.changedUsers.isEmpty || !result.changedGroups.isEmpty || !result.changedMemberships.isEmpty
        switch result.outcome {
        case .ignored(let reason):
            delta.outcome = .ignored(reason)
        case .stale where !changedSomething:
            delta.outcome = .stale
        default:
            delta.outcome = .applied
        }
        if changedSomething {
            for g in result.changedGroups.sorted() { index.bindGroup(g, in: directory) }
            for u in result.changedUsers.sorted() { index.bindUser(u, in: directory) }
            while targets.count < directory.users.count { targets.append([]) }
            var seen = Set<Int32>()
            let kind: CauseKind? = envelope.origin == .snapshot ? .drift : nil
            for (user, detail) in result.affected where seen.insert(user).inserted {
                replan(user: user, PlanContext(change: envelope.id, event: envelope.id, time: envelope.time, detail: detail, kind: kind))
            }
            applyGuard(change: envelope.id, detail: "change `\(envelope.id)`", at: envelope.time)
        }
        finish(&delta)
        return delta
    }

    /// Re-evaluates one user at `context.time` and plans the difference for every app.
    /// `previous` overrides the planned targets (by app) when they were made under other policies.
    mutating func replan(user u: Int32, _ context: PlanContext, previous: [Int32: PlannedTarget]? = nil) {
        var fresh: [AppRoles] = []
        index.evaluate(user: u, in: directory, at: context.time, scratch: &scratch, into: &fresh)
        let state = directory.users[Int(u)].state
        var apps = Set(previous.map { Array($0.keys) } ?? targets[Int(u)].map(\.app))
        apps.formUnion(fresh.map(\.app))
        if state != .active, let open = appsWithOpenActions(user: u) { apps.formUnion(open) }
        // A leaver once seen active who would still qualify is treated as having had an account.
        var qualifies: Set<Int32> = []
        if state == .inactive && directory.everActive[Int(u)] && program.apps.contains(where: \.suspendsInactive) {
            var would: [AppRoles] = []
            index.evaluate(user: u, in: directory, at: context.time, scratch: &scratch, into: &would, asIfActive: true)
            qualifies = Set(would.filter { $0.roles != 0 && program.apps[Int($0.app)].suspendsInactive }.map(\.app))
            apps.formUnion(qualifies)
        }
        for a in apps.sorted() {
            let roles = fresh.first { $0.app == a }
            let had = previous.map { ($0[a] ?? .none).hasAccount } ?? (target(user: u, app: a) != .none)
            let t1: Target
            if let roles, roles.roles != 0 {
                t1 = .active(roles.roles)
            } else if state == .inactive && program.apps[Int(a)].suspendsInactive && (had || qualifies.contains(a)) {
                t1 = .suspended
            } else {
                t1 = .none
            }
            // Same policy version: compare bit sets, and spell out role names only for a change.
            if previous == nil && target(user: u, app: a) == t1 {
                if t1 == .none && state != .active { escalateMoverRemoval(user: u, app: a, context) }
                continue
            }
            let p0 = previous.map { $0[a] ?? .none } ?? plannedTarget(user: u, app: a)
            let p1 = planned(t1, app: a)
            if p0 != p1 {
                setTarget(user: u, app: a, to: p1)
                recording.targets.append(.init(user: directory.users[Int(u)].id, app: program.apps[Int(a)].id, target: p1))
                planAccount(user: u, app: a, from: p0, to: p1, granted: roles, context)
            } else if p1 == .none && state != .active {
                escalateMoverRemoval(user: u, app: a, context)
            }
        }
    }

    /// Switches to new policies and re-plans every user under them (cause `policy_change`).
    /// Targets of applications no longer in the policies are dropped without actions: those
    /// applications are no longer managed.
    public mutating func reload(_ policies: PolicySet, at time: Timestamp) -> EngineDelta {
        let old = program
        var previous: [(user: String, app: String, target: PlannedTarget)] = []
        for (u, list) in targets.enumerated() {
            for t in list { previous.append((directory.users[u].id, old.apps[Int(t.app)].id, planned(old: old, t))) }
        }
        program = CompiledPolicy(policies)
        index = EvaluationIndex(program: program, directory: directory)
        scratch = EvaluationScratch()
        reindexOpenActions(from: old)
        return replanAll(previous: previous, at: time)
    }

    /// Re-plans every user under the current policies against targets planned under earlier
    /// ones (given by role names, so removed roles still yield their revokes).
    public mutating func replanAll(previous: [(user: String, app: String, target: PlannedTarget)], at time: Timestamp) -> EngineDelta {
        var delta = EngineDelta()
        var byUser: [Int32: [Int32: PlannedTarget]] = [:]
        for p in previous {
            guard let u = directory.userIndex(id: p.user), let a = program.appIndexById[p.app] else { continue }
            byUser[u, default: [:]][a] = p.target
        }
        targets = Array(repeating: [], count: directory.users.count)
        let change = "policy:\(policies.contentHash.prefix(16))"
        for u in directory.users.indices {
            let previous = byUser[Int32(u)] ?? [:]
            for (a, t) in previous { setTarget(user: Int32(u), app: a, to: t) }
            replan(user: Int32(u), PlanContext(change: change, event: change, time: time, detail: "policies changed", kind: .policyChange),
                   previous: previous)
        }
        applyGuard(change: change, detail: "the policy change", at: time)
        finish(&delta)
        return delta
    }

    private func planned(old: CompiledPolicy, _ t: AppTarget) -> PlannedTarget {
        switch t.target {
        case .none: return .none
        case .suspended: return .suspended
        case .active(let bits): return .active(old.roleNames(app: t.app, bits))
        }
    }

    /// A user who leaves while a mover deprovision is still open (say, in its grace period) gets a
    /// leaver deprovision with the leaver deadline, which supersedes the slower one. Only a mover
    /// removal (planned while the user was active) is replaced, and only by an earlier due time: a
    /// deprovision that already follows the leaver rule — found by an event, a snapshot or a
    /// reload — keeps its due time, so a missed deadline stays missed.
    private mutating func escalateMoverRemoval(user u: Int32, app a: Int32, _ context: PlanContext) {
        let app = program.apps[Int(a)]
        let open = openActions(user: u, app: a)
        guard let mover = open.first(where: { $0.type == .deprovision && !$0.followsLeaverRule }),
              context.time + app.deadlines.deprovision < mover.dueAt else { return }
        createAction(.deprovision, user: u, app: a, context, previous: mover.previous)
    }
}
