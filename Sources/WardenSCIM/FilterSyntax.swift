/// A filter as written (RFC 7644 §3.4.2.2), before attribute names are resolved. Positions are
/// 1-based character offsets into the filter text, for messages.
indirect enum FilterSyntax: Hashable, Sendable {
    case compare(PathSyntax, ComparisonOperator, FilterLiteral)
    case present(PathSyntax)
    case and([FilterSyntax])
    case or([FilterSyntax])
    case not(FilterSyntax)
    /// `emails[type eq "work"]`, optionally followed by `.value eq "x"` (as Entra sends it): the
    /// comparison is on a sub-attribute of the same element.
    case valuePath(PathSyntax, FilterSyntax, then: FilterSyntax?)
}

/// An attribute path as written, with where it starts.
struct PathSyntax: Hashable, Sendable {
    var name: AttributeName
    var position: Int
}

/// `eq ne co sw ew gt ge lt le`.
enum ComparisonOperator: String, Hashable, Sendable, CaseIterable {
    case eq, ne, co, sw, ew, gt, ge, lt, le
}

/// A comparison value: a JSON string, number, boolean or null.
enum FilterLiteral: Hashable, Sendable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
}

/// A PATCH `path` (RFC 7644 §3.5.2): `attrPath`, or `attrPath[valFilter]` with an optional
/// `.subAttr`.
struct PatchPathSyntax: Hashable, Sendable {
    var attribute: PathSyntax
    var filter: FilterSyntax?
    var sub: String?
}
