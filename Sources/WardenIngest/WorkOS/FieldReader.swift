import WardenPolicy

/// Typed access to a JSON object with errors that name the field path.
struct FieldReader {
    let value: JSONValue
    let path: String

    init(_ value: JSONValue, path: String) throws(IngestError) {
        guard case .object = value else {
            throw IngestError("expected an object, found \(FieldReader.describe(value))", field: path.isEmpty ? nil : path)
        }
        self.value = value
        self.path = path
    }

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func object(_ key: String) throws(IngestError) -> FieldReader {
        guard let v = value[key], v != .null else { throw IngestError("is missing", field: fieldPath(key)) }
        return try FieldReader(v, path: fieldPath(key))
    }

    func optionalObject(_ key: String) throws(IngestError) -> FieldReader? {
        guard let v = value[key], v != .null else { return nil }
        return try FieldReader(v, path: fieldPath(key))
    }

    func string(_ key: String) throws(IngestError) -> String {
        guard let v = value[key], v != .null else { throw IngestError("is missing", field: fieldPath(key)) }
        guard case .string(let s) = v else {
            throw IngestError("expected a string, found \(FieldReader.describe(v))", field: fieldPath(key))
        }
        guard !s.isEmpty else { throw IngestError("must not be empty", field: fieldPath(key)) }
        return s
    }

    func optionalString(_ key: String) throws(IngestError) -> String? {
        guard let v = value[key], v != .null else { return nil }
        guard case .string(let s) = v else {
            throw IngestError("expected a string, found \(FieldReader.describe(v))", field: fieldPath(key))
        }
        return s
    }

    func time(_ key: String) throws(IngestError) -> Timestamp {
        let text = try string(key)
        guard let t = Timestamp(iso8601: text) else {
            throw IngestError("`\(text.prefix(40))` is not an ISO-8601 time", field: fieldPath(key))
        }
        return t
    }

    func optionalTime(_ key: String) throws(IngestError) -> Timestamp? {
        guard let text = try optionalString(key) else { return nil }
        guard let t = Timestamp(iso8601: text) else {
            throw IngestError("`\(text.prefix(40))` is not an ISO-8601 time", field: fieldPath(key))
        }
        return t
    }

    static func describe(_ v: JSONValue) -> String { v.kindName }
}
