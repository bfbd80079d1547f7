public import WardenPolicy

/// A SCIM protocol error (RFC 7644 §3.12): an HTTP status, an optional `scimType`, and a detail.
public struct SCIMError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum ScimType: String, Sendable, Hashable {
        case invalidFilter, tooMany, uniqueness, mutability, invalidSyntax, invalidPath, noTarget, invalidValue, invalidVers, sensitive
    }

    public var status: Int
    public var scimType: ScimType?
    public var detail: String

    public init(_ status: Int, _ scimType: ScimType? = nil, _ detail: String) {
        self.status = status
        self.scimType = scimType
        self.detail = detail
    }

    public var description: String { "\(status)\(scimType.map { " \($0.rawValue)" } ?? ""): \(detail)" }

    /// The RFC 7644 error body; `status` is a string.
    public var json: JSONValue {
        var pairs: [(String, JSONValue)] = [("schemas", .array([.string("urn:ietf:params:scim:api:messages:2.0:Error")])),
                                            ("status", .string(String(status)))]
        if let scimType { pairs.append(("scimType", .string(scimType.rawValue))) }
        pairs.append(("detail", .string(detail)))
        return .object(pairs)
    }
}
