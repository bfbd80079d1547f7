internal import Crypto
import WardenPolicy

/// Deterministic ids: the same inputs give the same id, in any run.
public enum StableId {
    /// `prefix_` + 24 hex digits of SHA-256 over the parts.
    /// Each part is followed by the byte 0x1F; the parts are hashed as one buffer (one call into
    /// SHA-256 rather than two per part).
    public static func make(_ prefix: String, _ parts: [String]) -> String {
        let length = parts.reduce(0) { $0 + $1.utf8.count + 1 }
        let digest = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { buffer in
            var at = 0
            for var part in parts {
                part.withUTF8 { bytes in
                    _ = UnsafeMutableBufferPointer(rebasing: buffer[at...]).initialize(fromContentsOf: bytes)
                    at += bytes.count
                }
                buffer[at] = 0x1F
                at += 1
            }
            var hasher = SHA256()
            hasher.update(bufferPointer: UnsafeRawBufferPointer(buffer))
            return hasher.finalize()
        }
        return digest.withUnsafeBytes { Hex.encode(buffer: UnsafeRawBufferPointer(rebasing: $0.prefix(12)), prefix: prefix + "_") }
    }

    /// Action ids come from (cause event, user, app, type, role) (SPEC §4.1).
    public static func action(event: String, user: String, app: String, type: ActionType, role: String?) -> String {
        make("act", [event, user, app, type.rawValue, role ?? ""])
    }

    /// Violations with the same kind, app, user and role/action share an id (SPEC §4.2).
    public static func violation(kind: ViolationKind, app: String?, user: String?, subject: String?) -> String {
        make("vio", [kind.rawValue, app ?? "", user ?? "", subject ?? ""])
    }
}
