public import WardenPolicy

/// How planned targets are stored: per user, (app, target) pairs relative to the policy version
/// they were planned under, in binary (`ByteWriter`: app index, then 0 = suspended or the role
/// bits), plus one table of that version's apps and role names, so another policy version can
/// still read them by name.
public enum TargetCodec {
    public static func encode(_ list: [AppTarget]) -> [UInt8] {
        var w = ByteWriter(capacity: 2 + list.count * 3)
        for t in list {
            switch t.target {
            case .active(let bits) where bits != 0:
                w.uint(UInt64(t.app))
                w.uint(bits)
            case .suspended:
                w.uint(UInt64(t.app))
                w.uint(0)
            default:
                continue
            }
        }
        return w.bytes
    }

    /// Reads `encode`'s bytes (sorted by app, as written); nil when they are not well formed.
    public static func decode(_ bytes: UnsafeRawBufferPointer) -> [AppTarget]? {
        var r = ByteReader(bytes)
        var out: [AppTarget] = []
        out.reserveCapacity(bytes.count / 3)
        do {
            while !r.isAtEnd {
                let app = try r.uint()
                let bits = try r.uint()
                guard app <= UInt64(Int32.max) else { return nil }
                out.append(AppTarget(app: Int32(app), target: bits == 0 ? .suspended : .active(bits)))
            }
        } catch {
            return nil
        }
        return out
    }

    /// The apps and role names of a policy version, as JSON: `[["github", ["admin", "member"]], ...]`.
    public static func rolesTable(_ program: CompiledPolicy) -> String {
        JSONValue.array(program.apps.map { .array([.string($0.id), .array($0.roleNames.map(JSONValue.string))]) }).compactText
    }

    /// Reads `rolesTable` back: per app index, the app id and its role names.
    public static func parseRolesTable(_ text: String) -> [(app: String, roles: [String])] {
        guard case .array(let apps)? = try? JSONParser.parse(text) else { return [] }
        return apps.compactMap { entry in
            guard case .array(let pair) = entry, pair.count == 2, let id = pair[0].stringValue, case .array(let roles) = pair[1] else { return nil }
            return (id, roles.compactMap(\.stringValue))
        }
    }

    /// A stored target in role names, given the table of the version it was stored under.
    public static func named(_ t: AppTarget, table: [(app: String, roles: [String])]) -> (app: String, target: PlannedTarget)? {
        guard Int(t.app) < table.count else { return nil }
        let entry = table[Int(t.app)]
        switch t.target {
        case .none: return nil
        case .suspended: return (entry.app, .suspended)
        case .active(let bits):
            return (entry.app, .active(entry.roles.indices.filter { bits & (1 << UInt64($0)) != 0 }.map { entry.roles[$0] }))
        }
    }
}

extension EngineState {
    /// Restores a user's stored targets (sorted by app, as `TargetCodec` wrote them); targets of
    /// apps the current program does not have are dropped.
    public mutating func restoreTargets(user u: Int32, _ list: [AppTarget]) {
        while targets.count <= Int(u) { targets.append([]) }
        targets[Int(u)] = list.filter { Int($0.app) < program.apps.count }
    }
}
