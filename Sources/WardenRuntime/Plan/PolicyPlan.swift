public import WardenEngine
public import WardenPolicy
public import WardenStore

/// What deploying a proposed policy set would change for the current directory (`warden plan`).
public struct PolicyPlan: Sendable {
    public struct AppChange: Sendable {
        public var app: String
        public var name: String
        public var owner: String
        /// The actions deploying would create.
        public var actions: [Action]
        /// `deprovision: 4h → 1h`, `owner: platform → it`, `role `x` removed`.
        public var changes: [String]
    }

    public var apps: [AppChange]
    public var addedApps: [String]
    /// Apps no longer in the policies, with how many accounts Warden stops planning.
    public var removedApps: [(app: String, accounts: Int)]
    public var diagnostics: [Diagnostic]
    public var users: Int

    public var ownersAffected: [String] {
        Array(Set(apps.filter { !$0.actions.isEmpty || !$0.changes.isEmpty }.map(\.owner))).sorted()
    }

    /// Plans `proposed` against the database at `path`, read-only: nothing is written.
    public static func make(databasePath path: String, proposed: PolicyLoadResult, at time: Timestamp) throws(StoreError) -> PolicyPlan {
        let store = try SQLiteStore(path: path, readOnly: true)
        let loaded = try store.loadState()
        let table = TargetCodec.parseRolesTable(loaded.targetsRoles ?? "[]")
        var previous: [(user: String, app: String, target: PlannedTarget)] = []
        for row in loaded.targetRows {
            for t in row.targets {
                if let named = TargetCodec.named(t, table: table) { previous.append((row.user, named.app, named.target)) }
            }
        }
        let deployed = (try store.meta("deployed_policy")).flatMap { try? JSONParser.parse($0) }.flatMap(PolicySummary.init(json:))
        var state = EngineState(policies: proposed.policies, directory: loaded.directory, actions: loaded.openActions)
        let delta = state.replanAll(previous: previous, at: time)
        let now = PolicySummary(state.program)
        let before = Dictionary((deployed?.apps ?? []).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var apps: [AppChange] = []
        for app in now.apps {
            var changes: [String] = []
            if let old = before[app.id] {
                if old.owner != app.owner { changes.append("owner: \(old.owner) → \(app.owner)") }
                for key in Set(old.deadlines.keys).union(app.deadlines.keys).sorted() where old.deadlines[key] != app.deadlines[key] {
                    changes.append("\(key): \(old.deadlines[key] ?? "none") → \(app.deadlines[key] ?? "none")")
                }
                for role in old.roles where !app.roles.contains(role) { changes.append("role `\(role)` removed") }
                for role in app.roles where !old.roles.contains(role) { changes.append("role `\(role)` added") }
            }
            apps.append(AppChange(app: app.id, name: app.name, owner: app.owner,
                                  actions: delta.createdActions.filter { $0.app == app.id }, changes: changes))
        }
        let proposedIds = Set(now.apps.map(\.id))
        let removed = (deployed?.apps ?? []).filter { !proposedIds.contains($0.id) }.map { old in
            (app: old.id, accounts: previous.filter { $0.app == old.id }.count)
        }
        return PolicyPlan(apps: apps, addedApps: deployed == nil ? [] : now.apps.map(\.id).filter { before[$0] == nil },
                          removedApps: removed, diagnostics: proposed.diagnostics, users: loaded.directory.userCount)
    }
}
