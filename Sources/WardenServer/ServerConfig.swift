import Foundation
internal import Crypto
public import WardenPolicy

/// Server settings, from the environment and optionally a YAML file with the same keys
/// (environment wins). Secrets also come from `<KEY>_FILE`. Tokens are kept only as hashes.
public struct ServerConfig: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var databasePath = "./warden.db"
    public var policyFolder = "./policies"
    public var webhookSecret: String?
    public var apiTokens: TokenSet = TokenSet()
    /// Bearer tokens for `/scim/v2`, each labelled with the directory its IdP connection feeds.
    public var scimTokens: TokenSet = TokenSet()
    /// The public root of `/scim/v2` for `meta.location` and `Location` (`https://host/scim/v2`);
    /// nil: `http://<Host header>/scim/v2`.
    public var scimBaseURL: String?
    /// Largest SCIM request body accepted.
    public var maxSCIMBytes = 1 << 20
    public var workosAPIKey: String?
    public var workosBaseURL = "https://api.workos.com"
    /// Where the Events API poller starts when no cursor is stored (ISO-8601).
    public var workosRangeStart: String?
    public var pollInterval: Duration = .seconds(30)
    public var checkInterval: Duration = .seconds(60)
    /// How often connectors carry out due actions.
    public var dispatchInterval: Duration = .seconds(10)
    /// Largest webhook body accepted.
    public var maxWebhookBytes = 1 << 20
    /// Largest API request body accepted.
    public var maxAPIBytes = 64 << 10
    /// Largest request head (request line and all headers); a larger one is answered 431.
    public var maxHeaderBytes = 32 << 10
    /// Most header fields in one request.
    public var maxHeaderFields = 100
    /// How long a connection may take to send a request head, counted from its opening or from
    /// the previous response (also the keep-alive idle limit).
    public var headTimeout: Duration = .seconds(15)
    /// How long a request may take to send its body once the head has arrived.
    public var bodyTimeout: Duration = .seconds(30)

    public init() {}

    /// The keys read, in the environment and in `--config` files.
    public static let keys = [
        "WARDEN_WORKOS_WEBHOOK_SECRET", "WARDEN_WORKOS_API_KEY", "WARDEN_WORKOS_BASE_URL", "WARDEN_WORKOS_RANGE_START",
        "WARDEN_API_TOKEN", "WARDEN_SCIM_TOKEN", "WARDEN_DB", "WARDEN_POLICIES", "WARDEN_CHECK_INTERVAL", "WARDEN_POLL_INTERVAL",
        "WARDEN_DISPATCH_INTERVAL", "WARDEN_SCIM_DIRECTORY", "WARDEN_SCIM_TOKENS", "WARDEN_SCIM_BASE_URL",
    ]

    /// The directory of `WARDEN_SCIM_TOKEN` when `WARDEN_SCIM_DIRECTORY` is not set.
    public static let defaultSCIMDirectory = "scim"

    /// Reads the configuration: `file` values first, the environment over them, `<KEY>_FILE` for secrets.
    public static func load(environment: [String: String], file: [String: String] = [:]) throws(ConfigError) -> ServerConfig {
        func value(_ key: String) throws(ConfigError) -> String? {
            if let v = environment[key], !v.isEmpty { return v }
            if let path = environment[key + "_FILE"] ?? file[key + "_FILE"] {
                guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                    throw ConfigError("cannot read \(key)_FILE `\(path)`")
                }
                return text.trimmingSpaces()
            }
            if let v = file[key], !v.isEmpty { return v }
            return nil
        }
        var c = ServerConfig()
        c.webhookSecret = try value("WARDEN_WORKOS_WEBHOOK_SECRET")
        c.workosAPIKey = try value("WARDEN_WORKOS_API_KEY")
        if let base = try value("WARDEN_WORKOS_BASE_URL") { c.workosBaseURL = base.hasSuffix("/") ? String(base.dropLast()) : base }
        c.workosRangeStart = try value("WARDEN_WORKOS_RANGE_START")
        if let token = try value("WARDEN_API_TOKEN") { c.apiTokens.add(token) }
        if let token = try value("WARDEN_SCIM_TOKEN") {
            let directory = try value("WARDEN_SCIM_DIRECTORY") ?? defaultSCIMDirectory
            try SCIMTokensFile.add(token, directory: directory, to: &c.scimTokens, where: "WARDEN_SCIM_TOKEN")
        }
        if let text = try value("WARDEN_SCIM_TOKENS") { try SCIMTokensFile.parse(text, into: &c.scimTokens) }
        if c.scimTokens.overlaps(c.apiTokens) { throw ConfigError("a SCIM token must differ from WARDEN_API_TOKEN") }
        if let base = try value("WARDEN_SCIM_BASE_URL") { c.scimBaseURL = base.hasSuffix("/") ? String(base.dropLast()) : base }
        if let db = try value("WARDEN_DB") { c.databasePath = db }
        if let p = try value("WARDEN_POLICIES") { c.policyFolder = p }
        for (key, path) in [("WARDEN_CHECK_INTERVAL", \ServerConfig.checkInterval), ("WARDEN_POLL_INTERVAL", \ServerConfig.pollInterval),
                           ("WARDEN_DISPATCH_INTERVAL", \ServerConfig.dispatchInterval)] {
            if let text = try value(key) {
                guard let d = PolicyDuration(parsing: text), d.seconds > 0 else { throw ConfigError("\(key): `\(text)` is not a duration") }
                c[keyPath: path] = .seconds(d.seconds)
            }
        }
        return c
    }

    /// A flat YAML mapping of the same keys (`WARDEN_API_TOKEN_FILE: /run/secrets/api`).
    public static func parseFile(_ text: String) throws(ConfigError) -> [String: String] {
        var out: [String: String] = [:]
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw).trimmingSpaces()
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else { throw ConfigError("line \(n + 1): expected `KEY: value`") }
            let key = String(line[..<colon]).trimmingSpaces()
            var value = String(line[line.index(after: colon)...]).trimmingSpaces()
            if value.count >= 2, (value.hasPrefix("\"") && value.hasSuffix("\"")) || (value.hasPrefix("'") && value.hasSuffix("'")) {
                value = String(value.dropFirst().dropLast())
            }
            guard keys.contains(key) || keys.contains(where: { key == $0 + "_FILE" }) else {
                throw ConfigError("line \(n + 1): unknown key `\(key)`" + (Suggest.didYouMean(key, in: keys).map { "; \($0)" } ?? ""))
            }
            out[key] = value
        }
        return out
    }
}

/// A configuration problem, said once at start-up.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Bearer tokens, kept only as SHA-256 digests and compared in constant time; each may carry a
/// label (the directory of a SCIM token).
public struct TokenSet: Sendable {
    private var entries: [(digest: [UInt8], label: String)] = []

    public init() {}

    public var isEmpty: Bool { entries.isEmpty }

    public mutating func add(_ token: String, label: String = "") { add(digest: Self.digest(token), label: label) }

    /// Adds a token known only by its SHA-256 digest (32 bytes).
    public mutating func add(digest: [UInt8], label: String) { entries.append((digest, label)) }

    public static func digest(_ token: String) -> [UInt8] { Array(SHA256.hash(data: Array(token.utf8))) }

    /// Whether `token` is one of the set.
    public func contains(_ token: String) -> Bool { label(for: token) != nil }

    /// The label of `token`, nil when it is not one of the set. Every stored digest is
    /// compared, each in constant time.
    public func label(for token: String) -> String? { label(digest: Self.digest(token)) }

    /// Whether a token of `other` is also one of this set.
    public func overlaps(_ other: TokenSet) -> Bool { other.entries.contains { label(digest: $0.digest) != nil } }

    private func label(digest: [UInt8]) -> String? {
        var found: String?
        for entry in entries {
            var diff: UInt8 = 0
            for i in 0..<32 { diff |= entry.digest[i] ^ digest[i] }
            if diff == 0 { found = entry.label }
        }
        return found
    }
}
