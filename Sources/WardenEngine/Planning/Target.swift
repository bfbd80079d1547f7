/// What one user's account in one app should be.
public enum Target: Sendable, Hashable {
    case none
    /// Roles as a bit set over the app's roles in the current policy.
    case active(UInt64)
    case suspended
}

/// A target for one app of one user.
public struct AppTarget: Sendable, Hashable {
    public var app: Int32
    public var target: Target
}

/// A target with role names, independent of policy versions (what is persisted and diffed).
public enum PlannedTarget: Sendable, Hashable, Codable, CustomStringConvertible {
    case none
    case active([String])
    case suspended

    public var roles: [String] {
        if case .active(let r) = self { return r }
        return []
    }

    public var hasAccount: Bool {
        if case .none = self { return false }
        return true
    }

    /// `none`, `suspended` or `active(a, b)`.
    public var description: String {
        switch self {
        case .none: return "none"
        case .suspended: return "suspended"
        case .active(let roles): return "active(\(roles.joined(separator: ", ")))"
        }
    }

    /// Parses `description`.
    public init?(text: String) {
        switch text {
        case "none": self = .none
        case "suspended": self = .suspended
        default:
            guard text.hasPrefix("active("), text.hasSuffix(")") else { return nil }
            let inner = text.dropFirst(7).dropLast()
            self = .active(inner.isEmpty ? [] : inner.components(separatedBy: ", "))
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let t = PlannedTarget(text: text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a target: \(text)")
        }
        self = t
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension String {
    func components(separatedBy separator: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(self)
        while let range = rest.range(of: separator) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}
