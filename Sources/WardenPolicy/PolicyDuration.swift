/// A length of time in whole seconds: `90s`, `30m`, `4h`, `2d`, `1w` (also combined, `1h30m`),
/// or ISO-8601 (`PT4H`, `P2D`, `P1DT12H`).
public struct PolicyDuration: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    public static let zero = PolicyDuration(seconds: 0)
    public static func hours(_ h: Int64) -> PolicyDuration { PolicyDuration(seconds: h * 3600) }

    public static func < (lhs: PolicyDuration, rhs: PolicyDuration) -> Bool { lhs.seconds < rhs.seconds }
    public static func + (lhs: PolicyDuration, rhs: PolicyDuration) -> PolicyDuration {
        PolicyDuration(seconds: lhs.seconds + rhs.seconds)
    }

    /// The shortest exact form in the short syntax: `4h`, `90m`, `1w`, `1d12h`, `0s`.
    public var description: String {
        if seconds == 0 { return "0s" }
        var rest = seconds, parts = ""
        if rest < 0 { parts = "-"; rest = -rest }
        for (unit, size) in [("w", Int64(604_800)), ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)] where rest >= size {
            parts += "\(rest / size)\(unit)"
            rest %= size
        }
        return parts
    }

    /// Parses either syntax; nil when the text is not a duration. Negative durations are not allowed.
    public init?(parsing text: String) {
        let trimmed = text.trimmingSpaces()
        guard !trimmed.isEmpty else { return nil }
        if trimmed.first == "P" || trimmed.first == "p" {
            guard let s = Self.parseISO(trimmed) else { return nil }
            seconds = s
        } else {
            guard let s = Self.parseShort(trimmed) else { return nil }
            seconds = s
        }
    }

    private static let shortUnits: [UInt8: Int64] = [
        UInt8(ascii: "s"): 1, UInt8(ascii: "m"): 60, UInt8(ascii: "h"): 3_600,
        UInt8(ascii: "d"): 86_400, UInt8(ascii: "w"): 604_800,
    ]

    private static func parseShort(_ text: String) -> Int64? {
        var p = DigitScanner(Array(text.utf8))
        var total: Int64 = 0
        var lastUnit = Int64.max
        while !p.atEnd {
            guard let n = p.number(), let u = p.next(), let size = shortUnits[u], size < lastUnit else { return nil }
            lastUnit = size
            let (v, o1) = n.multipliedReportingOverflow(by: size)
            let (t, o2) = total.addingReportingOverflow(v)
            guard !o1, !o2 else { return nil }
            total = t
        }
        return total
    }

    private static func parseISO(_ text: String) -> Int64? {
        var p = DigitScanner(Array(text.uppercased().utf8))
        guard p.take(UInt8(ascii: "P")) else { return nil }
        var total: Int64 = 0, inTime = false, any = false
        var lastUnit = Int64.max
        while !p.atEnd {
            if p.take(UInt8(ascii: "T")) {
                guard !inTime else { return nil }
                inTime = true
                lastUnit = Int64.max
                continue
            }
            guard let n = p.number(), let u = p.next() else { return nil }
            let size: Int64
            switch (u, inTime) {
            case (UInt8(ascii: "W"), false): size = 604_800
            case (UInt8(ascii: "D"), false): size = 86_400
            case (UInt8(ascii: "H"), true): size = 3_600
            case (UInt8(ascii: "M"), true): size = 60
            case (UInt8(ascii: "S"), true): size = 1
            default: return nil
            }
            guard size < lastUnit else { return nil }
            lastUnit = size
            let (v, o1) = n.multipliedReportingOverflow(by: size)
            let (t, o2) = total.addingReportingOverflow(v)
            guard !o1, !o2 else { return nil }
            total = t
            any = true
        }
        return any ? total : nil
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = PolicyDuration(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a duration: \(text)")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and newlines.
    public func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
