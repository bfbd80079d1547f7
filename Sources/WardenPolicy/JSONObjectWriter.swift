/// Writes one JSON object straight into UTF-8 bytes, keys in call order: for records written by
/// the hundred thousand (actions, violations, audit entries), where building a `JSONValue` tree
/// first dominated. The output is byte for byte what `JSONValue.compactBytes` gives.
public struct JSONObjectWriter {
    public private(set) var bytes: [UInt8]
    private var empty = true

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    /// A writer for a nested object, which borrows its parent's buffer.
    private init(nested: Void) { bytes = [] }

    /// The finished object.
    public consuming func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    private mutating func key(_ name: String) {
        if !empty { bytes.append(UInt8(ascii: ",")) }
        empty = false
        JSONValue.writeString(name, into: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func null() { bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C]) }

    public mutating func string(_ name: String, _ value: String?) {
        key(name)
        if let value { JSONValue.writeString(value, into: &bytes) } else { null() }
    }

    public mutating func number(_ name: String, _ value: Int) {
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    /// An ISO-8601 time, or null.
    public mutating func time(_ name: String, _ value: Timestamp?) {
        key(name)
        guard let value else { return null() }
        bytes.append(UInt8(ascii: "\""))
        value.writeISO8601(into: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// An array of strings, or null.
    public mutating func strings(_ name: String, _ values: [String]?) {
        key(name)
        guard let values else { return null() }
        bytes.append(UInt8(ascii: "["))
        for (i, v) in values.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONValue.writeString(v, into: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// A nested object written by `body`, or null when `present` is false.
    public mutating func object(_ name: String, present: Bool = true, _ body: (inout JSONObjectWriter) -> Void) {
        key(name)
        guard present else { return null() }
        var inner = JSONObjectWriter(nested: ())
        swap(&inner.bytes, &bytes)
        inner.bytes.append(UInt8(ascii: "{"))
        body(&inner)
        inner.bytes.append(UInt8(ascii: "}"))
        swap(&inner.bytes, &bytes)
    }
}
