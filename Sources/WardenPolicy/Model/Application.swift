/// A target system with roles (`kind: Application`).
public struct Application: Sendable, Hashable {
    public var id: String
    public var name: String
    public var owner: String
    /// A user holds at most one role: the first whose `when` holds.
    public var exclusive: Bool
    public var roles: [Role]
    /// What happens to the account of a user who becomes inactive.
    public var leaverInactive: LeaverAction
    /// Delay before a lost role is revoked.
    public var moverGrace: PolicyDuration
    /// Per-app deadline overrides; unset ones come from Settings.
    public var deadlines: Deadlines.Overrides
    public var connector: Connector?
    public var span: SourceSpan
    /// Where `leaver:` is written, or the document when it is not.
    public var leaverSpan: SourceSpan
    /// Where `mover:` is written, or the document when it is not.
    public var moverSpan: SourceSpan
    /// Spans of `id`, `owner`, ...
    public var fields: FieldSpans = FieldSpans()

    public init(id: String, name: String, owner: String, exclusive: Bool = false, roles: [Role],
                leaverInactive: LeaverAction = .deprovision, moverGrace: PolicyDuration = .zero,
                deadlines: Deadlines.Overrides = .init(), connector: Connector? = nil, span: SourceSpan,
                leaverSpan: SourceSpan? = nil, moverSpan: SourceSpan? = nil) {
        self.id = id
        self.name = name
        self.owner = owner
        self.exclusive = exclusive
        self.roles = roles
        self.leaverInactive = leaverInactive
        self.moverGrace = moverGrace
        self.deadlines = deadlines
        self.connector = connector
        self.span = span
        self.leaverSpan = leaverSpan ?? span
        self.moverSpan = moverSpan ?? span
    }

    public enum LeaverAction: String, Sendable, Hashable, CaseIterable {
        case suspend, deprovision
    }
}

/// One role of an application and the condition that grants it.
public struct Role: Sendable, Hashable {
    public var name: String
    public var when: Condition
    public var span: SourceSpan
    /// The role's position in `roles`, for `roles[i]` paths.
    public var index: Int

    public init(name: String, when: Condition, span: SourceSpan, index: Int) {
        self.name = name
        self.when = when
        self.span = span
        self.index = index
    }
}

/// How Warden carries out an application's actions itself (SPEC §4.7).
public enum Connector: Sendable, Hashable {
    case scim(SCIMConnector)
    case webhook(WebhookConnector)

    public struct SCIMConnector: Sendable, Hashable {
        public enum Match: String, Sendable, Hashable, CaseIterable { case email, externalId, userName }
        public enum RolesAttribute: String, Sendable, Hashable, CaseIterable { case roles, entitlements, groups }
        public enum DeprovisionMode: String, Sendable, Hashable, CaseIterable { case delete, deactivate }
        public var baseURL: String
        public var tokenEnv: String?
        public var tokenFile: String?
        public var match: Match
        public var rolesAttribute: RolesAttribute
        public var deprovision: DeprovisionMode

        public init(baseURL: String, tokenEnv: String?, tokenFile: String?, match: Match,
                    rolesAttribute: RolesAttribute, deprovision: DeprovisionMode) {
            self.baseURL = baseURL
            self.tokenEnv = tokenEnv
            self.tokenFile = tokenFile
            self.match = match
            self.rolesAttribute = rolesAttribute
            self.deprovision = deprovision
        }
    }

    public struct WebhookConnector: Sendable, Hashable {
        public var url: String
        public var secretEnv: String?
        public var secretFile: String?

        public init(url: String, secretEnv: String?, secretFile: String?) {
            self.url = url
            self.secretEnv = secretEnv
            self.secretFile = secretFile
        }
    }
}
