import WardenStore

extension SQLiteStore {
    /// Everything a request can change, as text: events, actions, violations, the audit chain,
    /// planned targets and the SCIM resources of `directories`. Equal dumps: nothing changed.
    func dump(directories: [String]) throws -> String {
        var lines = try events().map { "event \($0.seq) \($0.id ?? "-") \($0.outcome) \($0.deliveries)" }
        lines += try actions(ActionQuery()).map { "action \($0.json.compactText)" }
        lines += try violations(ViolationQuery()).map { "violation \($0.json.compactText)" }
        lines += try auditEntries().map { "audit \($0.seq) \($0.hash)" }
        lines += try plannedTargets().map { "target \($0.user) \($0.app) \($0.target)" }
        for directory in directories {
            for type in ["User", "Group"] {
                lines += try scimRows(type: type, directoryId: directory).map { "scim \(directory) \($0.id) \($0.revision) \($0.attributes) \($0.members)" }
            }
        }
        return lines.joined(separator: "\n")
    }
}
