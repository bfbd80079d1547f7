public import WardenPolicy

/// Actions and violations as JSON in the field order of SPEC §4.1/§4.2 (stable, byte for byte).
extension Action {
    /// The action as compact JSON, in SPEC §4.1 field order.
    public var jsonBytes: [UInt8] {
        var w = JSONObjectWriter(capacity: 512)
        w.string("id", id)
        w.string("type", type.rawValue)
        w.string("app", app)
        w.string("role", role)
        w.strings("roles", roles)
        w.object("user") { $0.user(user) }
        w.object("cause") { c in
            c.string("kind", cause.kind.rawValue)
            c.string("event", cause.event)
            c.string("detail", cause.detail)
        }
        w.object("rule") { r in
            r.string("file", rule.file)
            r.number("line", rule.line)
            r.string("path", rule.path)
        }
        w.string("owner", owner)
        w.time("created_at", createdAt)
        w.time("not_before", notBefore)
        w.time("due_at", dueAt)
        w.string("status", status.rawValue)
        w.string("change", change)
        if let r = resolution {
            w.object("resolution") { o in
                o.string("source", r.source)
                o.time("at", r.at)
                if let m = r.message { o.string("message", m) }
                if let b = r.by { o.string("by", b) }
            }
        }
        return w.finish()
    }

    /// `jsonBytes` as a value, for embedding in larger documents.
    public var json: JSONValue { (try? JSONParser.parse(jsonBytes)) ?? .null }
}

extension Violation {
    /// The violation as compact JSON, in SPEC §4.2 field order.
    public var jsonBytes: [UInt8] {
        var w = JSONObjectWriter(capacity: 768)
        w.string("id", id)
        w.string("kind", kind.rawValue)
        w.string("severity", severity.rawValue)
        w.string("status", status.rawValue)
        w.string("app", app)
        w.object("user", present: user != nil) { $0.user(user!) }
        w.string("role", role)
        w.string("action", action)
        w.object("owner") { $0.owner(owner) }
        w.object("escalated_to", present: escalatedTo != nil) { $0.owner(escalatedTo!) }
        w.time("detected_at", detectedAt)
        w.time("due_at", dueAt)
        w.string("summary", summary)
        w.object("evidence") { e in
            for (k, v) in evidence.sorted(by: { $0.key < $1.key }) { e.string(k, v) }
        }
        w.time("resolved_at", resolvedAt)
        w.time("escalated_at", escalatedAt)
        return w.finish()
    }

    /// `jsonBytes` as a value, for embedding in larger documents.
    public var json: JSONValue { (try? JSONParser.parse(jsonBytes)) ?? .null }
}

extension JSONObjectWriter {
    mutating func user(_ u: UserRef) {
        string("id", u.id)
        string("email", u.email)
    }

    mutating func owner(_ o: OwnerRef) {
        string("id", o.id)
        string("name", o.name)
        string("contact", o.contact)
    }
}

extension UserRef {
    public var json: JSONValue { .object([("id", .string(id)), ("email", email.map(JSONValue.string) ?? .null)]) }
}

extension OwnerRef {
    public var json: JSONValue { .object([("id", .string(id)), ("name", .string(name)), ("contact", .string(contact))]) }
}
