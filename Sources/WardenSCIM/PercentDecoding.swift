/// `%XX` escapes decoded as UTF-8; a `%` not followed by two hex digits stays as it is, and so
/// does `%00`: SQLite's C interface cuts text at a NUL, so `u1%00x` would be looked up as `u1`.
func percentDecoded(_ text: String) -> String {
    guard text.contains("%") else { return text }
    var bytes: [UInt8] = []
    var utf8 = Array(text.utf8)[...]
    while let b = utf8.popFirst() {
        if b == UInt8(ascii: "%"), utf8.count >= 2, let high = hexValue(utf8[utf8.startIndex]),
           let low = hexValue(utf8[utf8.startIndex + 1]), high | low != 0 {
            bytes.append(high << 4 | low)
            utf8 = utf8.dropFirst(2)
        } else {
            bytes.append(b)
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}

private func hexValue(_ c: UInt8) -> UInt8? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
    default: return nil
    }
}

extension SCIMRequest {
    /// The items of a raw query string (`filter=userName+eq+%22x%22&count=2`), decoded as
    /// `application/x-www-form-urlencoded`: `+` is a space, then `%XX` escapes. Empty items are
    /// skipped; an item without `=` has an empty value.
    public static func queryItems(_ query: String) -> [(name: String, value: String)] {
        query.split(separator: "&").map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String { percentDecoded(String(part.map { $0 == "+" ? " " : $0 })) }
            return (name: decode(parts[0]), value: parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}
