import WardenPolicy

/// One operation of a PATCH request (RFC 7644 §3.5.2). `op` is matched ignoring case (Q1) and
/// so are the member names (`Operations`, `Path`, `Value`: Q10).
struct PatchOperation: Sendable {
    enum Kind: String, Sendable {
        case add, replace, remove
    }

    var kind: Kind
    var path: String?
    /// nil when absent or `null`.
    var value: JSONValue?
    /// 1-based position in `Operations`, for messages.
    var number: Int

    /// The most operations one PATCH may hold: each one on a multi-valued attribute walks all its
    /// elements, so a 1 MiB body of 16,000 one-member adds took minutes.
    static let maxOperations = 1000

    /// The operations of a `PatchOp` body.
    static func list(_ body: JSONValue) throws(SCIMError) -> [PatchOperation] {
        guard case .object = body else {
            throw SCIMError(400, .invalidSyntax, "the body must be a PatchOp JSON object, found \(body.kindName)")
        }
        guard case .array(let items)? = body.member("Operations"), !items.isEmpty else {
            throw SCIMError(400, .invalidSyntax, "the body needs `Operations`, a non-empty list")
        }
        guard items.count <= maxOperations else {
            throw SCIMError(413, nil, "a PATCH may hold at most \(maxOperations) operations, not \(items.count); send the rest in another request")
        }
        var operations: [PatchOperation] = []
        for (i, item) in items.enumerated() {
            let number = i + 1
            guard case .object = item else {
                throw SCIMError(400, .invalidSyntax, "operation \(number) must be an object, found \(item.kindName)")
            }
            guard case .string(let op)? = item.member("op"), let kind = Kind(rawValue: op.lowercased()) else {
                throw SCIMError(400, .invalidSyntax, "operation \(number): `op` must be `add`, `replace` or `remove`")
            }
            var path: String?
            switch item.member("path") {
            case .string(let p)?: path = p
            case nil, .null?: path = nil
            case let other?: throw SCIMError(400, .invalidPath, "operation \(number): `path` must be a string, found \(other.kindName)")
            }
            let value = item.member("value").flatMap { $0.isNull ? nil : $0 }
            operations.append(PatchOperation(kind: kind, path: path, value: value, number: number))
        }
        return operations
    }
}
