/// Input that cannot be applied: what is wrong and where (line, field).
public struct IngestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable code, e.g. `event_malformed`.
    public var code: String
    public var message: String
    /// Dotted path of the offending field, e.g. `data.user.state`.
    public var field: String?
    /// 1-based line in the input file, when known.
    public var line: Int?

    public init(code: String = "event_malformed", _ message: String, field: String? = nil, line: Int? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.line = line
    }

    /// `line 12: field `data.state`: expected ...`
    public var description: String {
        var parts: [String] = []
        if let line { parts.append("line \(line)") }
        if let field { parts.append("field `\(field)`") }
        parts.append(message)
        return parts.joined(separator: ": ")
    }

    public func at(line: Int) -> IngestError {
        var copy = self
        copy.line = line
        return copy
    }
}
