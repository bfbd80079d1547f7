/// An instant in UTC with millisecond precision. Warden's engine never reads a clock:
/// every time is one of these, passed in as a value.
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    public init(seconds: Int64) { self.milliseconds = seconds * 1000 }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.milliseconds < rhs.milliseconds }

    public static func + (lhs: Timestamp, rhs: PolicyDuration) -> Timestamp {
        Timestamp(milliseconds: lhs.milliseconds + rhs.seconds * 1000)
    }

    public static func - (lhs: Timestamp, rhs: Timestamp) -> PolicyDuration {
        PolicyDuration(seconds: (lhs.milliseconds - rhs.milliseconds) / 1000)
    }

    /// ISO-8601 in UTC: `2026-05-20T14:00:00Z`, with `.mmm` only when the milliseconds are not zero.
    public var description: String { iso8601 }

    public var iso8601: String {
        var bytes: [UInt8] = []
        writeISO8601(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `iso8601` as UTF-8 (no intermediate strings: records are written by the hundred thousand).
    public func writeISO8601(into out: inout [UInt8]) {
        let (days, msOfDay) = milliseconds.floorDivided(by: 86_400_000)
        let (y, m, d) = Self.civil(fromDays: days)
        let secs = msOfDay / 1000, ms = msOfDay % 1000
        func digits(_ value: Int64, _ width: Int) {
            if value < 0 { out.append(UInt8(ascii: "-")) }
            var v = value.magnitude
            var count = 1
            var power: UInt64 = 10
            while power <= v, count < 19 {
                power *= 10
                count += 1
            }
            for _ in count..<max(width, count) { out.append(UInt8(ascii: "0")) }
            var divisor = power / 10
            while divisor > 0 {
                out.append(UInt8(ascii: "0") + UInt8(v / divisor))
                v %= divisor
                divisor /= 10
            }
        }
        digits(y, 4); out.append(UInt8(ascii: "-")); digits(m, 2); out.append(UInt8(ascii: "-")); digits(d, 2)
        out.append(UInt8(ascii: "T"))
        digits(secs / 3600, 2); out.append(UInt8(ascii: ":")); digits(secs / 60 % 60, 2); out.append(UInt8(ascii: ":")); digits(secs % 60, 2)
        if ms != 0 { out.append(UInt8(ascii: ".")); digits(ms, 3) }
        out.append(UInt8(ascii: "Z"))
    }

    /// `2026-05-20 14:00 UTC`, for sentences people read.
    public var humanMinute: String {
        let iso = iso8601
        return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(5)) + " UTC"
    }

    /// `14:00 UTC`
    public var humanClock: String { String(iso8601.dropFirst(11).prefix(5)) + " UTC" }

    /// The calendar day, `2026-05-20`.
    public var day: String { String(iso8601.prefix(10)) }

    /// Parses ISO-8601 leniently: `T` or a space between date and time, optional fraction, `Z`,
    /// `±HH:MM`, `±HHMM` or no zone (read as UTC); a bare date means midnight UTC.
    public init?(iso8601 text: String) {
        var p = DigitScanner(Array(text.utf8))
        guard let y = p.digits(4), p.take(UInt8(ascii: "-")), let mo = p.digits(2), p.take(UInt8(ascii: "-")),
              let d = p.digits(2), (1...12).contains(mo), (1...Self.daysIn(month: mo, year: y)).contains(d)
        else { return nil }
        var ms: Int64 = 0
        if !p.atEnd {
            guard p.take(UInt8(ascii: "T")) || p.take(UInt8(ascii: "t")) || p.take(UInt8(ascii: " ")),
                  let h = p.digits(2), p.take(UInt8(ascii: ":")), let mi = p.digits(2), h < 24, mi < 60
            else { return nil }
            var s = 0
            if p.take(UInt8(ascii: ":")) {
                guard let sec = p.digits(2), sec < 61 else { return nil }
                s = min(sec, 59)
            }
            var fraction: Int64 = 0
            if p.take(UInt8(ascii: ".")) || p.take(UInt8(ascii: ",")) {
                var scale: Int64 = 100, any = false
                while let digit = p.digit() {
                    any = true
                    fraction += Int64(digit) * scale
                    scale /= 10
                }
                guard any else { return nil }
            }
            ms = Int64(h * 3600 + mi * 60 + s) * 1000 + fraction
            if p.take(UInt8(ascii: "Z")) || p.take(UInt8(ascii: "z")) {
            } else if let sign = p.peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                _ = p.next()
                guard let oh = p.digits(2) else { return nil }
                _ = p.take(UInt8(ascii: ":"))
                let om = p.digits(2) ?? 0
                guard oh < 24, om < 60 else { return nil }
                let offset = Int64(oh * 60 + om) * 60_000
                ms += sign == UInt8(ascii: "+") ? -offset : offset
            }
            guard p.atEnd else { return nil }
        }
        milliseconds = Self.days(year: y, month: mo, day: d) * 86_400_000 + ms
    }

    // Howard Hinnant's civil-from-days algorithms.
    static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((month + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Timestamp(iso8601: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO-8601 time: \(text)")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso8601)
    }
}

extension Int64 {
    func floorDivided(by d: Int64) -> (Int64, Int64) {
        let q = self >= 0 ? self / d : (self - d + 1) / d
        return (q, self - q * d)
    }
}

/// A tiny forward scanner over ASCII bytes, for hand-written parsers of small formats.
struct DigitScanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index >= bytes.count }
    var peek: UInt8? { atEnd ? nil : bytes[index] }

    mutating func next() -> UInt8? {
        guard let b = peek else { return nil }
        index += 1
        return b
    }

    mutating func take(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        index += 1
        return true
    }

    mutating func digit() -> Int? {
        guard let b = peek, b >= 48, b <= 57 else { return nil }
        index += 1
        return Int(b - 48)
    }

    mutating func digits(_ count: Int) -> Int? {
        var value = 0
        for _ in 0..<count {
            guard let d = digit() else { return nil }
            value = value * 10 + d
        }
        return value
    }

    /// One or more digits.
    mutating func number() -> Int64? {
        var value: Int64 = 0, any = false
        while let d = digit() {
            any = true
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int64(d))
            if o1 || o2 { return nil }
            value = s
        }
        return any ? value : nil
    }
}
