public import WardenPolicy

/// An instruction to change one account (SPEC §4.1).
public struct Action: Sendable, Hashable, Codable {
    public var id: String
    public var type: ActionType
    public var app: String
    /// The role, for `grant` and `revoke`.
    public var role: String?
    /// The roles, for `provision` and `restore`.
    public var roles: [String]?
    public var user: UserRef
    public var cause: Cause
    public var rule: RuleRef
    public var owner: String
    public var createdAt: Timestamp
    /// Not to be carried out before this time (mover grace).
    public var notBefore: Timestamp?
    public var dueAt: Timestamp
    public var status: ActionStatus
    /// The change that created it (event id, policy load, snapshot...), used by the guard.
    public var change: String
    /// How and when the status last changed away from open.
    public var resolution: Resolution?
    /// The target before this action's change: what a rejected removal restores, and the roles a
    /// cancelled grace-period deprovision leaves in place.
    public var previous: PlannedTarget?

    public init(id: String, type: ActionType, app: String, role: String? = nil, roles: [String]? = nil, user: UserRef,
                cause: Cause, rule: RuleRef, owner: String, createdAt: Timestamp, notBefore: Timestamp? = nil,
                dueAt: Timestamp, status: ActionStatus, change: String, resolution: Resolution? = nil,
                previous: PlannedTarget? = nil) {
        self.id = id
        self.type = type
        self.app = app
        self.role = role
        self.roles = roles
        self.user = user
        self.cause = cause
        self.rule = rule
        self.owner = owner
        self.createdAt = createdAt
        self.notBefore = notBefore
        self.dueAt = dueAt
        self.status = status
        self.change = change
        self.resolution = resolution
        self.previous = previous
    }

    enum CodingKeys: String, CodingKey {
        case id, type, app, role, roles, user, cause, rule, owner, status, change, resolution, previous
        case createdAt = "created_at", notBefore = "not_before", dueAt = "due_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(type, forKey: .type)
        try c.encode(app, forKey: .app)
        try c.encode(role, forKey: .role)
        try c.encode(roles, forKey: .roles)
        try c.encode(user, forKey: .user)
        try c.encode(cause, forKey: .cause)
        try c.encode(rule, forKey: .rule)
        try c.encode(owner, forKey: .owner)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(notBefore, forKey: .notBefore)
        try c.encode(dueAt, forKey: .dueAt)
        try c.encode(status, forKey: .status)
        try c.encode(change, forKey: .change)
        try c.encodeIfPresent(resolution, forKey: .resolution)
        try c.encodeIfPresent(previous, forKey: .previous)
    }

    /// Removals are what the blast-radius guard counts.
    public var isRemoval: Bool { type == .revoke || type == .suspend || type == .deprovision }
    /// Account-level actions supersede everything open on the same (user, app).
    public var isAccountLevel: Bool { type != .grant && type != .revoke }
    /// A leaver's suspend or deprovision: it follows the app's `leaver` setting and has the leaver
    /// deadline, whichever change found the leaver (an event, a snapshot, a policy reload).
    public var followsLeaverRule: Bool { rule.path == RuleRef.leaverPath || rule.path == RuleRef.leaverInactivePath }
}

public enum ActionType: String, Sendable, Hashable, Codable, CaseIterable {
    case provision, grant, revoke, suspend, restore, deprovision
}

public enum ActionStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// To be carried out now.
    case pending
    /// Waiting for `not_before` (mover grace).
    case scheduled
    /// Held by the blast-radius guard until approved or rejected.
    case held
    case done
    /// Acknowledged as failed; still owed, so its deadline still counts.
    case failed
    /// Made moot by a later action on the same account.
    case superseded
    /// A scheduled action whose entitlement came back first.
    case cancelled
    /// Discarded with `warden reject`.
    case rejected

    /// Open actions are still owed to someone.
    public var isOpen: Bool { self == .pending || self == .scheduled || self == .held || self == .failed }
}

/// A user as actions and violations name them.
public struct UserRef: Sendable, Hashable, Codable {
    public var id: String
    public var email: String?

    public init(id: String, email: String?) {
        self.id = id
        self.email = email
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(email, forKey: .email)
    }

    enum CodingKeys: String, CodingKey { case id, email }

    public var display: String { email ?? id }
}

/// Why an action exists.
public struct Cause: Sendable, Hashable, Codable {
    public var kind: CauseKind
    /// The event (or change) id.
    public var event: String
    public var detail: String

    public init(kind: CauseKind, event: String, detail: String) {
        self.kind = kind
        self.event = event
        self.detail = detail
    }
}

public enum CauseKind: String, Sendable, Hashable, Codable, CaseIterable {
    case joiner, mover, leaver
    case exceptionExpired = "exception_expired"
    case policyChange = "policy_change"
    case drift
}

/// The policy text an action follows from; `description` is `file:line path`.
public struct RuleRef: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    /// `roles[0]`, `exceptions/inc-4411`, `leaver`...
    public var path: String

    /// The path of a leaver's deprovision, and of a leaver's suspend.
    public static let leaverPath = "leaver", leaverInactivePath = "leaver.inactive"

    public init(file: String, line: Int, path: String) {
        self.file = file
        self.line = line
        self.path = path
    }

    public var description: String { "\(file):\(line) \(path)" }
}

/// How an action left the open states.
public struct Resolution: Sendable, Hashable, Codable {
    /// `ack`, `reconcile`, `connector`, `planner`, `approve`, `reject`.
    public var source: String
    public var at: Timestamp
    public var message: String?
    /// The action that superseded this one.
    public var by: String?

    public init(source: String, at: Timestamp, message: String? = nil, by: String? = nil) {
        self.source = source
        self.at = at
        self.message = message
        self.by = by
    }
}
