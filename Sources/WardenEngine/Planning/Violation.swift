public import WardenPolicy

/// A finding that needs a human, always with an accountable owner (SPEC §4.2).
public struct Violation: Sendable, Hashable, Codable {
    public var id: String
    public var kind: ViolationKind
    public var severity: Severity
    public var status: ViolationStatus
    public var app: String?
    public var user: UserRef?
    public var role: String?
    /// The action whose deadline was missed.
    public var action: String?
    public var owner: OwnerRef
    public var escalatedTo: OwnerRef?
    public var detectedAt: Timestamp
    public var dueAt: Timestamp?
    public var summary: String
    /// Facts that back the finding, as sorted key/value strings.
    public var evidence: [String: String]
    public var resolvedAt: Timestamp?
    public var escalatedAt: Timestamp?

    public init(id: String, kind: ViolationKind, severity: Severity, status: ViolationStatus = .open, app: String?,
                user: UserRef?, role: String? = nil, action: String? = nil, owner: OwnerRef, escalatedTo: OwnerRef? = nil,
                detectedAt: Timestamp, dueAt: Timestamp? = nil, summary: String, evidence: [String: String],
                resolvedAt: Timestamp? = nil, escalatedAt: Timestamp? = nil) {
        self.id = id
        self.kind = kind
        self.severity = severity
        self.status = status
        self.app = app
        self.user = user
        self.role = role
        self.action = action
        self.owner = owner
        self.escalatedTo = escalatedTo
        self.detectedAt = detectedAt
        self.dueAt = dueAt
        self.summary = summary
        self.evidence = evidence
        self.resolvedAt = resolvedAt
        self.escalatedAt = escalatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, severity, status, app, user, role, action, owner, summary, evidence
        case escalatedTo = "escalated_to", detectedAt = "detected_at", dueAt = "due_at", resolvedAt = "resolved_at"
        case escalatedAt = "escalated_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(severity, forKey: .severity)
        try c.encode(status, forKey: .status)
        try c.encode(app, forKey: .app)
        try c.encode(user, forKey: .user)
        try c.encodeIfPresent(role, forKey: .role)
        try c.encode(action, forKey: .action)
        try c.encode(owner, forKey: .owner)
        try c.encode(escalatedTo, forKey: .escalatedTo)
        try c.encode(detectedAt, forKey: .detectedAt)
        try c.encode(dueAt, forKey: .dueAt)
        try c.encode(summary, forKey: .summary)
        try c.encode(evidence, forKey: .evidence)
        try c.encodeIfPresent(resolvedAt, forKey: .resolvedAt)
        try c.encodeIfPresent(escalatedAt, forKey: .escalatedAt)
    }
}

public enum ViolationKind: String, Sendable, Hashable, Codable, CaseIterable {
    case deadlineMissed = "deadline_missed"
    case orphanedAccount = "orphaned_account"
    case unmanagedAccount = "unmanaged_account"
    case excessRole = "excess_role"
    case missingAccess = "missing_access"
    case directoryDrift = "directory_drift"
    case blastRadius = "blast_radius"
}

public enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case critical, high, medium, low

    /// Critical sorts first.
    public var rank: Int { Severity.allCases.firstIndex(of: self)! }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    /// True when `self` is as bad as `threshold` or worse.
    public func isAtLeast(_ threshold: Severity) -> Bool { rank <= threshold.rank }
}

public enum ViolationStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case open, resolved
}

/// An owner as findings name it.
public struct OwnerRef: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var contact: String

    public init(id: String, name: String, contact: String) {
        self.id = id
        self.name = name
        self.contact = contact
    }

    public init(_ owner: Owner) {
        self.init(id: owner.id, name: owner.name, contact: owner.contact)
    }
}

extension Violation {
    /// The owners it has been escalated to, level by level up to `escalated_to`, along the
    /// policies' escalation chain (just `escalated_to` when the chain has changed since).
    public func escalationPath(in policies: PolicySet) -> [String] {
        guard let top = escalatedTo?.id else { return [] }
        var path: [String] = []
        var current = owner.id
        while let next = policies.owner(current)?.escalation, next != owner.id, !path.contains(next) {
            path.append(next)
            if next == top { return path }
            current = next
        }
        return [top]
    }
}
