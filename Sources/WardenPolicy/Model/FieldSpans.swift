/// Where each field of a document is written, so cross-document checks point at the value.
public struct FieldSpans: Sendable, Hashable {
    private var spans: [String: SourceSpan] = [:]

    public init() {}

    public subscript(field: String) -> SourceSpan? {
        get { spans[field] }
        set { spans[field] = newValue }
    }
}
