public import WardenEngine
public import WardenPolicy

/// Everything one transaction writes: input events with their outcomes, and the state they
/// changed. Either all of it is committed or none of it.
public struct StoreBatch: Sendable {
    public var events: [EventRecord] = []
    /// Ids of events delivered again (counted, not re-applied).
    public var duplicates: [String] = []
    public var users: [UserRow] = []
    public var groups: [DirectoryGroup] = []
    public var deletedDirectories: [(id: String, version: Version)] = []
    /// The full set of non-`none` targets of each listed user, encoded by `TargetCodec` (empty = none).
    public var targets: [String: [UInt8]] = [:]
    public var actions: [Action] = []
    /// Which of `actions` are new (inserted whole); the others are existing rows whose state changed.
    public var createdActions: Set<String> = []
    public var violations: [Violation] = []
    public var cursors: [String: String] = [:]
    public var meta: [String: String] = [:]
    public var deliveries: [DeliveryRecord] = []
    /// SCIM resource writes (`SQLiteStore+SCIM`), in order.
    public var scim: [SCIMRowWrite] = []
    /// When the audit entries of this batch are written (the operation's time).
    public var auditTime = Timestamp(milliseconds: 0)

    public init() {}

    public var isEmpty: Bool {
        events.isEmpty && duplicates.isEmpty && users.isEmpty && groups.isEmpty && deletedDirectories.isEmpty
            && targets.isEmpty && actions.isEmpty && violations.isEmpty && cursors.isEmpty && meta.isEmpty && deliveries.isEmpty
            && scim.isEmpty
    }

    /// Adds `other`, later values replacing earlier ones of the same object.
    public mutating func merge(_ other: StoreBatch) {
        events += other.events
        duplicates += other.duplicates
        users += other.users
        groups += other.groups
        deletedDirectories += other.deletedDirectories
        targets.merge(other.targets) { _, new in new }
        actions += other.actions
        createdActions.formUnion(other.createdActions)
        violations += other.violations
        cursors.merge(other.cursors) { _, new in new }
        meta.merge(other.meta) { _, new in new }
        deliveries += other.deliveries
        scim += other.scim
    }
}

/// One attempt to deliver an owner's report.
public struct DeliveryRecord: Sendable, Hashable {
    public var owner: String
    public var url: String
    public var at: Timestamp
    public var attempt: Int
    /// The HTTP status, when there was a response.
    public var status: Int?
    /// `delivered`, `retrying` or `failed`.
    public var outcome: String
    public var message: String?
    public var reportSHA256: String

    public init(owner: String, url: String, at: Timestamp, attempt: Int, status: Int?, outcome: String, message: String?, reportSHA256: String) {
        self.owner = owner
        self.url = url
        self.at = at
        self.attempt = attempt
        self.status = status
        self.outcome = outcome
        self.message = message
        self.reportSHA256 = reportSHA256
    }
}

/// One input event as recorded: its raw bytes and what became of it.
public struct EventRecord: Sendable {
    public enum Outcome: String, Sendable, CaseIterable {
        case applied, stale, ignored, rejected
    }

    /// The dedup key; nil for rejected input.
    public var id: String?
    /// The id rejected input claimed, if any.
    public var claimedId: String?
    public var type: String?
    /// `file`, `webhook`, `events_api`, `scim`, `snapshot`.
    public var source: String
    public var receivedAt: Timestamp
    public var effectiveAt: Timestamp?
    public var outcome: Outcome
    public var reason: String?
    public var payload: [UInt8]

    public init(id: String?, claimedId: String? = nil, type: String?, source: String, receivedAt: Timestamp,
                effectiveAt: Timestamp?, outcome: Outcome, reason: String?, payload: [UInt8]) {
        self.id = id
        self.claimedId = claimedId
        self.type = type
        self.source = source
        self.receivedAt = receivedAt
        self.effectiveAt = effectiveAt
        self.outcome = outcome
        self.reason = reason
        self.payload = payload
    }
}

/// A user with its membership records, as persisted.
public struct UserRow: Sendable {
    public var user: DirectoryUser
    /// Whether the user was ever seen active.
    public var everActive: Bool
    public var memberships: [(group: String, record: Directory.MembershipRecord)]

    public init(user: DirectoryUser, everActive: Bool, memberships: [(group: String, record: Directory.MembershipRecord)]) {
        self.user = user
        self.everActive = everActive
        self.memberships = memberships
    }
}
