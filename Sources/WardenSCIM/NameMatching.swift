/// ASCII case-insensitive equality, for attribute names, URNs and keywords.
func sameName(_ a: String, _ b: String) -> Bool {
    var i = a.utf8.makeIterator(), j = b.utf8.makeIterator()
    while true {
        switch (i.next(), j.next()) {
        case (nil, nil): return true
        case let (x?, y?):
            if x == y { continue }
            let lx = x >= 65 && x <= 90 ? x + 32 : x, ly = y >= 65 && y <= 90 ? y + 32 : y
            if lx != ly { return false }
        default: return false
        }
    }
}

/// Whether `text` starts with `prefix`, ignoring ASCII case.
func hasPrefixIgnoringCase(_ text: String, _ prefix: String) -> Bool {
    text.utf8.count >= prefix.utf8.count && sameName(String(decoding: text.utf8.prefix(prefix.utf8.count), as: UTF8.self), prefix)
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return s
    }
}
