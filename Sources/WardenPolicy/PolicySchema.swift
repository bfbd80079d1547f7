/// A JSON Schema (draft-07) of the policy documents, for editors with a YAML language server.
public enum PolicySchema {
    private typealias J = JSONValue

    private static func obj(_ pairs: (String, J)...) -> J { .object(pairs) }
    private static func str(_ description: String, pattern: String? = nil) -> J {
        var p: [(String, J)] = [("type", .string("string")), ("description", .string(description))]
        if let pattern { p.append(("pattern", .string(pattern))) }
        return .object(p)
    }
    private static func ref(_ name: String, _ description: String? = nil) -> J {
        var p: [(String, J)] = [("$ref", .string("#/definitions/\(name)"))]
        if let description { p.append(("description", .string(description))) }
        return .object(p)
    }
    private static func enumeration(_ values: [String], _ description: String) -> J {
        obj(("type", .string("string")), ("enum", .array(values.map(J.string))), ("description", .string(description)))
    }
    private static func document(_ kind: String, _ description: String, required: [String], _ properties: [(String, J)]) -> J {
        obj(("type", .string("object")), ("description", .string(description)),
            ("required", .array((["apiVersion", "kind"] + required).map(J.string))),
            ("additionalProperties", .bool(false)),
            ("properties", .object([("apiVersion", obj(("const", .string("warden/v1")))), ("kind", obj(("const", .string(kind))))] + properties)))
    }
    private static func strictObject(_ description: String, required: [String] = [], _ properties: [(String, J)]) -> J {
        obj(("type", .string("object")), ("description", .string(description)), ("additionalProperties", .bool(false)),
            ("required", .array(required.map(J.string))), ("properties", .object(properties)))
    }
    private static func list(_ items: J, _ description: String, minItems: Int = 1) -> J {
        obj(("type", .string("array")), ("items", items), ("minItems", .number(Double(minItems))), ("description", .string(description)))
    }

    static let idPattern = "^[a-z0-9][a-z0-9._-]*$"
    static let durationPattern = "^([0-9]+[smhdw])+$|^P([0-9]+W)?([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+S)?)?$"

    /// The schema, as JSON.
    public static var json: JSONValue {
        let kinds = ["Owner", "Application", "Exception", "Settings", "PolicyTest"]
        let deadlines = strictObject("How long each kind of action may take.", [
            ("provision", ref("duration", "Joiner: provision, grant, restore.")),
            ("revoke", ref("duration", "Mover: revoke, or deprovision of an active user left with no role.")),
            ("suspend", ref("duration", "Leaver: user became inactive and `leaver.inactive: suspend`.")),
            ("deprovision", ref("duration", "Leaver: user inactive (deprovision) or deleted.")),
        ])
        let condition = obj(
            ("description", .string("Exactly one of `groups`, `attribute`, `all`, `any`, `not`.")),
            ("type", .string("object")), ("minProperties", .number(1)), ("maxProperties", .number(1)), ("additionalProperties", .bool(false)),
            ("properties", .object([
                ("groups", obj(("type", .string("object")), ("minProperties", .number(1)), ("maxProperties", .number(1)),
                               ("additionalProperties", .bool(false)),
                               ("description", .string("Group membership: names (exact) or `id:<directory group id>`.")),
                               ("properties", .object(["any", "all", "none"].map { ($0, list(.object([("type", .string("string"))]), "Groups (\($0)).")) })))),
                ("attribute", obj(("type", .string("object")), ("required", .array([.string("name")])), ("additionalProperties", .bool(false)),
                                  ("minProperties", .number(2)), ("maxProperties", .number(2)),
                                  ("description", .string("A user attribute: email, email_domain, first_name, last_name, idp_id, directory_id, role, or a custom attribute. A missing attribute fails every test but `exists: false` and `not-in`.")),
                                  ("properties", .object([
                                    ("name", str("Attribute name.")),
                                    ("equals", obj(("description", .string("The whole value equals this (email and email_domain without case).")))),
                                    ("in", list(.object([]), "The value is one of these.")),
                                    ("not-in", list(.object([]), "The value is none of these (true when missing).")),
                                    ("matches", str("A regular expression the whole value must match.")),
                                    ("exists", obj(("type", .string("boolean")), ("description", .string("Whether the attribute is present.")))),
                                  ])))),
                ("all", list(ref("condition"), "Every condition holds.")),
                ("any", list(ref("condition"), "At least one condition holds.")),
                ("not", ref("condition", "The condition does not hold.")),
            ])))
        let application = document("Application", "A target system with roles and one owner.", required: ["id", "name", "owner", "roles"], [
            ("id", str("Application id.", pattern: idPattern)), ("name", str("Display name.")),
            ("owner", str("Owner id accountable for this app's findings.", pattern: idPattern)),
            ("exclusive", obj(("type", .string("boolean")), ("description", .string("A user holds at most one role: the first whose `when` holds.")))),
            ("roles", list(strictObject("A role and the condition that grants it.", required: ["name", "when"], [
                ("name", str("Role name.")), ("when", ref("condition")),
            ]), "Roles, most privileged first for exclusive apps.")),
            ("leaver", strictObject("What happens to the account of a user who becomes inactive.", [
                ("inactive", enumeration(["suspend", "deprovision"], "Default deprovision; deleted users are always deprovisioned.")),
            ])),
            ("mover", strictObject("Movers.", [("grace", ref("duration", "Delay before a lost role is revoked (default 0)."))])),
            ("deadlines", deadlines),
            ("connector", obj(("type", .string("object")), ("minProperties", .number(1)), ("maxProperties", .number(1)),
                              ("additionalProperties", .bool(false)), ("description", .string("How Warden carries out actions itself.")),
                              ("properties", .object([
                                ("scim", strictObject("The app is a SCIM 2.0 service provider.", required: ["base-url"], [
                                    ("base-url", str("SCIM base URL.")), ("token-env", str("Environment variable holding the bearer token.")),
                                    ("token-file", str("File holding the bearer token.")),
                                    ("match", enumeration(["email", "externalId", "userName"], "How directory users map to app users.")),
                                    ("roles", strictObject("Where roles live.", [("attribute", enumeration(["roles", "entitlements", "groups"], "SCIM attribute."))])),
                                    ("deprovision", enumeration(["delete", "deactivate"], "DELETE the user, or PATCH active:false.")),
                                ])),
                                ("webhook", strictObject("POST each action, signed, to an executor.", required: ["url"], [
                                    ("url", str("Executor URL.")), ("secret-env", str("Environment variable holding the signing secret.")),
                                    ("secret-file", str("File holding the signing secret.")),
                                ])),
                              ])))),
        ])
        let maxRemovals = obj(("type", .string("integer")), ("minimum", .number(0)),
                              ("description", .string("More removals than this in one change are held for approval.")))
        let step = obj(("type", .string("object")), ("description", .string("One step: `at`, exactly one verb, and optional `expect`.")),
                       ("properties", .object([("at", str("When (ISO-8601).")), ("expect", obj(("type", .string("object"))))] +
                                             PolicyTest.Verb.keywords.map { ($0, obj(("description", .string("Step verb `\($0)`.")))) })))
        return obj(
            ("$schema", .string("http://json-schema.org/draft-07/schema#")),
            ("$id", .string("https://warden.example/schema/warden-v1.json")),
            ("title", .string("Warden policy document (warden/v1)")),
            ("type", .string("object")), ("required", .array([.string("apiVersion"), .string("kind")])),
            ("properties", .object([("apiVersion", obj(("const", .string("warden/v1")))), ("kind", enumeration(kinds, "The document kind."))])),
            ("allOf", .array(kinds.map { k in
                obj(("if", obj(("properties", obj(("kind", obj(("const", .string(k)))))))), ("then", ref(k)))
            })),
            ("definitions", .object([
                ("duration", obj(("type", .string("string")), ("pattern", .string(durationPattern)),
                                 ("description", .string("`90s`, `30m`, `4h`, `2d`, `1w`, or ISO-8601 (`PT4H`, `P2D`).")))),
                ("condition", condition),
                ("Owner", document("Owner", "An accountable team or person.", required: ["id", "name", "contact"], [
                    ("id", str("Owner id.", pattern: idPattern)), ("name", str("Display name.")), ("contact", str("Email or channel.")),
                    ("escalation", str("Owner id that overdue findings escalate to.", pattern: idPattern)),
                    ("notify", strictObject("Where `warden notify` delivers this owner's report.", required: ["webhook"], [("webhook", str("HTTPS URL."))])),
                ])),
                ("Application", application),
                ("Exception", document("Exception", "A time-boxed, approved grant of a role the rules would not give.",
                                       required: ["id", "app", "user", "role", "reason", "approved-by", "expires"], [
                    ("id", str("Exception id.", pattern: idPattern)), ("app", str("Application id.")),
                    ("user", str("Email or directory user id.")), ("role", str("Role name.")), ("reason", str("Why.")),
                    ("approved-by", str("Who approved it.")), ("expires", str("When it ends (ISO-8601, UTC).")),
                ])),
                ("Settings", document("Settings", "Global settings (at most one document).", required: ["fallback-owner"], [
                    ("deadlines", deadlines), ("escalate-after", ref("duration", "Open violations older than this go to the owner's escalation.")),
                    ("fallback-owner", str("Owner of findings tied to no app.", pattern: idPattern)),
                    ("guard", strictObject("Blast-radius guard.", [("max-removals-per-change", maxRemovals)])),
                ])),
                ("PolicyTest", document("PolicyTest", "A scripted scenario with expectations (`warden test`).", required: ["name", "steps"], [
                    ("name", str("Test name.")), ("steps", list(step, "Steps, in time order.")),
                ])),
            ])))
    }
}
