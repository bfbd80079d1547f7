import Testing
import WardenPolicy

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2026-05-20T14:00:00Z", "2026-05-20T14:00:00Z"),
        ("2026-05-20T14:00:00.000Z", "2026-05-20T14:00:00Z"),
        ("2021-06-25T19:07:33.155Z", "2021-06-25T19:07:33.155Z"),
        ("2023-04-28 20:05:31.093", "2023-04-28T20:05:31.093Z"),
        ("2026-05-20T16:00:00+02:00", "2026-05-20T14:00:00Z"),
        ("2026-05-20T09:30:00-0430", "2026-05-20T14:00:00Z"),
        ("2026-03-01", "2026-03-01T00:00:00Z"),
        ("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"),
        ("2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z"),
    ])
    func parsesAndFormats(_ input: String, _ expected: String) throws {
        let t = try #require(Timestamp(iso8601: input))
        #expect(t.iso8601 == expected)
        #expect(Timestamp(iso8601: t.iso8601) == t)
    }

    @Test(arguments: ["", "2026-13-01", "2026-02-30T00:00:00Z", "2025-02-29", "2026-05-20T25:00:00Z", "20260520", "2026-05-20T14:00:00Zjunk", "2026-05-20T14:00:00."])
    func rejects(_ input: String) {
        #expect(Timestamp(iso8601: input) == nil)
    }

    @Test func arithmetic() throws {
        let t = try #require(Timestamp(iso8601: "2026-05-20T14:00:00Z"))
        #expect((t + .hours(4)).iso8601 == "2026-05-20T18:00:00Z")
        #expect((t + .hours(4)) - t == .hours(4))
        #expect(t.humanMinute == "2026-05-20 14:00 UTC")
        #expect(t.humanClock == "14:00 UTC")
    }
}

@Suite struct DurationTests {
    @Test(arguments: [
        ("90s", 90), ("30m", 1800), ("4h", 14400), ("2d", 172_800), ("1w", 604_800), ("1h30m", 5400),
        ("PT4H", 14400), ("P2D", 172_800), ("P1DT12H", 129_600), ("PT90S", 90), ("P1W", 604_800), ("0s", 0),
    ] as [(String, Int64)])
    func parses(_ text: String, _ seconds: Int64) {
        #expect(PolicyDuration(parsing: text)?.seconds == seconds)
    }

    @Test(arguments: ["", "4", "h", "4x", "-4h", "30m1h", "P", "PT", "P4H", "4 h", "99999999999999999999s", "PT4H3H"])
    func rejects(_ text: String) {
        #expect(PolicyDuration(parsing: text) == nil)
    }

    @Test func rendersShortest() {
        #expect(PolicyDuration.hours(4).description == "4h")
        #expect(PolicyDuration(seconds: 129_600).description == "1d12h")
        #expect(PolicyDuration.zero.description == "0s")
    }
}

@Suite struct SuggestTests {
    @Test func didYouMean() {
        #expect(Suggest.closest(to: "escalaton", in: ["escalation", "contact", "name"]) == "escalation")
        #expect(Suggest.closest(to: "Aplication", in: ["Owner", "Application"]) == "Application")
        #expect(Suggest.closest(to: "zzz", in: ["escalation", "contact"]) == nil)
        #expect(Suggest.distance("kitten", "sitting") == 3)
    }
}
