/// Lowercase hexadecimal encoding.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let array = Array(bytes)
        return array.withUnsafeBytes { encode(buffer: $0) }
    }

    /// The hot path (audit hashes, ids): one allocation, no per-byte appends.
    public static func encode(buffer bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            digits.withUnsafeBufferPointer { d in
                for (i, b) in bytes.enumerated() {
                    out[2 * i] = d[Int(b >> 4)]
                    out[2 * i + 1] = d[Int(b & 0x0F)]
                }
            }
            return bytes.count * 2
        }
    }
}
