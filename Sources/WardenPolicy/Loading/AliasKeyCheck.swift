internal import Yams

/// Finds an alias used as a mapping key, or inside one, before the real parse. Yams hashes every
/// key to refuse duplicates, and hashing an alias walks its full expansion: a billion laughs as a
/// key would run for hours. The check parses the text once with every `*` turned into a private
/// character, so no alias exists and each former alias is a plain scalar starting with it.
enum AliasKeyCheck {
    static let marker: Unicode.Scalar = "\u{E000}"

    /// Where the first alias in a key is; nil when there is none (or the text has no anchor).
    static func firstAliasKey(in text: String) -> Mark? {
        guard text.utf8.contains(UInt8(ascii: "&")), text.utf8.contains(UInt8(ascii: "*")) else { return nil }
        let defused = String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "*" ? marker : $0 }))
        // A syntax error stops the check; the real parse then reports it at the same place.
        guard let parser = try? Parser(yaml: defused, resolver: .basic) else { return nil }
        while let root = try? parser.nextRoot() {
            if let mark = aliasKey(in: root, inKey: false) { return mark }
        }
        return nil
    }

    private static func aliasKey(in node: Node, inKey: Bool) -> Mark? {
        switch node {
        case .scalar(let s):
            return inKey && s.style == .plain && s.string.unicodeScalars.first == marker ? node.mark : nil
        case .sequence(let items):
            return items.lazy.compactMap { aliasKey(in: $0, inKey: inKey) }.first
        case .mapping(let pairs):
            return pairs.lazy.compactMap { aliasKey(in: $0.key, inKey: true) ?? aliasKey(in: $0.value, inKey: inKey) }.first
        case .alias:
            return nil
        }
    }
}
