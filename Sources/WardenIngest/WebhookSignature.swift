internal import Crypto
public import WardenPolicy

/// WorkOS-style webhook signatures: `t=<unix ms>, v1=<lowercase hex HMAC-SHA256 of "t.body">`
/// (reference: workos-dsync.md §5.2). Verification works on the raw body bytes; the header is
/// parsed leniently (any order, spaces, unknown keys), needs exactly one `t` and at least one `v1`,
/// and every `v1` is compared in constant time.
public enum WebhookSignature {
    public static let tolerance: Int64 = 180

    /// Why a signature was refused (also the `reason` label of the failure metric).
    public enum Failure: String, Error, Sendable, CaseIterable {
        case missingHeader = "missing_header"
        case malformedHeader = "malformed_header"
        case stale
        case future
        case mismatch
    }

    struct Parsed {
        var timestamp: String
        var signatures: [[UInt8]]
    }

    static func parse(_ header: String) throws(Failure) -> Parsed {
        guard header.utf8.count <= 4096 else { throw .malformedHeader }
        var t: String?
        var v1: [[UInt8]] = []
        for part in header.split(separator: ",") {
            let item = String(part).trimmingSpaces()
            guard let eq = item.firstIndex(of: "=") else { continue }
            let key = item[..<eq], value = String(item[item.index(after: eq)...])
            switch key {
            case "t":
                guard t == nil, !value.isEmpty, value.utf8.count <= 16, value.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
                    throw .malformedHeader
                }
                t = value
            case "v1":
                guard let bytes = lowercaseHex(value) else { throw .malformedHeader }
                v1.append(bytes)
            default:
                continue
            }
        }
        guard let t, !v1.isEmpty else { throw .malformedHeader }
        return Parsed(timestamp: t, signatures: v1)
    }

    /// 32 bytes from exactly 64 lowercase hex digits (WorkOS signs in lowercase; uppercase is refused).
    static func lowercaseHex(_ s: String) -> [UInt8]? {
        let chars = Array(s.utf8)
        guard chars.count == 64 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(32)
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 97...102: return c - 87
            default: return nil
            }
        }
        var i = 0
        while i < 64 {
            guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    /// Checks `header` for `body` with `secret` at `now`. Throws the reason on refusal.
    public static func verify(header: String?, body: some Collection<UInt8>, secret: String, now: Timestamp) throws(Failure) {
        guard let header, !header.isEmpty else { throw .missingHeader }
        let parsed = try parse(header)
        guard let ms = Int64(parsed.timestamp) else { throw .malformedHeader }
        let age = now.milliseconds / 1000 - ms / 1000
        if age > tolerance { throw .stale }
        if age < -tolerance { throw .future }
        let message = Array(parsed.timestamp.utf8) + [UInt8(ascii: ".")] + Array(body)
        let key = SymmetricKey(data: Array(secret.utf8))
        var matched = false
        for signature in parsed.signatures {
            // Constant time on the raw bytes; every candidate is checked.
            if HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: message, using: key) { matched = true }
        }
        if !matched { throw .mismatch }
    }

    /// The header WorkOS would send (for tests, and for signing Warden's own outgoing webhooks).
    public static func header(body: some Collection<UInt8>, secret: String, at time: Timestamp) -> String {
        let t = String(time.milliseconds)
        let mac = HMAC<SHA256>.authenticationCode(for: Array(t.utf8) + [UInt8(ascii: ".")] + Array(body), using: SymmetricKey(data: Array(secret.utf8)))
        return "t=\(t), v1=\(Hex.encode(mac))"
    }
}
