internal import Crypto
import WardenPolicy

/// Deterministic ids: the same inputs give the same id, in any run.
public enum StableId {
    /// `prefix_` + 24 hex digits of SHA-256 over the parts.
    public static func make(_ prefix: String, _ parts: [String]) -> String {
        var hasher = SHA256()
        for part in parts {
            hasher.update(data: Array(part.utf8))
            hasher.update(data: [0x1f])
        }
        return prefix + "_" + Hex.encode(hasher.finalize().prefix(12))
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
