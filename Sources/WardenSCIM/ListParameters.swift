import WardenPolicy

/// `filter`, `startIndex`, `count` and the attribute selection of a list or search request,
/// from the query string (GET) or a `SearchRequest` body (POST `/.search`). `startIndex` below 1
/// is 1; `count` below 0 is 0 and above `maxResults` is `maxResults`; a missing `count` means
/// `maxResults`. `sortBy` is ignored (sorting is not advertised).
struct ListParameters {
    var filter: String?
    var startIndex = 1
    var count: Int
    var selection: AttributeSelection?

    init(query request: SCIMRequest, maxResults: Int) throws(SCIMError) {
        filter = request.queryItem("filter")
        startIndex = max(1, try Self.integer(request.queryItem("startIndex"), "startIndex") ?? 1)
        count = Self.clamp(try Self.integer(request.queryItem("count"), "count"), maxResults)
        selection = try Self.selection(request)
    }

    init(search body: JSONValue, request: SCIMRequest, maxResults: Int) throws(SCIMError) {
        guard case .object = body else {
            throw SCIMError(400, .invalidSyntax, "the body must be a SearchRequest JSON object, found \(body.kindName)")
        }
        switch body.member("filter") {
        case .string(let text)?: filter = text
        case nil, .null?: filter = nil
        case let other?: throw SCIMError(400, .invalidFilter, "`filter` must be a string, found \(other.kindName)")
        }
        startIndex = max(1, try Self.integer(body.member("startIndex"), "startIndex") ?? 1)
        count = Self.clamp(try Self.integer(body.member("count"), "count"), maxResults)
        let attributes = try Self.names(body.member("attributes"), "attributes")
        let excluded = try Self.names(body.member("excludedAttributes"), "excludedAttributes")
        if let fromBody = try AttributeSelection(attributes: attributes, excludedAttributes: excluded) {
            selection = fromBody
        } else {
            selection = try Self.selection(request)
        }
    }

    /// The `attributes`/`excludedAttributes` query parameters.
    static func selection(_ request: SCIMRequest) throws(SCIMError) -> AttributeSelection? {
        try AttributeSelection(attributes: AttributeSelection.list(request.queryItem("attributes")),
                               excludedAttributes: AttributeSelection.list(request.queryItem("excludedAttributes")))
    }

    private static func clamp(_ count: Int?, _ maxResults: Int) -> Int {
        min(max(count ?? maxResults, 0), maxResults)
    }

    private static func integer(_ text: String?, _ name: String) throws(SCIMError) -> Int? {
        guard let text else { return nil }
        guard let value = Int(Substring(text).trimmingSpaces) else {
            throw SCIMError(400, .invalidValue, "`\(name)` must be an integer, found `\(text.prefix(40))`")
        }
        return value
    }

    private static func integer(_ value: JSONValue?, _ name: String) throws(SCIMError) -> Int? {
        switch value {
        case nil, .null?: return nil
        case .number(let n)? where n.rounded() == n && abs(n) < 1e15: return Int(n)
        case .string(let s)?: return try integer(s, name)
        case let other?: throw SCIMError(400, .invalidValue, "`\(name)` must be an integer, found \(other.kindName)")
        }
    }

    private static func names(_ value: JSONValue?, _ name: String) throws(SCIMError) -> [String] {
        switch value {
        case nil, .null?: return []
        case .string(let s)?: return AttributeSelection.list(s)
        case .array(let items)?:
            var out: [String] = []
            for item in items {
                guard case .string(let s) = item else {
                    throw SCIMError(400, .invalidValue, "`\(name)` must list strings, found \(item.kindName)")
                }
                out.append(s)
            }
            return out
        case let other?: throw SCIMError(400, .invalidValue, "`\(name)` must be a list of names, found \(other.kindName)")
        }
    }
}
