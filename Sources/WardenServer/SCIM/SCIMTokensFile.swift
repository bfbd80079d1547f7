import WardenPolicy

/// The SCIM tokens file (`WARDEN_SCIM_TOKENS_FILE`, or the same text in `WARDEN_SCIM_TOKENS`):
/// one IdP connection per line, `DIRECTORY_ID TOKEN`, where TOKEN is the bearer token itself or,
/// better, `sha256:` and the 64 hex digits of its SHA-256 digest (`printf %s "$T" | sha256sum`),
/// so that the file holds no secret. Blank lines and lines starting with `#` are skipped.
///
/// ```
/// # directory        token
/// directory_okta     sha256:5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8
/// directory_entra    a-long-random-secret-token
/// ```
enum SCIMTokensFile {
    /// Shortest token accepted: SCIM tokens are long-lived secrets.
    static let minimumLength = 16

    static func parse(_ text: String, into tokens: inout TokenSet) throws(ConfigError) {
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw).trimmingSpaces()
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            let place = "WARDEN_SCIM_TOKENS line \(n + 1)"
            guard fields.count == 2 else { throw ConfigError("\(place): expected `DIRECTORY_ID TOKEN` (or `DIRECTORY_ID sha256:HEX`)") }
            let directory = String(fields[0]), token = String(fields[1])
            if token.hasPrefix("sha256:") {
                guard let digest = Self.hex(token.dropFirst(7)) else {
                    throw ConfigError("\(place): `sha256:` must be followed by 64 hex digits")
                }
                try add(digest: digest, directory: directory, to: &tokens, where: place)
            } else {
                try add(token, directory: directory, to: &tokens, where: place)
            }
        }
    }

    /// Adds one plain token for `directory`; `place` names it in errors (never the token).
    static func add(_ token: String, directory: String, to tokens: inout TokenSet, where place: String) throws(ConfigError) {
        guard token.count >= minimumLength else { throw ConfigError("\(place): a SCIM token needs at least \(minimumLength) characters") }
        try add(digest: TokenSet.digest(token), directory: directory, to: &tokens, where: place)
    }

    private static func add(digest: [UInt8], directory: String, to tokens: inout TokenSet, where place: String) throws(ConfigError) {
        guard !directory.isEmpty, directory.utf8.count <= 200,
              directory.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._:-".contains($0)) }) else {
            throw ConfigError("\(place): directory id `\(directory.prefix(80))` must be letters, digits, `.`, `_`, `:` or `-`")
        }
        var probe = TokenSet()
        probe.add(digest: digest, label: directory)
        guard !tokens.overlaps(probe) else { throw ConfigError("\(place): this token is already configured") }
        tokens.add(digest: digest, label: directory)
    }

    private static func hex(_ text: Substring) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count == 64, digits.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 102) }) else { return nil }
        return stride(from: 0, to: 64, by: 2).map { UInt8(String(decoding: digits[$0...$0 + 1], as: UTF8.self), radix: 16)! }
    }
}
