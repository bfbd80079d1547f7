public import WardenPolicy

/// Actions and violations as JSON in the field order of SPEC §4.1/§4.2 (stable, byte for byte).
extension Action {
    public var json: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("id", .string(id)), ("type", .string(type.rawValue)), ("app", .string(app)),
            ("role", role.map(JSONValue.string) ?? .null),
            ("roles", roles.map { .array($0.map(JSONValue.string)) } ?? .null),
            ("user", user.json),
            ("cause", .object([("kind", .string(cause.kind.rawValue)), ("event", .string(cause.event)), ("detail", .string(cause.detail))])),
            ("rule", .object([("file", .string(rule.file)), ("line", .number(Double(rule.line))), ("path", .string(rule.path))])),
            ("owner", .string(owner)), ("created_at", .string(createdAt.iso8601)),
            ("not_before", notBefore.map { .string($0.iso8601) } ?? .null), ("due_at", .string(dueAt.iso8601)),
            ("status", .string(status.rawValue)), ("change", .string(change)),
        ]
        if let r = resolution {
            var res: [(String, JSONValue)] = [("source", .string(r.source)), ("at", .string(r.at.iso8601))]
            if let m = r.message { res.append(("message", .string(m))) }
            if let b = r.by { res.append(("by", .string(b))) }
            pairs.append(("resolution", .object(res)))
        }
        return .object(pairs)
    }
}

extension Violation {
    public var json: JSONValue {
        func time(_ t: Timestamp?) -> JSONValue { t.map { .string($0.iso8601) } ?? .null }
        func text(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
        var pairs: [(String, JSONValue)] = [("id", .string(id)), ("kind", .string(kind.rawValue))]
        pairs.append(("severity", .string(severity.rawValue)))
        pairs.append(("status", .string(status.rawValue)))
        pairs.append(("app", text(app)))
        pairs.append(("user", user?.json ?? .null))
        pairs.append(("role", text(role)))
        pairs.append(("action", text(action)))
        pairs.append(("owner", owner.json))
        pairs.append(("escalated_to", escalatedTo?.json ?? .null))
        pairs.append(("detected_at", .string(detectedAt.iso8601)))
        pairs.append(("due_at", time(dueAt)))
        pairs.append(("summary", .string(summary)))
        pairs.append(("evidence", .object(evidence.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })))
        pairs.append(("resolved_at", time(resolvedAt)))
        pairs.append(("escalated_at", time(escalatedAt)))
        return .object(pairs)
    }
}

extension UserRef {
    public var json: JSONValue { .object([("id", .string(id)), ("email", email.map(JSONValue.string) ?? .null)]) }
}

extension OwnerRef {
    public var json: JSONValue { .object([("id", .string(id)), ("name", .string(name)), ("contact", .string(contact))]) }
}
