public import WardenPolicy

/// One attribute definition of a SCIM schema (RFC 7643 §7), with the characteristics that drive
/// input coercion, PATCH mutability checks, filter comparison and `/Schemas` output.
public struct SCIMAttribute: Sendable, Hashable {
    public enum DataType: String, Sendable, Hashable {
        case string, boolean, decimal, integer, dateTime, reference, binary, complex
    }

    public enum Mutability: String, Sendable, Hashable {
        case readOnly, readWrite, immutable, writeOnly
    }

    public enum Returned: String, Sendable, Hashable {
        case always, never, `default`, request
    }

    public enum Uniqueness: String, Sendable, Hashable {
        case none, server, global
    }

    public var name: String
    public var type: DataType
    public var multiValued: Bool
    public var required: Bool
    public var caseExact: Bool
    public var mutability: Mutability
    public var returned: Returned
    public var uniqueness: Uniqueness
    public var description: String
    public var subAttributes: [SCIMAttribute]
    public var canonicalValues: [String]
    public var referenceTypes: [String]

    public init(_ name: String, _ type: DataType, multiValued: Bool = false, required: Bool = false, caseExact: Bool = false,
                mutability: Mutability = .readWrite, returned: Returned = .default, uniqueness: Uniqueness = .none,
                description: String, subAttributes: [SCIMAttribute] = [], canonicalValues: [String] = [],
                referenceTypes: [String] = []) {
        self.name = name
        self.type = type
        self.multiValued = multiValued
        self.required = required
        self.caseExact = caseExact
        self.mutability = mutability
        self.returned = returned
        self.uniqueness = uniqueness
        self.description = description
        self.subAttributes = subAttributes
        self.canonicalValues = canonicalValues
        self.referenceTypes = referenceTypes
    }

    /// The sub-attribute named `name`, ignoring case.
    public func subAttribute(_ name: String) -> SCIMAttribute? {
        subAttributes.first { sameName($0.name, name) }
    }

    /// Whether a client may write this attribute at all.
    var isWritable: Bool { mutability != .readOnly }

    /// The RFC 7643 §7 attribute representation.
    public var json: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("name", .string(name)), ("type", .string(type.rawValue)), ("multiValued", .bool(multiValued)),
            ("description", .string(description)), ("required", .bool(required)),
        ]
        if type != .complex && type != .boolean { pairs.append(("caseExact", .bool(caseExact))) }
        if !canonicalValues.isEmpty { pairs.append(("canonicalValues", .array(canonicalValues.map(JSONValue.string)))) }
        if !referenceTypes.isEmpty { pairs.append(("referenceTypes", .array(referenceTypes.map(JSONValue.string)))) }
        pairs += [("mutability", .string(mutability.rawValue)), ("returned", .string(returned.rawValue)),
                  ("uniqueness", .string(uniqueness.rawValue))]
        if !subAttributes.isEmpty { pairs.append(("subAttributes", .array(subAttributes.map(\.json)))) }
        return .object(pairs)
    }
}
