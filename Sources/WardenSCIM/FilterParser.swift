import WardenPolicy

/// A recursive-descent parser for the RFC 7644 §3.4.2.2 filter grammar and for PATCH paths
/// (§3.5.2). Operators and keywords ignore case; `and` binds tighter than `or`; literals are JSON
/// strings, numbers, `true`, `false` and `null`. Errors say what was expected and at which
/// character. Length and nesting are bounded because filters come from the network.
struct FilterParser {
    static let maxLength = 4096
    static let maxDepth = 32

    private struct Failure: Error {
        var message: String
        var position: Int
    }

    private let text: [Unicode.Scalar]
    private var index = 0
    private var depth = 0

    private init(_ text: String) { self.text = Array(text.unicodeScalars) }

    /// Parses a `filter` query parameter → 400 `invalidFilter` on any error.
    static func filter(_ text: String) throws(SCIMError) -> FilterSyntax {
        try run(text, what: "filter", scimType: .invalidFilter) { (p) throws(Failure) in
            let result = try p.orExpression(inBrackets: false)
            p.skipSpaces()
            guard p.atEnd else { throw p.unexpected("`and`, `or` or the end of the filter") }
            return result
        }
    }

    /// Parses a PATCH `path` → 400 `invalidPath` on any error.
    static func patchPath(_ text: String) throws(SCIMError) -> PatchPathSyntax {
        try run(text, what: "path", scimType: .invalidPath) { (p) throws(Failure) in
            let attribute = try p.attributePath()
            var path = PatchPathSyntax(attribute: attribute)
            if p.peek == "[" {
                path.filter = try p.bracketed()
                if p.peek == "." {
                    p.index += 1
                    path.sub = try p.namePart()
                }
            }
            p.skipSpaces()
            guard p.atEnd else { throw p.unexpected("`[` or the end of the path") }
            return path
        }
    }

    private static func run<T>(_ text: String, what: String, scimType: SCIMError.ScimType,
                               _ body: (inout FilterParser) throws(Failure) -> T) throws(SCIMError) -> T {
        guard text.unicodeScalars.count <= maxLength else {
            throw SCIMError(400, scimType, "invalid \(what): longer than \(maxLength) characters")
        }
        guard text.unicodeScalars.contains(where: { $0 != " " && $0 != "\t" }) else {
            throw SCIMError(400, scimType, "invalid \(what): it is empty")
        }
        var parser = FilterParser(text)
        do {
            return try body(&parser)
        } catch {
            throw SCIMError(400, scimType, "invalid \(what): \(error.message) at character \(error.position)")
        }
    }

    // MARK: Grammar

    private mutating func orExpression(inBrackets: Bool) throws(Failure) -> FilterSyntax {
        var terms = [try andExpression(inBrackets: inBrackets)]
        while takeKeyword("or") { terms.append(try andExpression(inBrackets: inBrackets)) }
        return terms.count == 1 ? terms[0] : .or(terms)
    }

    private mutating func andExpression(inBrackets: Bool) throws(Failure) -> FilterSyntax {
        var terms = [try term(inBrackets: inBrackets)]
        while takeKeyword("and") { terms.append(try term(inBrackets: inBrackets)) }
        return terms.count == 1 ? terms[0] : .and(terms)
    }

    private mutating func term(inBrackets: Bool) throws(Failure) -> FilterSyntax {
        skipSpaces()
        if let word = peekWord(), sameName(word, "not") {
            let after = index + word.unicodeScalars.count
            var j = after
            while j < text.count, text[j] == " " || text[j] == "\t" { j += 1 }
            if j < text.count, text[j] == "(" {
                index = j
                return .not(try parenthesized(inBrackets: inBrackets))
            }
            if after < text.count, text[after] == " " || text[after] == "\t" {
                index = j
                throw unexpected("`(` after `not`")
            }
        }
        if peek == "(" { return try parenthesized(inBrackets: inBrackets) }
        let path = try attributePath()
        if peek == "[" {
            if inBrackets { throw Failure(message: "value filters cannot be nested", position: index + 1) }
            let inner = try bracketed()
            var then: FilterSyntax?
            if peek == "." {
                index += 1
                let position = index + 1
                let sub = try namePart()
                then = try comparison(PathSyntax(name: AttributeName(urn: nil, name: sub, sub: nil), position: position))
            }
            return .valuePath(path, inner, then: then)
        }
        return try comparison(path)
    }

    private mutating func parenthesized(inBrackets: Bool) throws(Failure) -> FilterSyntax {
        try grouped(opening: "(", closing: ")", inBrackets: inBrackets)
    }

    /// `[valFilter]`, with the parser on the `[`.
    private mutating func bracketed() throws(Failure) -> FilterSyntax {
        try grouped(opening: "[", closing: "]", inBrackets: true)
    }

    /// A filter between `opening` and `closing`, with the parser on the opening character.
    private mutating func grouped(opening: Unicode.Scalar, closing: Unicode.Scalar, inBrackets: Bool) throws(Failure) -> FilterSyntax {
        let open = index
        index += 1
        try enter(open)
        let inner = try orExpression(inBrackets: inBrackets)
        skipSpaces()
        guard peek == closing else {
            throw unexpected(atEnd ? "`\(closing)` to close the `\(opening)` at character \(open + 1)" : "`and`, `or` or `\(closing)`")
        }
        index += 1
        depth -= 1
        return inner
    }

    private mutating func enter(_ at: Int) throws(Failure) {
        depth += 1
        guard depth <= Self.maxDepth else {
            throw Failure(message: "nested more than \(Self.maxDepth) levels deep", position: at + 1)
        }
    }

    private mutating func comparison(_ path: PathSyntax) throws(Failure) -> FilterSyntax {
        skipSpaces()
        let start = index
        guard let word = peekWord() else { throw unexpected("an operator after `\(path.name.text)`") }
        index += word.unicodeScalars.count
        if sameName(word, "pr") { return .present(path) }
        guard let op = ComparisonOperator(rawValue: word.lowercased()) else {
            throw Failure(message: "unknown operator `\(word)`; expected eq, ne, co, sw, ew, gt, ge, lt, le or pr", position: start + 1)
        }
        skipSpaces()
        return .compare(path, op, try literal(after: op))
    }

    /// `attrPath`: `name`, `name.sub`, or a URN-qualified `urn:...:name[.sub]`.
    private mutating func attributePath() throws(Failure) -> PathSyntax {
        skipSpaces()
        let start = index
        if startsWithURN {
            while let c = peek, isNameScalar(c) || ":.%+".unicodeScalars.contains(c) { index += 1 }
        } else {
            guard let c = peek, isLetter(c) || c == "$" else { throw unexpected("an attribute name") }
            while let c = peek, isNameScalar(c) || c == "." { index += 1 }
        }
        let raw = String(String.UnicodeScalarView(text[start..<index]))
        guard let name = AttributeName(raw), isAttributeName(name.name), name.sub.map(isAttributeName) ?? true,
              name.urn.map({ $0.count > 4 }) ?? true else {
            throw Failure(message: "`\(raw)` is not a valid attribute path", position: start + 1)
        }
        return PathSyntax(name: name, position: start + 1)
    }

    /// One `ATTRNAME` (a sub-attribute after `].`).
    private mutating func namePart() throws(Failure) -> String {
        let start = index
        while let c = peek, isNameScalar(c) { index += 1 }
        let raw = String(String.UnicodeScalarView(text[start..<index]))
        guard isAttributeName(raw) else {
            index = start
            throw unexpected("a sub-attribute name after `.`")
        }
        return raw
    }

    private mutating func literal(after op: ComparisonOperator) throws(Failure) -> FilterLiteral {
        let start = index
        let expected = "a value (a quoted string, a number, true, false or null) after `\(op.rawValue)`"
        guard let c = peek else { throw unexpected(expected) }
        if c == "\"" {
            index += 1
            while index < text.count, text[index] != "\"" { index += text[index] == "\\" ? 2 : 1 }
            guard index < text.count else { throw Failure(message: "unterminated string", position: start + 1) }
            index += 1
            let raw = String(String.UnicodeScalarView(text[start..<index]))
            do {
                if case .string(let s) = try JSONParser.parse(raw) { return .string(s) }
            } catch {
                throw Failure(message: "invalid string: \(error.message)", position: start + 1)
            }
        }
        if c == "-" || isDigit(c) {
            while let d = peek, isDigit(d) || "+-.eE".unicodeScalars.contains(d) { index += 1 }
            let raw = String(String.UnicodeScalarView(text[start..<index]))
            guard case .number(let n)? = try? JSONParser.parse(raw) else {
                throw Failure(message: "invalid number `\(raw)`", position: start + 1)
            }
            return .number(n)
        }
        if let word = peekWord() {
            let value: FilterLiteral? = sameName(word, "true") ? .bool(true) : sameName(word, "false") ? .bool(false)
                : sameName(word, "null") ? .null : nil
            if let value {
                index += word.unicodeScalars.count
                return value
            }
        }
        throw unexpected(expected)
    }

    // MARK: Scanning

    private var atEnd: Bool { index >= text.count }
    private var peek: Unicode.Scalar? { atEnd ? nil : text[index] }

    private var startsWithURN: Bool {
        index + 4 <= text.count && sameName(String(String.UnicodeScalarView(text[index..<index + 4])), "urn:")
    }

    private mutating func skipSpaces() {
        while let c = peek, c == " " || c == "\t" { index += 1 }
    }

    /// The run of ASCII letters at the current position, if any.
    private func peekWord() -> String? {
        var j = index
        while j < text.count, isLetter(text[j]) { j += 1 }
        return j == index ? nil : String(String.UnicodeScalarView(text[index..<j]))
    }

    /// Skips spaces and consumes `word` when it is the next whole word; otherwise moves nothing.
    private mutating func takeKeyword(_ word: String) -> Bool {
        let saved = index
        skipSpaces()
        if let w = peekWord(), sameName(w, word) {
            index += w.unicodeScalars.count
            return true
        }
        index = saved
        return false
    }

    /// "expected X, found Y" at the current position (after spaces).
    private mutating func unexpected(_ expected: String) -> Failure {
        skipSpaces()
        let found: String
        if let word = peekWord() {
            found = "`\(word.prefix(24))`"
        } else if let c = peek {
            found = "`\(Character(c))`"
        } else {
            found = "the end"
        }
        return Failure(message: "expected \(expected), found \(found)", position: index + 1)
    }

    private func isLetter(_ c: Unicode.Scalar) -> Bool { (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") }

    private func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

    private func isNameScalar(_ c: Unicode.Scalar) -> Bool {
        isLetter(c) || isDigit(c) || c == "-" || c == "_" || c == "$"
    }

    /// `ATTRNAME = ALPHA *(nameChar)`, plus `$ref`.
    private func isAttributeName(_ s: String) -> Bool {
        if sameName(s, "$ref") { return true }
        guard let first = s.unicodeScalars.first, isLetter(first) else { return false }
        return s.unicodeScalars.allSatisfy { isNameScalar($0) && $0 != "$" }
    }
}
