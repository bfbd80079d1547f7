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
    var actions: [String: Action] = [:]
    var violations: [String: Violation] = [:]
    var meta: [String: String] = [:]
    var cursors: [String: String] = [:]

    var isEmpty: Bool {
        events.isEmpty && duplicates.isEmpty && users.isEmpty && groups.isEmpty && !deletedDirectories && targetUsers.isEmpty
            && actions.isEmpty && violations.isEmpty && meta.isEmpty && cursors.isEmpty
    }

    /// Notes everything an engine operation touched.
    mutating func record(_ delta: EngineDelta) {
        if let d = delta.directory {
            users.formUnion(d.changedUsers)
            groups.formUnion(d.changedGroups)
        }
        for t in delta.targets { targetUsers.insert(t.user) }
        for a in delta.actions { actions[a.id] = a }
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
        for userId in targetUsers.sorted() {
            guard let u = directory.userIndex(id: userId) else { continue }
            b.targets[userId] = state.targets[Int(u)].map { t in
                (app: state.program.apps[Int(t.app)].id, target: state.plannedTarget(user: u, app: t.app))
            }
        }
        b.actions = actions.values.sorted { $0.id < $1.id }
        b.violations = violations.values.sorted { $0.id < $1.id }
        b.meta = meta
        b.cursors = cursors
        return b
    }
}
