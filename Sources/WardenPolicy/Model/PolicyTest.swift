/// A scripted scenario over an in-memory directory (`kind: PolicyTest`, SPEC §6).
public struct PolicyTest: Sendable, Hashable {
    public var name: String
    public var steps: [Step]
    public var span: SourceSpan

    public init(name: String, steps: [Step], span: SourceSpan) {
        self.name = name
        self.steps = steps
        self.span = span
    }

    public struct Step: Sendable, Hashable {
        /// When the step happens; nil = the previous step's time.
        public var at: Timestamp?
        public var verb: Verb
        public var expect: Expectation?
        public var span: SourceSpan

        public init(at: Timestamp?, verb: Verb, expect: Expectation?, span: SourceSpan) {
            self.at = at
            self.verb = verb
            self.expect = expect
            self.span = span
        }
    }

    public enum Verb: Sendable, Hashable {
        case join(UserSpec)
        case update(UserSpec)
        case addToGroup(user: String, group: String)
        case removeFromGroup(user: String, group: String)
        case deactivate(user: String)
        case reactivate(user: String)
        case delete(user: String)
        /// A raw WorkOS Directory Sync event.
        case event(JSONValue)
        case ack(AckSpec)
        case check
        /// A full directory snapshot (SPEC §3.3): exactly these users, with exactly these groups
        /// and attributes; users not listed are deleted, differences become drift findings.
        case snapshot(SnapshotSpec)
        /// Re-plans everyone under the policies of a folder (relative to the test file), or under
        /// the same policies when nil, as a policy reload does (cause `policy_change`).
        case reload(policies: String?)

        /// The verb as written in YAML.
        public var keyword: String {
            switch self {
            case .join: return "join"
            case .update: return "update"
            case .addToGroup: return "add-to-group"
            case .removeFromGroup: return "remove-from-group"
            case .deactivate: return "deactivate"
            case .reactivate: return "reactivate"
            case .delete: return "delete"
            case .event: return "event"
            case .ack: return "ack"
            case .check: return "check"
            case .snapshot: return "snapshot"
            case .reload: return "reload"
            }
        }

        public static let keywords = ["join", "update", "add-to-group", "remove-from-group", "deactivate",
                                      "reactivate", "delete", "event", "ack", "check", "snapshot", "reload"]
    }

    /// `join` / `update` arguments. `attributes` values of nil remove the attribute.
    public struct UserSpec: Sendable, Hashable {
        public var user: String
        public var groups: [String]?
        public var attributes: [String: String?]
        public var firstName: String?
        public var lastName: String?
        public var role: String?
        public var state: String?

        public init(user: String, groups: [String]? = nil, attributes: [String: String?] = [:], firstName: String? = nil,
                    lastName: String? = nil, role: String? = nil, state: String? = nil) {
            self.user = user
            self.groups = groups
            self.attributes = attributes
            self.firstName = firstName
            self.lastName = lastName
            self.role = role
            self.state = state
        }
    }

    /// `snapshot` arguments: every user of the directory as `join` describes one (`state` too), and
    /// groups that exist without members.
    public struct SnapshotSpec: Sendable, Hashable {
        public var users: [UserSpec]
        public var groups: [String]

        public init(users: [UserSpec], groups: [String] = []) {
            self.users = users
            self.groups = groups
        }
    }

    /// `ack` arguments: every open action matching them is acknowledged.
    public struct AckSpec: Sendable, Hashable {
        public var user: String
        public var app: String
        public var type: String?
        public var role: String?
        public var failed: Bool
        public var message: String?

        public init(user: String, app: String, type: String? = nil, role: String? = nil, failed: Bool = false, message: String? = nil) {
            self.user = user
            self.app = app
            self.type = type
            self.role = role
            self.failed = failed
            self.message = message
        }
    }

    /// What must hold after a step. Lists match as subsets unless `exactly`.
    public struct Expectation: Sendable, Hashable {
        /// user → app → roles granted now.
        public var entitlements: [String: [String: [String]]]?
        /// user → app → `none` | `suspended` | roles.
        public var targets: [String: [String: TargetExpectation]]?
        public var actions: [FieldMatch]?
        public var violations: [FieldMatch]?
        public var exactly: Bool
        public var span: SourceSpan

        public init(entitlements: [String: [String: [String]]]? = nil, targets: [String: [String: TargetExpectation]]? = nil,
                    actions: [FieldMatch]? = nil, violations: [FieldMatch]? = nil, exactly: Bool = false, span: SourceSpan) {
            self.entitlements = entitlements
            self.targets = targets
            self.actions = actions
            self.violations = violations
            self.exactly = exactly
            self.span = span
        }
    }

    public enum TargetExpectation: Sendable, Hashable, CustomStringConvertible {
        case none
        case suspended
        case active([String])

        public var description: String {
            switch self {
            case .none: return "none"
            case .suspended: return "suspended"
            case .active(let roles): return "active [\(roles.joined(separator: ", "))]"
            }
        }
    }

    /// Expected fields of one action or violation; values are strings or lists of strings.
    public struct FieldMatch: Sendable, Hashable, CustomStringConvertible {
        public var fields: [(String, JSONValue)]
        public var span: SourceSpan

        public init(fields: [(String, JSONValue)], span: SourceSpan) {
            self.fields = fields
            self.span = span
        }

        public static func == (lhs: FieldMatch, rhs: FieldMatch) -> Bool {
            lhs.span == rhs.span && JSONValue.object(lhs.fields) == JSONValue.object(rhs.fields)
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(span)
            hasher.combine(JSONValue.object(fields))
        }

        public var description: String {
            "{" + fields.map { k, v in "\(k): \(v.stringValue ?? v.compactText)" }.joined(separator: ", ") + "}"
        }
    }
}
