/// A time-boxed, approved grant of a role that the rules would not give (`kind: Exception`).
public struct PolicyException: Sendable, Hashable {
    public var id: String
    public var app: String
    /// An email (compared without case) or a directory user id.
    public var user: String
    public var role: String
    public var reason: String
    public var approvedBy: String
    public var expires: Timestamp
    public var span: SourceSpan
    /// Spans of `id`, `app`, `role`, `expires`, ...
    public var fields: FieldSpans = FieldSpans()

    public init(id: String, app: String, user: String, role: String, reason: String, approvedBy: String,
                expires: Timestamp, span: SourceSpan) {
        self.id = id
        self.app = app
        self.user = user
        self.role = role
        self.reason = reason
        self.approvedBy = approvedBy
        self.expires = expires
        self.span = span
    }

    /// Live at `time` when it expires strictly after it.
    public func isLive(at time: Timestamp) -> Bool { expires > time }
}
