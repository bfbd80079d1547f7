/// Global settings (`kind: Settings`, at most one).
public struct Settings: Sendable, Hashable {
    public var deadlines: Deadlines
    /// An open violation older than this is also routed to the owner's escalation.
    public var escalateAfter: PolicyDuration
    /// Owner of findings tied to no application.
    public var fallbackOwner: String?
    /// More removals than this in one change are held for approval (SPEC §4.5); nil = no guard.
    public var maxRemovalsPerChange: Int?
    public var span: SourceSpan?
    /// Spans of `fallback-owner`, ...
    public var fields: FieldSpans = FieldSpans()

    public init(deadlines: Deadlines = .standard, escalateAfter: PolicyDuration = .hours(24),
                fallbackOwner: String? = nil, maxRemovalsPerChange: Int? = nil, span: SourceSpan? = nil) {
        self.deadlines = deadlines
        self.escalateAfter = escalateAfter
        self.fallbackOwner = fallbackOwner
        self.maxRemovalsPerChange = maxRemovalsPerChange
        self.span = span
    }
}
