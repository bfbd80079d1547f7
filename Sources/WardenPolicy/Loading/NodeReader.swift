internal import Yams

/// Reads one YAML file's nodes into the policy model, collecting located diagnostics instead of throwing.
final class NodeReader {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []
    /// Node reads left for the whole file, to stop alias bombs: a file without aliases never needs
    /// more than a few per byte, so only expansion through aliases can run out.
    private var budget: Int
    private let nodeBudget: Int
    /// Reads allowed beyond `readsPerByte` for each byte of the file.
    static let aliasAllowance = 200_000
    static let readsPerByte = 4
    static let maxDepth = 64

    init(file: String, byteCount: Int) {
        self.file = file
        nodeBudget = Self.aliasAllowance + Self.readsPerByte * byteCount
        budget = nodeBudget
    }

    func span(_ node: Node?) -> SourceSpan {
        let mark = node?.mark
        return SourceSpan(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    func error(_ code: String, _ message: String, _ node: Node?, help: String? = nil) {
        diagnostics.append(.error(code, message, at: span(node), help: help))
    }

    func error(_ code: String, _ message: String, at span: SourceSpan, help: String? = nil) {
        diagnostics.append(.error(code, message, at: span, help: help))
    }

    func warning(_ code: String, _ message: String, at span: SourceSpan, help: String? = nil) {
        diagnostics.append(.warning(code, message, at: span, help: help))
    }

    /// Spends one unit of the node budget; false (with one diagnostic) once it is exhausted.
    func spend(_ node: Node) -> Bool {
        budget -= 1
        if budget == 0 {
            error("policy_too_large", "file expands to too many nodes through aliases; the limit is \(nodeBudget) for this file", node)
        }
        return budget > 0
    }

    // MARK: Typed reads

    /// A mapping with its keys (Yams already refused duplicate keys); unknown keys are reported at `finish`.
    func mapping(_ node: Node, _ what: String, help: String? = nil) -> MappingView? {
        guard spend(node) else { return nil }
        guard case .mapping(let m) = node else {
            error("policy_wrong_type", "\(what) must be a mapping, found \(describe(node))", node, help: help)
            return nil
        }
        var pairs: [MappingView.Pair] = []
        for (k, v) in m {
            guard let key = k.scalar?.string else {
                error("policy_wrong_type", "keys must be plain strings", k)
                continue
            }
            pairs.append(.init(key: key, keyNode: k, value: v))
        }
        return MappingView(reader: self, node: node, what: what, pairs: pairs)
    }

    func sequence(_ node: Node, _ what: String, help: String? = nil) -> [Node]? {
        guard spend(node) else { return nil }
        guard case .sequence(let s) = node else {
            error("policy_wrong_type", "\(what) must be a list, found \(describe(node))", node, help: help)
            return nil
        }
        return Array(s)
    }

    /// A non-empty scalar read as text (numbers and booleans are taken as written).
    func string(_ node: Node, _ what: String) -> String? {
        guard spend(node) else { return nil }
        guard case .scalar(let s) = node, node.plainKind != .null || s.style != .plain else {
            error("policy_wrong_type", "\(what) must be a string, found \(describe(node))", node)
            return nil
        }
        if s.string.isEmpty && s.style == .plain {
            error("policy_wrong_type", "\(what) must not be empty", node)
            return nil
        }
        return withoutNUL(s.string, what, node)
    }

    /// `text`, unless it holds a NUL (`"\0"`): SQLite's C interface would cut it there.
    func withoutNUL(_ text: String, _ what: String, _ node: Node) -> String? {
        guard text.utf8.contains(0) else { return text }
        error("policy_invalid_value", "\(what) must not hold a NUL character", node)
        return nil
    }

    func bool(_ node: Node, _ what: String) -> Bool? {
        guard spend(node) else { return nil }
        if case .scalar(let s) = node, s.style == .plain {
            switch s.string.lowercased() {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default: break
            }
        }
        error("policy_wrong_type", "\(what) must be `true` or `false`, found \(describe(node))", node)
        return nil
    }

    func integer(_ node: Node, _ what: String, min: Int = 0) -> Int? {
        guard spend(node) else { return nil }
        if case .scalar(let s) = node, s.style == .plain, let value = Int(s.string), value >= min { return value }
        error("policy_wrong_type", "\(what) must be a whole number of at least \(min), found \(describe(node))", node)
        return nil
    }

    func duration(_ node: Node, _ what: String) -> PolicyDuration? {
        guard let text = string(node, what) else { return nil }
        guard let d = PolicyDuration(parsing: text) else {
            error("policy_invalid_duration", "`\(text)` is not a duration", node,
                  help: "write `90s`, `30m`, `4h`, `2d`, `1w`, or ISO-8601 like `PT4H` or `P2D`")
            return nil
        }
        return d
    }

    func timestamp(_ node: Node, _ what: String) -> Timestamp? {
        guard let text = string(node, what) else { return nil }
        guard let t = Timestamp(iso8601: text) else {
            error("policy_invalid_time", "`\(text)` is not an ISO-8601 time", node,
                  help: "write a UTC time like `2026-12-31T00:00:00Z`")
            return nil
        }
        return t
    }

    /// An id matching `[a-z0-9][a-z0-9._-]*`.
    func identifier(_ node: Node, _ what: String) -> String? {
        guard let text = string(node, what) else { return nil }
        guard Self.isIdentifier(text) else {
            error("policy_invalid_id", "`\(text)` is not a valid \(what)", node,
                  help: "ids are lowercase letters, digits, `.`, `_` and `-`, starting with a letter or digit")
            return nil
        }
        return text
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.utf8.first, isLowerAlnum(first) else { return false }
        return text.utf8.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    private static func isLowerAlnum(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
    }

    /// One of `allowed`, with a did-you-mean otherwise.
    func choice(_ node: Node, _ what: String, _ allowed: [String]) -> String? {
        guard let text = string(node, what) else { return nil }
        guard allowed.contains(text) else {
            error("policy_invalid_value", "`\(text)` is not a valid \(what)", node,
                  help: Suggest.didYouMean(text, in: allowed) ?? "expected one of " + allowed.map { "`\($0)`" }.joined(separator: ", "))
            return nil
        }
        return text
    }

    /// A scalar, list or mapping converted to JSON (for raw events in tests).
    func json(_ node: Node, depth: Int = 0) -> JSONValue {
        guard spend(node), depth < Self.maxDepth else { return .null }
        switch node {
        case .scalar(let s):
            if s.style != .plain { return .string(s.string) }
            switch node.plainKind {
            case .null: return .null
            case .bool: return .bool(["true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"].contains(s.string))
            case .number: return Double(s.string).map(JSONValue.number) ?? .string(s.string)
            case .string: return .string(s.string)
            }
        case .sequence(let seq): return .array(seq.map { json($0, depth: depth + 1) })
        case .mapping(let m): return .object(m.map { ($0.key.string ?? "", json($0.value, depth: depth + 1)) })
        case .alias: return .null
        }
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s):
            let kind = node.plainKind
            if s.style == .plain && kind == .null { return "nothing" }
            if s.style == .plain && kind == .number { return "the number `\(s.string)`" }
            if s.style == .plain && kind == .bool { return "`\(s.string)`" }
            return "the string `\(s.string)`"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }
}

/// The key/value pairs of one mapping, with unknown-key checking.
struct MappingView {
    struct Pair {
        let key: String
        let keyNode: Node
        let value: Node
    }

    let reader: NodeReader
    let node: Node
    let what: String
    let pairs: [Pair]

    /// The same mapping described differently in messages (e.g. "Owner `platform`").
    func labeled(_ what: String) -> MappingView {
        MappingView(reader: reader, node: node, what: what, pairs: pairs)
    }

    /// Where each key's value is written.
    var spans: FieldSpans {
        var s = FieldSpans()
        for p in pairs { s[p.key] = reader.span(p.value) }
        return s
    }

    subscript(key: String) -> Node? { pairs.first { $0.key == key }?.value }

    func keyNode(_ key: String) -> Node? { pairs.first { $0.key == key }?.keyNode }

    var keys: [String] { pairs.map(\.key) }

    /// The value of a required key, reporting it when missing.
    func require(_ key: String, help: String? = nil) -> Node? {
        if let v = self[key] { return v }
        reader.error("policy_missing_field", "\(what) is missing `\(key)`", node, help: help)
        return nil
    }

    /// Reports every key not in `allowed`, with a did-you-mean when one is close.
    func finish(allowed: [String]) {
        for pair in pairs where !allowed.contains(pair.key) {
            reader.error("policy_unknown_field", "unknown field `\(pair.key)` in \(what)", pair.keyNode,
                         help: Suggest.didYouMean(pair.key, in: allowed) ?? "allowed: " + allowed.map { "`\($0)`" }.joined(separator: ", "))
        }
    }
}

extension Node {
    /// What a plain scalar means in YAML 1.1 terms, decided with string checks. (The parser runs
    /// with `Resolver.basic`: Yams' default resolver matches every scalar against ICU regexes,
    /// which dominated policy loading.)
    enum PlainKind { case null, bool, number, string }

    var plainKind: PlainKind {
        guard case .scalar(let s) = self, s.style == .plain || s.style == .any else { return .string }
        switch s.string {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF":
            return .bool
        default:
            guard let first = s.string.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
                    || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) else { return .string }
            return Double(s.string) != nil ? .number : .string
        }
    }
}
