import Foundation
import Testing
import WardenPolicy
import WardenRuntime
import WardenTesting

/// An events file with hostile lines among good ones: each hostile line is rejected with its
/// line number and recorded as rejected, and every good line still applies.
@Suite struct HostileEventInputTests {
    static let good = RuntimeIngestTests.examples.prefix(3).map(\.bytes)

    @Test func hostileLinesAreRejectedByLineAndTheRestApplies() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let hostile: [[UInt8]] = [
            Array(#"{"id":"event_big","pad":""#.utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 2 << 20) + Array(#""}"#.utf8),
            Array((#"{"id":"event_deep","data":"# + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}").utf8),
            Array(#"{"id":"event_utf8","event":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8),
            Array(#"{"object":"event","id":42,"event":"dsync.user.created","data":{},"created_at":"2026-10-20T00:00:00Z"}"#.utf8),
            Array(#"{"object":"event","id":"event_nul\u0000","event":"dsync.activated","data":{"id":"d"},"created_at":"2026-10-20T00:00:00Z"}"#.utf8),
            Array(#"{"object":"event","id":"event_dup","event":"dsync.activated","event":"dsync.deleted","data":{"id":"d"},"created_at":"2026-10-20T00:00:00Z"}"#.utf8),
        ]
        let lines = [Self.good[0]] + hostile + Array(Self.good.dropFirst())
        let summary = try RuntimeIngestTests.runtime(dir).ingest(EventInput.read(Array(lines.joined(separator: [0x0A]))), source: "file")
        #expect(summary.errors.map { "\($0.line ?? 0) \($0.field ?? "-"): \($0.message)" } == [
            "2 -: invalid JSON at column 1: event larger than 1 MiB",
            "3 -: invalid JSON at column 90: nested deeper than 64 levels",
            "4 -: invalid JSON at column 32: invalid UTF-8 in a string",
            "5 id: expected a string, found a number",
            "6 -: invalid JSON at column 41: NUL character (\\u0000) in a string",
            "7 -: invalid JSON at column 62: the key \"event\" appears twice in this object",
        ])
        #expect(summary.applied == 2 && summary.ignored == 1 && summary.rejected == 6, "the good lines: two groups and an activation")
    }

    /// SQLite would store `event_1\u0000x` as `event_1`; were it accepted, the real `event_1`
    /// would then be dropped as a duplicate.
    @Test func aNULInAnEventIdCannotShadowTheRealEvent() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let runtime = try RuntimeIngestTests.runtime(dir)
        let real = String(decoding: Self.good[1], as: UTF8.self)
        let id = try #require(try JSONParser.parse(real)["id"]?.stringValue)
        let shadow = real.replacingOccurrences(of: "\"\(id)\"", with: "\"\(id)\\u0000x\"")
        #expect(try runtime.ingest(EventInput.read(Array(shadow.utf8)), source: "file").rejected == 1)
        #expect(try runtime.ingest(EventInput.read(Array(real.utf8)), source: "file").applied == 1)
    }
}
