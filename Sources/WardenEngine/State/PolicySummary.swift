public import WardenPolicy

/// What a deployed policy version looked like, kept beside the targets so `warden plan` can
/// compare a proposed version with it: per app, its name, owner, roles and deadlines.
public struct PolicySummary: Sendable, Hashable {
    public struct App: Sendable, Hashable {
        public var id: String
        public var name: String
        public var owner: String
        public var roles: [String]
        public var deadlines: [String: String]
    }

    public var apps: [App]

    public init(_ program: CompiledPolicy) {
        apps = program.apps.map { a in
            var d = ["provision": a.deadlines.provision.description, "revoke": a.deadlines.revoke.description,
                     "suspend": a.deadlines.suspend.description, "deprovision": a.deadlines.deprovision.description]
            if a.grace > .zero { d["mover grace"] = a.grace.description }
            return App(id: a.id, name: a.application.name, owner: a.owner, roles: a.roleNames, deadlines: d)
        }
    }

    public var json: JSONValue {
        .array(apps.map { a in
            .object([("id", .string(a.id)), ("name", .string(a.name)), ("owner", .string(a.owner)),
                     ("roles", .array(a.roles.map(JSONValue.string))),
                     ("deadlines", .object(a.deadlines.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) }))])
        })
    }

    public init?(json: JSONValue) {
        guard case .array(let items) = json else { return nil }
        apps = items.compactMap { item in
            guard let id = item["id"]?.stringValue else { return nil }
            var deadlines: [String: String] = [:]
            if case .object(let pairs)? = item["deadlines"] { for (k, v) in pairs { deadlines[k] = v.stringValue } }
            let roles: [String]
            if case .array(let r)? = item["roles"] { roles = r.compactMap(\.stringValue) } else { roles = [] }
            return App(id: id, name: item["name"]?.stringValue ?? id, owner: item["owner"]?.stringValue ?? "", roles: roles, deadlines: deadlines)
        }
    }
}
