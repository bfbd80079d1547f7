internal import Crypto
import WardenPolicy

/// Deterministic ids: the same inputs give the same id, in any run.
public enum StableId {
    /// `prefix_` + 24 hex digits of SHA-256 over the parts.
    public static func make(_ prefix: String, _ parts: [String]) -> String {
        var hasher = SHA256()
        for var part in parts {
            part.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
            withUnsafeBytes(of: UInt8(0x1F)) { hasher.update(bufferPointer: $0) }
        }
        return prefix + "_" + hasher.finalize().withUnsafeBytes { Hex.encode(buffer: UnsafeRawBufferPointer(rebasing: $0.prefix(12))) }
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
