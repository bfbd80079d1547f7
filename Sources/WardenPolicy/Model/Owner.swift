/// An accountable team or person (`kind: Owner`).
public struct Owner: Sendable, Hashable {
    public var id: String
    public var name: String
    public var contact: String
    /// Owner id that overdue violations are escalated to.
    public var escalation: String?
    /// Where `warden notify` delivers this owner's report.
    public var notifyWebhook: String?
    public var span: SourceSpan
    /// Spans of `id`, `escalation`, ...
    public var fields: FieldSpans

    public init(id: String, name: String, contact: String, escalation: String? = nil, notifyWebhook: String? = nil, span: SourceSpan,
                fields: FieldSpans = FieldSpans()) {
        self.id = id
        self.name = name
        self.contact = contact
        self.escalation = escalation
        self.notifyWebhook = notifyWebhook
        self.span = span
        self.fields = fields
    }
}
