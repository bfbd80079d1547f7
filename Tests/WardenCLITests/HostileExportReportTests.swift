import Foundation
import Testing
import WardenTesting

/// An export whose cells a spreadsheet would run as formulas, reconciled by the real binary: the
/// findings keep the values, and `warden report --format csv` writes them defused with a `'`.
@Suite struct HostileExportReportTests {
    static let export = """
        user,roles,status
        "=cmd|' /C calc'!A0",member,active
        -2+3@example.com,member,active
        @SUM(A1),member,active
        dennis.ritchie@example.com,"=HYPERLINK(""http://x"")",active

        """

    @Test func formulaCellsFromAnExportAreDefusedInTheCSVReport() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = dir.path("w.db")
        #expect(try await WardenBinary.run(["ingest", "--db", db, Repository.examples + "/events.jsonl"]).status == 0)
        try Self.export.write(toFile: dir.path("github.csv"), atomically: true, encoding: .utf8)
        let now = ["--now", "2026-10-21T00:00:00Z"]
        #expect(try await WardenBinary.run(["reconcile", "--db", db, "--app", "github", dir.path("github.csv")] + now).status == 0)
        let report = try await WardenBinary.run(["report", "--db", db, "--format", "csv"] + now)
        #expect(report.status == 0, "\(report.stderr)")
        let fields = CSVRecords.parse(report.stdout).flatMap { $0 }
        for defused in [#"'=cmd|' /C calc'!A0"#, "'-2+3@example.com", "'@SUM(A1)", #"'=HYPERLINK("http://x")"#] {
            #expect(fields.contains(defused), "\(defused)")
        }
        let live = fields.filter { $0.unicodeScalars.first.map { "=+-@\t\r".unicodeScalars.contains($0) } ?? false }
        #expect(live.isEmpty, "cells a spreadsheet would run: \(live)")
    }
}
