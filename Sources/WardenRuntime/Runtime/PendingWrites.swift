import WardenEngine
import WardenPolicy
import WardenStore

/// What changed in memory since the last commit; turned into one `StoreBatch` at flush time
/// from the final in-memory state (so a user changed by 50 events is written once).
struct PendingWrites {
    var events: [EventRecord] = []
    var duplicates: [String] = []
    var users: Set<Int32> = []
    var groups: Set<Int32> = []
    var deletedDirectories = false
    var targetUsers: Set<String> = []
    /// Every user's targets are rewritten (after a policy change re-numbered apps and roles).
    var allTargets = false
    /// Actions changed since the last commit (repeats included); the batch reads their final
    /// version from the engine, which keeps every one until the batch is taken.
    var actions: [String] = []
    /// Actions first created since the last commit (the rest only changed).
    var createdActions: Set<String> = []
    var violations: [String: Violation] = [:]
    var meta: [String: String] = [:]
    var cursors: [String: String] = [:]
    var scim: [SCIMRowWrite] = []

    var isEmpty: Bool {
        events.isEmpty && duplicates.isEmpty && users.isEmpty && groups.isEmpty && !deletedDirectories && targetUsers.isEmpty && !allTargets
            && actions.isEmpty && violations.isEmpty && meta.isEmpty && cursors.isEmpty
            && scim.isEmpty
    }

    /// Notes everything an engine operation touched.
    mutating func record(_ delta: EngineDelta) {
        if let d = delta.directory {
            users.formUnion(d.changedUsers)
            groups.formUnion(d.changedGroups)
        }
        for t in delta.targets { targetUsers.insert(t.user) }
        actions += delta.actions.map(\.id)
        createdActions.formUnion(delta.createdActionIds)
        for v in delta.violations { violations[v.id] = v }
    }

    /// The batch to commit, read from the final state.
    func batch(from state: EngineState) -> StoreBatch {
        var b = StoreBatch()
        b.events = events
        b.duplicates = duplicates
        let directory = state.directory
        for u in users.sorted() {
            let memberships = directory.membershipRecords[Int(u)].map { (group: directory.group($0.group).id, record: $0) }
            b.users.append(UserRow(user: directory.user(u), everActive: directory.everActive[Int(u)], memberships: memberships))
        }
        b.groups = groups.sorted().map { directory.group($0) }
        if deletedDirectories {
            b.deletedDirectories = directory.deletedDirectories.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
        let users = allTargets ? directory.users.indices.map { Int32($0) } : targetUsers.sorted().compactMap { directory.userIndex(id: $0) }
        for u in users {
            b.targets[directory.user(u).id] = Int(u) < state.targets.count ? TargetCodec.encode(state.targets[Int(u)]) : []
        }
        if allTargets {
            b.meta["targets_policy"] = state.policies.contentHash
            b.meta["targets_roles"] = TargetCodec.rolesTable(state.program)
            b.meta["deployed_policy"] = PolicySummary(state.program).json.compactText
        }
        let ids = actions.sorted()
        b.actions = ids.indices.compactMap { i in i > 0 && ids[i] == ids[i - 1] ? nil : state.actions[ids[i]] }
        b.createdActions = createdActions
        b.violations = violations.values.sorted { $0.id < $1.id }
        b.meta.merge(meta) { _, new in new }
        b.cursors = cursors
        b.scim = scim
        return b
    }
}
