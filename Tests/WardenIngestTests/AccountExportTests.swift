import Testing
import WardenEngine
import WardenIngest

@Suite struct AccountExportTests {
    @Test func readsCSVWithQuotesAnyColumnOrderAndReportsBadRowsByLine() throws {
        let csv = """
        status,user,roles,last_login
        active,ada@example.com,admin;member,2026-01-01
        suspended,"grace, hopper@example.com","member",
        frozen,alan@example.com,member,
        active,,member,
        active,ADA@example.com,member,
        active,"multi
        line@example.com",member,

        active,bob@example.com,member
        active,carol@example.com,,
        """
        let r = try AccountExport.read(Array(csv.utf8))
        #expect(r.accounts.map(\.user) == ["ada@example.com", "grace, hopper@example.com", "multi\nline@example.com", "carol@example.com"])
        #expect(r.accounts.map(\.line) == [2, 3, 7, 11])
        #expect(r.accounts[0].roles == ["admin", "member"] && r.accounts[1].status == .suspended && r.accounts[3].roles.isEmpty)
        #expect(r.problems.map(\.line) == [4, 5, 6, 10])
        #expect(r.problems[0].message == "unknown status `frozen`; expected `active` or `suspended`")
        #expect(r.problems[1].message == "the `user` column is empty")
        #expect(r.problems[2].message.contains("appears more than once"))
        #expect(r.problems[3].message == "expected 4 columns, found 3")
    }

    @Test func readsJSONArrays() throws {
        let r = try AccountExport.read(Array(#"[{"user":"a@example.com","roles":["x","y"],"status":"active"},{"user":"b@example.com","roles":"x;z"},{"roles":[]},7]"#.utf8))
        #expect(r.accounts.map(\.user) == ["a@example.com", "b@example.com"])
        #expect(r.accounts[1].roles == ["x", "z"] && r.accounts[1].status == .active)
        #expect(r.problems.map(\.line) == [3, 4])
    }

    @Test(arguments: [
        ([0xFF, 0xFE, 0x00], "not a CSV or JSON export: the file is not UTF-8 text"),
        (Array("name,email\nada,ada@example.com\n".utf8), "not a CSV export: the header must name a `user` column"),
        (Array(#"{"user":"a"}"#.utf8), "a JSON export must be an array"),
        (Array("[1,2".utf8), "not a JSON export: "),
        (Array("".utf8), "the export is empty"),
    ] as [([UInt8], String)])
    func refusesFilesThatAreNotExports(_ bytes: [UInt8], _ message: String) {
        do {
            _ = try AccountExport.read(bytes)
            Issue.record("accepted a file that is not an export")
        } catch {
            #expect(error.message.hasPrefix(message), "\(error.message)")
        }
    }
}
