/// `If-Match` / `If-None-Match` matching (RFC 9110 §13.1) against a resource's weak ETag.
enum EntityTag {
    /// Whether the header (`*`, or a comma-separated list of tags) names `version`. Tags compare
    /// weakly: `W/"3"` and `"3"` are the same.
    static func header(_ value: String, matches version: String) -> Bool {
        let wanted = opaque(Substring(version))
        return value.split(separator: ",").contains { tag in
            let t = tag.trimmingSpaces
            return t == "*" || opaque(t) == wanted
        }
    }

    private static func opaque(_ tag: Substring) -> Substring {
        tag.hasPrefix("W/") || tag.hasPrefix("w/") ? tag.dropFirst(2) : tag
    }
}
