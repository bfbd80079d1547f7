/// A filter (RFC 7644 §3.4.2.2) parsed and resolved against one resource type: every attribute
/// is known, every operator fits its attribute's type. Anything else is a 400 `invalidFilter`
/// that says what and where; nothing is silently ignored (Q14).
public struct SCIMFilter: Sendable, Hashable {
    public let text: String
    public let type: SCIMResourceType
    let root: FilterNode

    public init(_ text: String, for type: SCIMResourceType) throws(SCIMError) {
        self.text = text
        self.type = type
        root = try FilterCompiler(type: type).node(FilterParser.filter(text), element: nil)
    }

    /// Whether `resource` satisfies the filter. String comparisons follow `caseExact`
    /// (`userName`, `displayName`, `emails.value` ignore case; `id`, `externalId` do not).
    public func matches(_ resource: SCIMResource) -> Bool {
        FilterEvaluator(resource: resource).evaluate(root, element: nil)
    }

    /// An equality every match must satisfy, when the filter implies one on an attribute a
    /// store is likely to index: a store may use it to narrow candidates, then still call
    /// `matches` on each.
    public var lookup: SCIMLookup? { Self.lookup(root, type: type) }

    private static func lookup(_ node: FilterNode, type: SCIMResourceType) -> SCIMLookup? {
        switch node {
        case .compare(let operand, .eq, .string(let value)):
            switch operand.source {
            case .id: return .id(value)
            case .attribute(let key) where operand.sub == nil && key.schema == type.schema.id:
                switch key.name {
                case "externalId": return .externalId(value)
                case "userName": return .userName(value)
                case "displayName" where type == .group: return .displayName(value)
                default: return nil
                }
            default: return nil
            }
        case .and(let nodes):
            return nodes.lazy.compactMap { lookup($0, type: type) }.first
        default:
            return nil
        }
    }
}

/// An equality implied by a filter. `userName` and `displayName` values are lowercased and
/// compare ignoring case; `id` and `externalId` compare exactly.
public enum SCIMLookup: Sendable, Hashable {
    case id(String)
    case externalId(String)
    case userName(String)
    case displayName(String)
}

/// A resolved filter expression.
indirect enum FilterNode: Hashable, Sendable {
    case compare(FilterOperand, ComparisonOperator, FilterValue)
    case present(FilterOperand)
    case and([FilterNode])
    case or([FilterNode])
    case not(FilterNode)
    /// Some element of the complex attribute at the key satisfies the inner expression, whose
    /// operands are `.element` ones.
    case any(AttributeKey, FilterNode)
}

/// What a comparison reads.
struct FilterOperand: Hashable, Sendable {
    enum Source: Hashable, Sendable {
        case id
        case meta
        case attribute(AttributeKey)
        /// The element of the enclosing value filter.
        case element
    }

    var source: Source
    var sub: String?
    var caseExact: Bool
}

/// A comparison value checked against the attribute's type; strings are lowercased when the
/// attribute ignores case.
enum FilterValue: Hashable, Sendable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case time(Int64)
    case null
}
