public import WardenPolicy

/// The whole engine as a value: policies, directory mirror, planned targets, actions and
/// violations. Every operation takes its time as an argument and returns what it changed.
public struct EngineState: Sendable {
    public internal(set) var program: CompiledPolicy
    public internal(set) var directory: Directory
    public internal(set) var index: EvaluationIndex
    var scratch = EvaluationScratch()
    /// Per user index: the non-`none` planned targets, sorted by app.
    public internal(set) var targets: [[AppTarget]] = []
    public internal(set) var actions = ActionTable()
    public internal(set) var violations: [String: Violation] = [:]
    /// Open action ids per account: user index → app index → ids (the planner asks per account,
    /// and for a leaver, which apps have any).
    var openActions: [Int32: [Int32: [String]]] = [:]
    /// Open violation ids per action id, in the order they opened: resolving an action's
    /// violations looks here instead of scanning every violation.
    var openViolationsByAction: [String: [String]] = [:]
    /// Recording for the operation in progress.
    var recording = Recorder()

    public init(policies: PolicySet) {
        self.init(policies: policies, directory: Directory())
    }

    /// Restores a state persisted earlier: the mirror, the targets by (user id, app id), and the
    /// actions and violations still relevant (open ones at least).
    public init(policies: PolicySet, directory: Directory, targets: [(user: String, app: String, target: PlannedTarget)] = [],
                actions: [Action] = [], violations: [Violation] = []) {
        let program = CompiledPolicy(policies)
        self.program = program
        self.directory = directory
        self.index = EvaluationIndex(program: program, directory: directory)
        self.targets = Array(repeating: [], count: directory.users.count)
        for t in targets {
            guard let u = directory.userIndex(id: t.user), let a = program.appIndexById[t.app] else { continue }
            setTarget(user: u, app: a, to: t.target)
        }
        for action in actions { store(action) }
        for violation in violations { keep(violation) }
        // Restoring is not a change: the first operation reports only what it changes.
        recording = Recorder()
    }

    public var policies: PolicySet { program.policies }

    // MARK: Queries

    /// The planned target of a user's account in an app.
    public func target(user u: Int32, app a: Int32) -> Target {
        targets[Int(u)].first { $0.app == a }?.target ?? .none
    }

    public func plannedTarget(user u: Int32, app a: Int32) -> PlannedTarget {
        planned(target(user: u, app: a), app: a)
    }

    func planned(_ t: Target, app a: Int32) -> PlannedTarget {
        switch t {
        case .none: return .none
        case .suspended: return .suspended
        case .active(let bits): return .active(program.roleNames(app: a, bits))
        }
    }

    /// The roles the policies grant a user now, per app with any (inactive users get none).
    public mutating func entitlements(user u: Int32, at time: Timestamp) -> [AppRoles] {
        var out: [AppRoles] = []
        index.evaluate(user: u, in: directory, at: time, scratch: &scratch, into: &out)
        return out
    }

    /// Open actions on one account.
    public func openActions(user: String, app: String) -> [Action] {
        guard let u = directory.userIndex(id: user), let a = program.appIndexById[app] else { return [] }
        return openActions(user: u, app: a)
    }

    func openActions(user u: Int32, app a: Int32) -> [Action] {
        openActionIds(user: u, app: a).compactMap { actions[$0] }
    }

    /// The ids of the open actions on one account, oldest first.
    func openActionIds(user u: Int32, app a: Int32) -> [String] {
        openActions[u]?[a] ?? []
    }

    /// Re-keys the open-action index by the apps' indices in the current program (after a policy
    /// change); actions of apps no longer in the policies leave the index, in-order otherwise.
    mutating func reindexOpenActions(from old: CompiledPolicy) {
        var fresh: [Int32: [Int32: [String]]] = [:]
        for (u, byApp) in openActions {
            for (a, ids) in byApp {
                guard let n = program.appIndexById[old.apps[Int(a)].id] else { continue }
                fresh[u, default: [:]][n] = ids
            }
        }
        openActions = fresh
    }

    /// The apps in which a user has open actions.
    func appsWithOpenActions(user u: Int32) -> Dictionary<Int32, [String]>.Keys? {
        openActions[u]?.keys
    }

    /// All actions, oldest first, ties by id.
    public var sortedActions: [Action] {
        actions.values.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    /// All violations, oldest first, ties by id.
    public var sortedViolations: [Violation] {
        violations.values.sorted { ($0.detectedAt, $0.id) < ($1.detectedAt, $1.id) }
    }

    /// The owner accountable for an app's findings; for findings tied to no app (or to an app
    /// the policies no longer declare), the fallback owner. Validation requires both to be declared
    /// owners, and only validated policies reach the engine, so every finding has a real owner.
    public func owner(forApp app: String?) -> OwnerRef {
        let id = app.flatMap { program.app($0)?.owner } ?? policies.settings.fallbackOwner
        guard let owner = id.flatMap(policies.owner) else {
            preconditionFailure("unvalidated policies: no declared owner for findings of \(app.map { "`\($0)`" } ?? "no app")")
        }
        return OwnerRef(owner)
    }

    // MARK: Bookkeeping

    mutating func setTarget(user u: Int32, app a: Int32, to target: PlannedTarget) {
        while targets.count <= Int(u) { targets.append([]) }
        let value: Target
        switch target {
        case .none: value = .none
        case .suspended: value = .suspended
        case .active(let names):
            let bits = program.roleBits(app: a, names)
            value = bits == 0 ? .none : .active(bits)
        }
        var list = targets[Int(u)]
        if let i = list.firstIndex(where: { $0.app == a }) {
            if case .none = value { list.remove(at: i) } else { list[i].target = value }
        } else if value != .none {
            let at = list.firstIndex { $0.app > a } ?? list.count
            list.insert(AppTarget(app: a, target: value), at: at)
        }
        targets[Int(u)] = list
    }

    /// Inserts or replaces an action, keeping the open-action index in step, and records it.
    /// `u` and `a` are the action's user and app indices, when the caller has them at hand.
    /// The action moves into the table (no copy of its fields).
    mutating func store(_ action: consuming Action, created: Bool = false, user u: Int32? = nil, app a: Int32? = nil) {
        let (id, userId, appId, isOpen) = (action.id, action.user.id, action.app, action.status.isOpen)
        let wasOpen = actions.upsert(action)?.isOpen ?? false
        if isOpen != wasOpen, let u = u ?? directory.userIndex(id: userId), let a = a ?? program.appIndexById[appId] {
            if isOpen {
                openActions[u, default: [:]][a, default: []].append(id)
            } else {
                openActions[u]?[a]?.removeAll { $0 == id }
                if openActions[u]?[a]?.isEmpty == true { openActions[u]?[a] = nil }
                if openActions[u]?.isEmpty == true { openActions[u] = nil }
            }
        }
        recording.action(id, created: created)
    }

    mutating func store(_ violation: Violation) {
        keep(violation)
        recording.violation(violation.id)
    }

    /// Puts a violation in memory and keeps `openViolationsByAction` in step with it.
    private mutating func keep(_ violation: Violation) {
        let old = violations.updateValue(violation, forKey: violation.id)
        let was = old.flatMap { $0.status == .open ? $0.action : nil }
        let now = violation.status == .open ? violation.action : nil
        // An open violation updated in place (say, escalated) keeps its place.
        guard was != now else { return }
        if let was {
            openViolationsByAction[was]?.removeAll { $0 == violation.id }
            if openViolationsByAction[was]?.isEmpty == true { openViolationsByAction[was] = nil }
        }
        if let now { openViolationsByAction[now, default: []].append(violation.id) }
    }

    /// Drops these actions and violations from memory when they are closed or resolved (after
    /// they were persisted): only open ones take part in planning.
    public mutating func forget(closedActions actionIds: some Sequence<String>, resolvedViolations violationIds: some Sequence<String>) {
        for id in actionIds where actions[id].map({ !$0.status.isOpen }) ?? false { actions[id] = nil }
        for id in violationIds where violations[id].map({ $0.status != .open }) ?? false { violations[id] = nil }
    }

    /// Collects what the current operation touched.
    struct Recorder: Sendable {
        var actionOrder: [String] = []
        var actionSeen: Set<String> = []
        var created: Set<String> = []
        var violationOrder: [String] = []
        var violationSeen: Set<String> = []
        var targets: [EngineDelta.TargetChange] = []

        /// A created id is new to the table, and actions never leave it during an operation, so it
        /// was not recorded before: it goes into `created` only (one hash, not two).
        mutating func action(_ id: String, created isNew: Bool) {
            if isNew {
                created.insert(id)
                actionOrder.append(id)
            } else if created.isEmpty || !created.contains(id), actionSeen.insert(id).inserted {
                actionOrder.append(id)
            }
        }

        mutating func violation(_ id: String) {
            if violationSeen.insert(id).inserted { violationOrder.append(id) }
        }
    }

    /// Ends the current operation: turns the recording into a delta and clears it.
    mutating func finish(_ delta: inout EngineDelta) {
        delta.actions = recording.actionOrder.compactMap { actions[$0] }
        delta.createdActionIds = recording.created
        delta.violations = recording.violationOrder.compactMap { violations[$0] }
        delta.targets = recording.targets
        recording = Recorder()
    }
}

extension EngineState {
    /// Brings a stored action (say, one already closed) back into memory without recording a change.
    public mutating func remember(_ action: Action) {
        let saved = recording
        store(action)
        recording = saved
    }
}
