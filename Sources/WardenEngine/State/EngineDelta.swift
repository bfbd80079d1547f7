public import WardenPolicy

/// Everything one operation changed, for persisting and printing. Records are in their final state.
public struct EngineDelta: Sendable {
    public enum Outcome: Sendable, Hashable {
        case applied
        /// Older than the mirror; nothing changed.
        case stale
        /// Recorded and not applied, with the reason.
        case ignored(String)
    }

    public var outcome: Outcome = .applied
    public var directory: Directory.ApplyResult?
    /// Planned targets that changed: (user id, app id, new target).
    public var targets: [TargetChange] = []
    /// Actions created or changed, in the order they were first touched.
    public var actions: [Action] = []
    /// Violations opened or changed, in the order they were first touched.
    public var violations: [Violation] = []

    public init() {}

    /// Actions this operation created (not merely updated).
    public var createdActions: [Action] { actions.filter { createdActionIds.contains($0.id) } }
    public internal(set) var createdActionIds: Set<String> = []

    public struct TargetChange: Sendable, Hashable {
        public var user: String
        public var app: String
        public var target: PlannedTarget
    }
}

/// How one re-planning pass describes its change.
struct PlanContext {
    /// The change id actions are tied to (for the guard).
    var change: String
    /// The id actions derive theirs from.
    var event: String
    var time: Timestamp
    var detail: String
    /// Set for policy reloads, snapshots and expiries; otherwise the kind follows from the action.
    var kind: CauseKind?
}

/// An operation that cannot be done, with a message for people.
public struct EngineError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: String
    public var message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
