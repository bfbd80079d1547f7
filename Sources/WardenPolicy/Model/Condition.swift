/// A `when` condition: exactly one of `groups`, `attribute`, `all`, `any`, `not` (SPEC §2.1).
public struct Condition: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        case groups(GroupTest)
        case attribute(AttributeTest)
        case all([Condition])
        case any([Condition])
        case not(Condition)
    }

    public var kind: Kind
    /// Where the condition's key is written.
    public var span: SourceSpan

    public init(_ kind: Kind, span: SourceSpan) {
        self.kind = kind
        self.span = span
    }
}

/// A reference to a directory group: by exact name, or `id:<group id>`.
public enum GroupRef: Sendable, Hashable, CustomStringConvertible {
    case name(String)
    case id(String)

    public init(parsing text: String) {
        if text.hasPrefix("id:") {
            self = .id(String(text.dropFirst(3)).trimmingSpaces())
        } else {
            self = .name(text)
        }
    }

    public var description: String {
        switch self {
        case .name(let n): return n
        case .id(let i): return "id:\(i)"
        }
    }
}

/// `groups: {any|all|none: [...]}`
public struct GroupTest: Sendable, Hashable {
    public enum Mode: String, Sendable, Hashable, CaseIterable { case any, all, none }
    public var mode: Mode
    public var refs: [GroupRef]

    public init(mode: Mode, refs: [GroupRef]) {
        self.mode = mode
        self.refs = refs
    }
}

/// `attribute: {name: N, <test>}`
public struct AttributeTest: Sendable, Hashable {
    public enum Test: Sendable, Hashable {
        case equals(String)
        case `in`([String])
        case notIn([String])
        /// A regular expression the whole value must match.
        case matches(String)
        case exists(Bool)
    }

    public var name: String
    public var test: Test

    public init(name: String, test: Test) {
        self.name = name
        self.test = test
    }

    /// Attribute names compared without regard to case (SPEC §2.1).
    public static let caseInsensitiveNames: Set<String> = ["email", "email_domain"]
    /// Attribute names read from the directory user itself rather than its custom attributes.
    public static let standardNames: Set<String> = [
        "email", "email_domain", "first_name", "last_name", "idp_id", "directory_id", "role",
    ]
}
