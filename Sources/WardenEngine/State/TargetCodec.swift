public import WardenPolicy

/// How planned targets are stored: per user, `app:bits` pairs relative to the policy version they
/// were planned under (`3:5;12:S` = app 3 with roles 0 and 2, app 12 suspended), plus one table
/// of that version's apps and role names, so another policy version can still read them by name.
public enum TargetCodec {
    public static func encode(_ list: [AppTarget]) -> String {
        var out = ""
        for (i, t) in list.enumerated() {
            if i > 0 { out += ";" }
            out += String(t.app) + ":"
            switch t.target {
            case .active(let bits): out += String(bits, radix: 16)
            case .suspended: out += "S"
            case .none: out += "0"
            }
        }
        return out
    }

    public static func decode(_ text: String) -> [AppTarget] {
        var out: [AppTarget] = []
        for part in text.utf8.split(separator: UInt8(ascii: ";")) {
            guard let colon = part.firstIndex(of: UInt8(ascii: ":")),
                  let app = Int32(String(decoding: part[part.startIndex..<colon], as: UTF8.self)) else { continue }
            let value = String(decoding: part[part.index(after: colon)...], as: UTF8.self)
            if value == "S" {
                out.append(AppTarget(app: app, target: .suspended))
            } else if let bits = UInt64(value, radix: 16), bits != 0 {
                out.append(AppTarget(app: app, target: .active(bits)))
            }
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
    /// Restores a target stored under the current policy version (no translation by name).
    public mutating func restoreTarget(user: String, _ target: AppTarget) {
        guard let u = directory.userIndex(id: user), Int(target.app) < program.apps.count else { return }
        while targets.count <= Int(u) { targets.append([]) }
        var list = targets[Int(u)]
        if let i = list.firstIndex(where: { $0.app == target.app }) {
            list[i] = target
        } else {
            list.insert(target, at: list.firstIndex { $0.app > target.app } ?? list.count)
        }
        targets[Int(u)] = list
    }
}
