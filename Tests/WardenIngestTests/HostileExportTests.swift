import Testing
import WardenEngine
import WardenIngest

/// Account exports built to hurt: NUL bytes, a 10 MB line, cells a spreadsheet would run as
/// formulas. Bad rows are reported by line and skipped; formula-looking cells are data.
@Suite struct HostileExportTests {
    static func read(_ rows: [String]) throws -> AccountExport.Result {
        try AccountExport.read(Array((["user,roles,status"] + rows).joined(separator: "\n").utf8))
    }

    static func problems(_ result: AccountExport.Result) -> [String] {
        result.problems.map { "\($0.line ?? 0) \($0.field ?? "-"): \($0.message)" }
    }

    @Test func aNULByteRefusesItsRowAndTheRestIsRead() throws {
        let r = try Self.read(["ada@example.com\u{0}x,member,active", "bob@example.com,admin\u{0},active", "carol@example.com,member,active"])
        #expect(r.accounts.map(\.user) == ["carol@example.com"])
        #expect(Self.problems(r) == ["2 user: holds a NUL character", "3 roles: holds a NUL character"])
    }

    @Test func a10MBLineRefusesItsRowAndTheRestIsRead() throws {
        let r = try Self.read([String(repeating: "x", count: 10_000_000) + "@example.com,member,active", "carol@example.com,member,active"])
        #expect(r.accounts.map(\.user) == ["carol@example.com"])
        #expect(Self.problems(r) == ["2 user: is longer than 65536 bytes"])
    }

    @Test func aJSONExportWithAGiantUserRefusesThatRow() throws {
        let giant = String(repeating: "x", count: 70_000)
        let r = try AccountExport.read(Array(#"[{"user":"\#(giant)"},{"user":"carol@example.com"}]"#.utf8))
        #expect(r.accounts.map(\.user) == ["carol@example.com"])
        #expect(Self.problems(r) == ["1 user: is longer than 65536 bytes"])
    }

    /// OWASP's formula starters (`=`, `+`, `-`, `@`, tab, CR) are kept verbatim: the CSV report
    /// defuses them when it writes (`HostileExportReportTests`).
    @Test func formulaCellsAreReadVerbatim() throws {
        let cells = [#"=cmd|' /C calc'!A0"#, "+SUM(1;2)", "-2+3@example.com", "@SUM(A1)", "\tx@example.com"]
        let r = try Self.read(cells.map { #""\#($0)","=HYPERLINK(""http://x"")",active"# })
        #expect(r.accounts.map(\.user) == [#"=cmd|' /C calc'!A0"#, "+SUM(1;2)", "-2+3@example.com", "@SUM(A1)", "x@example.com"])
        #expect(r.accounts.allSatisfy { $0.roles == [#"=HYPERLINK("http://x")"#] })
        #expect(r.problems.isEmpty)
    }
}
