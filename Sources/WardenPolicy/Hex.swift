/// Lowercase hexadecimal encoding.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let array = Array(bytes)
        return array.withUnsafeBytes { encode(buffer: $0) }
    }

    /// The hot path (audit hashes, ids): one allocation, no per-byte appends. `prefix` goes
    /// before the digits in the same string.
    public static func encode(buffer bytes: UnsafeRawBufferPointer, prefix: String = "") -> String {
        var prefix = prefix
        return prefix.withUTF8 { head in
            String(unsafeUninitializedCapacity: head.count + bytes.count * 2) { out in
                _ = out.initialize(fromContentsOf: head)
                digits.withUnsafeBufferPointer { d in
                    for (i, b) in bytes.enumerated() {
                        out[head.count + 2 * i] = d[Int(b >> 4)]
                        out[head.count + 2 * i + 1] = d[Int(b & 0x0F)]
                    }
                }
                return head.count + bytes.count * 2
            }
        }
    }
}
