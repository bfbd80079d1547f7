public import WardenPolicy

extension Explanation {
    /// The explanation as JSON (CLI `--format json` and the server's explain route).
    public func json(violations: [Violation]) -> JSONValue {
        let e = self
        func condition(_ c: Explanation.ConditionOutcome) -> JSONValue {
            var pairs: [(String, JSONValue)] = [("text", .string(c.text)), ("holds", .bool(c.holds)),
                                                ("file", .string(c.span.file)), ("line", .number(Double(c.span.line))),
                                                ("column", .number(Double(c.span.column)))]
            if c.isAttribute { pairs.append(("value", c.value.map(JSONValue.string) ?? .null)) }
            if !c.children.isEmpty { pairs.append(("children", .array(c.children.map(condition)))) }
            return .object(pairs)
        }
        let apps = e.apps.map { app -> JSONValue in
            .object([
                ("app", .string(app.app)), ("name", .string(app.name)), ("owner", app.owner.json),
                ("planned", .string(app.planned.description)), ("entitled", .array(app.entitled.map(JSONValue.string))),
                ("exclusive", .bool(app.exclusive)),
                ("roles", .array(app.roles.map { r in
                    .object([("name", .string(r.name)), ("holds", .bool(r.holds)), ("shadowed", .bool(r.shadowed)),
                             ("rule", .object([("file", .string(r.rule.file)), ("line", .number(Double(r.rule.line))), ("path", .string(r.rule.path))])),
                             ("condition", condition(r.condition))])
                })),
                ("exceptions", .array(app.exceptions.map { x in
                    .object([("id", .string(x.id)), ("role", .string(x.role)), ("live", .bool(x.live)), ("expires", .string(x.expires.iso8601)),
                             ("approved_by", .string(x.approvedBy)), ("reason", .string(x.reason))])
                })),
                ("actions", .array(app.openActions.map { a in
                    .object([("action", a.action.json), ("deadline", .string(a.arithmetic))])
                })),
            ])
        }
        let u = e.user
        return .object([
            ("user", .object([("id", .string(u.id)), ("email", u.email.map(JSONValue.string) ?? .null), ("state", .string(u.state.rawValue)),
                              ("directory_id", .string(u.directoryId)), ("groups", .array(e.groups.map(JSONValue.string))),
                              ("attributes", .object(u.attributes.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) }))])),
            ("at", .string(e.at.iso8601)), ("apps", .array(apps)), ("violations", .array(violations.map(\.json))),
        ])
    }
}
