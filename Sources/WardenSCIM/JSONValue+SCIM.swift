import WardenPolicy

/// Case-insensitive access to JSON objects (RFC 7643 §2.1: attribute names and URNs ignore case)
/// and small readers used throughout the SCIM code.
extension JSONValue {
    var objectPairs: [(String, JSONValue)]? {
        if case .object(let pairs) = self { return pairs }
        return nil
    }

    var arrayItems: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The member named `name` ignoring case; when several match, the last one (as a JSON reader
    /// would keep it).
    func member(_ name: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.last { sameName($0.0, name) }?.1
    }

    /// This object with `name` set: in place of the first member of that name (in any case, the
    /// others dropped), or appended.
    func setting(_ name: String, to value: JSONValue) -> JSONValue {
        var pairs = objectPairs ?? []
        guard let i = pairs.firstIndex(where: { sameName($0.0, name) }) else {
            pairs.append((name, value))
            return .object(pairs)
        }
        pairs[i] = (name, value)
        return .object(pairs.enumerated().filter { $0.offset <= i || !sameName($0.element.0, name) }.map(\.element))
    }

    /// This object without any member named `name` (ignoring case).
    func removing(_ name: String) -> JSONValue {
        .object((objectPairs ?? []).filter { !sameName($0.0, name) })
    }
}
