/// A compact binary writer for row data: LEB128 varints (zigzag for signed), length-prefixed
/// UTF-8 strings. Decoding the mirror at startup is the hot path, so rows avoid JSON.
package struct ByteWriter {
    package private(set) var bytes: [UInt8] = []

    package init(capacity: Int = 128) { bytes.reserveCapacity(capacity) }

    package mutating func uint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    package mutating func int(_ value: Int64) { uint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }

    package mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    package mutating func string(_ value: String) {
        var s = value
        s.withUTF8 { utf8 in
            uint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// An optional string: 0 for nil, else the length + 1 and the bytes.
    package mutating func optional(_ value: String?) {
        guard var s = value else { return uint(0) }
        s.withUTF8 { utf8 in
            uint(UInt64(utf8.count) + 1)
            bytes.append(contentsOf: utf8)
        }
    }

    package mutating func optional(_ value: Timestamp?) {
        guard let value else { return bytes.append(0) }
        bytes.append(1)
        int(value.milliseconds)
    }
}

/// Reads what `ByteWriter` wrote; every read is bounds-checked and a short or malformed buffer
/// throws instead of trapping.
package struct ByteReader {
    package struct Malformed: Error { package init() {} }

    private let base: UnsafeRawBufferPointer
    private var offset = 0

    package init(_ buffer: UnsafeRawBufferPointer) { base = buffer }

    package var isAtEnd: Bool { offset >= base.count }

    package mutating func uint() throws(Malformed) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < base.count, shift < 64 else { throw Malformed() }
            let byte = base[offset]
            offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    package mutating func int() throws(Malformed) -> Int64 {
        let z = try uint()
        return Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1)))
    }

    package mutating func count() throws(Malformed) -> Int {
        let n = try uint()
        guard n <= UInt64(base.count - offset) else { throw Malformed() }
        return Int(n)
    }

    package mutating func bool() throws(Malformed) -> Bool {
        guard offset < base.count else { throw Malformed() }
        defer { offset += 1 }
        return base[offset] != 0
    }

    private mutating func utf8(_ n: Int) throws(Malformed) -> String {
        guard n <= base.count - offset else { throw Malformed() }
        defer { offset += n }
        return String(decoding: UnsafeRawBufferPointer(rebasing: base[offset..<offset + n]), as: UTF8.self)
    }

    package mutating func string() throws(Malformed) -> String { try utf8(try count()) }

    package mutating func optionalString() throws(Malformed) -> String? {
        let n = try uint()
        guard n > 0 else { return nil }
        return try utf8(Int(min(n - 1, UInt64(Int.max))))
    }

    package mutating func optionalTimestamp() throws(Malformed) -> Timestamp? {
        try bool() ? Timestamp(milliseconds: try int()) : nil
    }
}
