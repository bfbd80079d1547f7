internal import Yams

/// One parsed document of any kind.
enum PolicyDocument {
    case owner(Owner)
    case application(Application)
    case exception(PolicyException)
    case settings(Settings)
    case test(PolicyTest)
}

extension NodeReader {
    static let kinds = ["Owner", "Application", "Exception", "Settings", "PolicyTest"]
    static let apiVersion = "warden/v1"

    /// Reads one YAML document; nil when it is empty or too broken to use (problems are recorded).
    func document(_ root: Node) -> PolicyDocument? {
        guard let raw = mapping(root, "a policy document") else { return nil }
        if let v = raw.require("apiVersion"), let text = string(v, "`apiVersion`"), text != Self.apiVersion {
            error("policy_api_version", "unsupported apiVersion `\(text)`", v, help: "use `apiVersion: \(Self.apiVersion)`")
        }
        guard let kindNode = raw.require("kind"), let kind = string(kindNode, "`kind`") else { return nil }
        let label = (raw["id"] ?? raw["name"]).flatMap { $0.scalar?.string }.map { "\(kind) `\($0)`" } ?? kind
        let map = raw.labeled(label)
        switch kind {
        case "Owner": return owner(map).map(PolicyDocument.owner)
        case "Application": return application(map).map(PolicyDocument.application)
        case "Exception": return exception(map).map(PolicyDocument.exception)
        case "Settings": return settings(map).map(PolicyDocument.settings)
        case "PolicyTest": return policyTest(map).map(PolicyDocument.test)
        default:
            error("policy_unknown_kind", "unknown kind `\(kind)`", kindNode,
                  help: Suggest.didYouMean(kind, in: Self.kinds) ?? "kinds are " + Self.kinds.map { "`\($0)`" }.joined(separator: ", "))
            return nil
        }
    }

    private func owner(_ map: MappingView) -> Owner? {
        map.finish(allowed: ["apiVersion", "kind", "id", "name", "contact", "escalation", "notify"])
        let id = map.require("id").flatMap { identifier($0, "owner id") }
        let name = map.require("name").flatMap { string($0, "`name`") }
        let contact = map.require("contact").flatMap { string($0, "`contact`") }
        let escalation = map["escalation"].flatMap { identifier($0, "owner id") }
        var webhook: String?
        if let notifyNode = map["notify"], let notify = mapping(notifyNode, "`notify`") {
            notify.finish(allowed: ["webhook"])
            webhook = notify.require("webhook").flatMap { url($0, "`notify.webhook`") }
        }
        guard let id else { return nil }
        return Owner(id: id, name: name ?? "", contact: contact ?? "", escalation: escalation, notifyWebhook: webhook,
                     span: span(map.node), fields: map.spans)
    }

    private func application(_ map: MappingView) -> Application? {
        map.finish(allowed: ["apiVersion", "kind", "id", "name", "owner", "exclusive", "roles", "leaver", "mover",
                             "connector", "deadlines"])
        let id = map.require("id").flatMap { identifier($0, "application id") }
        let name = map.require("name").flatMap { string($0, "`name`") }
        let owner = map.require("owner").flatMap { identifier($0, "owner id") }
        let exclusive = map["exclusive"].flatMap { bool($0, "`exclusive`") } ?? false
        var roles: [Role] = []
        if let rolesNode = map.require("roles"), let items = sequence(rolesNode, "`roles`") {
            if items.isEmpty { error("policy_invalid_value", "`roles` needs at least one role", rolesNode) }
            if items.count > ApplicationLimits.maxRoles {
                error("policy_too_many_roles", "an application may declare at most \(ApplicationLimits.maxRoles) roles", rolesNode)
            }
            var seen: [String: Node] = [:]
            for (index, item) in items.enumerated() {
                guard let r = role(item, index: index) else { continue }
                if let first = seen[r.name] {
                    error("policy_duplicate_id", "role `\(r.name)` is declared twice", item, help: "the first is at line \(span(first).line)")
                    continue
                }
                seen[r.name] = item
                roles.append(r)
            }
        }
        var leaver = Application.LeaverAction.deprovision
        var leaverSpan: SourceSpan?
        if let node = map["leaver"], let m = mapping(node, "`leaver`") {
            m.finish(allowed: ["inactive"])
            leaverSpan = span(map.keyNode("leaver"))
            if let v = m["inactive"], let text = choice(v, "`leaver.inactive`", Application.LeaverAction.allCases.map(\.rawValue)) {
                leaver = Application.LeaverAction(rawValue: text) ?? .deprovision
            }
        }
        var grace = PolicyDuration.zero
        var moverSpan: SourceSpan?
        if let node = map["mover"], let m = mapping(node, "`mover`") {
            m.finish(allowed: ["grace"])
            moverSpan = span(map.keyNode("mover"))
            if let v = m["grace"], let d = duration(v, "`mover.grace`") { grace = d }
        }
        let deadlines = map["deadlines"].flatMap { deadlineOverrides($0) } ?? .init()
        let connector = map["connector"].flatMap { self.connector($0) }
        guard let id else { return nil }
        var app = Application(id: id, name: name ?? "", owner: owner ?? "", exclusive: exclusive, roles: roles, leaverInactive: leaver,
                              moverGrace: grace, deadlines: deadlines, connector: connector, span: span(map.node),
                              leaverSpan: leaverSpan, moverSpan: moverSpan)
        app.fields = map.spans
        return app
    }

    private func role(_ node: Node, index: Int) -> Role? {
        guard let map = mapping(node, "a role") else { return nil }
        map.finish(allowed: ["name", "when"])
        let name = map.require("name").flatMap { string($0, "a role name") }
        if let name, !Self.isRoleName(name), let n = map["name"] {
            error("policy_invalid_id", "`\(name)` is not a valid role name", n,
                  help: "role names are letters, digits, `.`, `_`, `-` and `:`, starting with a letter or digit")
            return nil
        }
        guard let whenNode = map.require("when") else { return nil }
        if case .mapping(let m) = whenNode, m.isEmpty {
            error("policy_empty_when", "`when` is empty", whenNode, help: "a role needs a condition, e.g. `groups: { any: [\"Engineering\"] }`")
            return nil
        }
        if case .scalar = whenNode {
            error("policy_empty_when", "`when` must be a condition, found \(describe(whenNode))", whenNode)
            return nil
        }
        let when = condition(whenNode)
        guard let name, let when else { return nil }
        return Role(name: name, when: when, span: span(node), index: index)
    }

    static func isRoleName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.properties.isAlphabetic || ("0"..."9").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-_:".unicodeScalars.contains($0)) }
    }

    private func deadlineOverrides(_ node: Node) -> Deadlines.Overrides? {
        guard let m = mapping(node, "`deadlines`") else { return nil }
        m.finish(allowed: ["provision", "revoke", "suspend", "deprovision"])
        return Deadlines.Overrides(
            provision: m["provision"].flatMap { duration($0, "`deadlines.provision`") },
            revoke: m["revoke"].flatMap { duration($0, "`deadlines.revoke`") },
            suspend: m["suspend"].flatMap { duration($0, "`deadlines.suspend`") },
            deprovision: m["deprovision"].flatMap { duration($0, "`deadlines.deprovision`") })
    }

    private func connector(_ node: Node) -> Connector? {
        guard let m = mapping(node, "`connector`") else { return nil }
        m.finish(allowed: ["scim", "webhook"])
        guard m.pairs.count == 1, let pair = m.pairs.first else {
            error("policy_condition_keys", "`connector` needs exactly one of `scim`, `webhook`", node)
            return nil
        }
        if pair.key == "scim", let s = mapping(pair.value, "`connector.scim`") {
            s.finish(allowed: ["base-url", "token-env", "token-file", "match", "roles", "deprovision", "token"])
            let base = s.require("base-url").flatMap { url($0, "`base-url`") }
            let (env, file) = secretSource(s, envKey: "token-env", fileKey: "token-file", literal: "token")
            let match = s["match"].flatMap { choice($0, "`match`", Connector.SCIMConnector.Match.allCases.map(\.rawValue)) }
            var rolesAttribute = Connector.SCIMConnector.RolesAttribute.roles
            if let r = s["roles"], let rm = mapping(r, "`connector.scim.roles`") {
                rm.finish(allowed: ["attribute"])
                if let a = rm.require("attribute"), let text = choice(a, "`roles.attribute`", Connector.SCIMConnector.RolesAttribute.allCases.map(\.rawValue)) {
                    rolesAttribute = .init(rawValue: text) ?? .roles
                }
            }
            let mode = s["deprovision"].flatMap { choice($0, "`deprovision`", Connector.SCIMConnector.DeprovisionMode.allCases.map(\.rawValue)) }
            guard let base, env != nil || file != nil else { return nil }
            return .scim(.init(baseURL: base, tokenEnv: env, tokenFile: file,
                               match: match.flatMap(Connector.SCIMConnector.Match.init(rawValue:)) ?? .email,
                               rolesAttribute: rolesAttribute,
                               deprovision: mode.flatMap(Connector.SCIMConnector.DeprovisionMode.init(rawValue:)) ?? .deactivate))
        }
        if pair.key == "webhook", let w = mapping(pair.value, "`connector.webhook`") {
            w.finish(allowed: ["url", "secret-env", "secret-file", "secret"])
            let u = w.require("url").flatMap { url($0, "`url`") }
            let (env, file) = secretSource(w, envKey: "secret-env", fileKey: "secret-file", literal: "secret")
            guard let u, env != nil || file != nil else { return nil }
            return .webhook(.init(url: u, secretEnv: env, secretFile: file))
        }
        return nil
    }

    /// Exactly one of an environment variable name or a file path holding a secret; the secret
    /// itself written under `literal` (`token: ghp_...`) is refused.
    private func secretSource(_ m: MappingView, envKey: String, fileKey: String, literal: String) -> (String?, String?) {
        if let pair = m.pairs.first(where: { $0.key == literal }) {
            error("policy_secret_in_policy", "`\(literal)` would write the secret itself into the policy", pair.keyNode,
                  help: "name the environment variable that holds it with `\(envKey)`, or a file with `\(fileKey)`")
            return (nil, nil)
        }
        let env = m[envKey].flatMap { string($0, "`\(envKey)`") }
        let file = m[fileKey].flatMap { string($0, "`\(fileKey)`") }
        if env == nil && file == nil {
            error("policy_missing_field", "\(m.what) needs `\(envKey)` or `\(fileKey)`", m.node,
                  help: "secrets come only from the environment or a file, never from the policy")
        } else if env != nil && file != nil {
            error("policy_condition_keys", "\(m.what) takes `\(envKey)` or `\(fileKey)`, not both", m.node)
        }
        return (env, file)
    }

    func url(_ node: Node, _ what: String) -> String? {
        guard let text = string(node, what) else { return nil }
        guard text.hasPrefix("https://") || text.hasPrefix("http://"), text.count > 8, !text.contains(" ") else {
            error("policy_invalid_value", "`\(text)` is not an http(s) URL", node)
            return nil
        }
        return text
    }

    private func exception(_ map: MappingView) -> PolicyException? {
        map.finish(allowed: ["apiVersion", "kind", "id", "app", "user", "role", "reason", "approved-by", "expires"])
        let id = map.require("id").flatMap { identifier($0, "exception id") }
        let app = map.require("app").flatMap { identifier($0, "application id") }
        let user = map.require("user").flatMap { string($0, "`user`") }
        let role = map.require("role").flatMap { string($0, "`role`") }
        let reason = map.require("reason").flatMap { string($0, "`reason`") }
        let approvedBy = map.require("approved-by").flatMap { string($0, "`approved-by`") }
        let expires = map.require("expires", help: "exceptions are time-boxed: add `expires: 2026-12-31T00:00:00Z` (UTC)")
            .flatMap { timestamp($0, "`expires`") }
        guard let id else { return nil }
        var e = PolicyException(id: id, app: app ?? "", user: user ?? "", role: role ?? "", reason: reason ?? "",
                                approvedBy: approvedBy ?? "", expires: expires ?? Timestamp(milliseconds: .max), span: span(map.node))
        e.fields = map.spans
        return e
    }

    private func settings(_ map: MappingView) -> Settings? {
        map.finish(allowed: ["apiVersion", "kind", "deadlines", "escalate-after", "fallback-owner", "guard"])
        var s = Settings(span: span(map.node))
        s.fields = map.spans
        if let d = map["deadlines"], let o = deadlineOverrides(d) { s.deadlines = Deadlines.standard.applying(o) }
        if let e = map["escalate-after"], let d = duration(e, "`escalate-after`") { s.escalateAfter = d }
        s.fallbackOwner = map["fallback-owner"].flatMap { identifier($0, "owner id") }
        if let g = map["guard"], let gm = mapping(g, "`guard`") {
            gm.finish(allowed: ["max-removals-per-change"])
            s.maxRemovalsPerChange = gm["max-removals-per-change"].flatMap { integer($0, "`max-removals-per-change`", min: 0) }
        }
        return s
    }
}

/// Limits on what one application may declare.
public enum ApplicationLimits {
    /// Roles are kept as a 64-bit set per (user, app).
    public static let maxRoles = 64
}
