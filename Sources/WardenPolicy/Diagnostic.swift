/// A problem found in user input, located where possible. Rendered only at the edges (CLI, HTTP).
public struct Diagnostic: Sendable, Hashable, Codable {
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        case error, warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .error && rhs == .warning
        }
    }

    /// Stable snake_case identifier, e.g. `policy_unknown_field`.
    public var code: String
    public var severity: Severity
    /// Lowercase, one line, user values in backticks.
    public var message: String
    public var span: SourceSpan?
    /// Separate advice, e.g. "did you mean `escalation`?"
    public var help: String?

    public init(code: String, severity: Severity = .error, message: String, span: SourceSpan?, help: String? = nil) {
        self.code = code
        self.severity = severity
        self.message = message
        self.span = span
        self.help = help
    }

    public static func error(_ code: String, _ message: String, at span: SourceSpan?, help: String? = nil) -> Diagnostic {
        Diagnostic(code: code, severity: .error, message: message, span: span, help: help)
    }

    public static func warning(_ code: String, _ message: String, at span: SourceSpan?, help: String? = nil) -> Diagnostic {
        Diagnostic(code: code, severity: .warning, message: message, span: span, help: help)
    }

    /// `file:line:col: error: message` followed by an indented `help:` line when there is help.
    public var rendered: String {
        let location = span.map { "\($0): " } ?? ""
        var text = "\(location)\(severity.rawValue): \(message)"
        if let help { text += "\n  help: \(help)" }
        return text
    }
}

extension Array where Element == Diagnostic {
    /// Sorted by file, line, column, then severity and message, so output is stable.
    public func sortedForDisplay() -> [Diagnostic] {
        sorted { a, b in
            switch (a.span, b.span) {
            case let (x?, y?) where x != y: return x < y
            case (nil, _?): return true
            case (_?, nil): return false
            default: return (a.severity, a.message) < (b.severity, b.message)
            }
        }
    }

    public var hasErrors: Bool { contains { $0.severity == .error } }
}
