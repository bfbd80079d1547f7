import Testing
import WardenEngine
import WardenReports
import WardenTesting

@Suite struct CSVReportTests {
    @Test func headerThenOneRowPerViolationInReportOrder() {
        let text = CSVReport.render(ReportFixture.report("people-systems"))
        let records = CSVRecords.parse(text)
        #expect(records.first == ReportSchemaDoc.fields["columns"])
        #expect(records.first == CSVReport.columns)
        #expect(records.dropFirst().map { $0[1] } == ["critical_early", "critical_late", "low_workday"])
        #expect(records.allSatisfy { $0.count == CSVReport.columns.count })
        #expect(text.hasSuffix("\r\n") && !text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    @Test func rowsCarryTheReportFields() throws {
        let records = CSVRecords.parse(CSVReport.render(ReportFixture.report("security")))
        let row = Dictionary(uniqueKeysWithValues: zip(CSVReport.columns, records[1]))
        #expect(row["report_owner"] == "security" && row["owner"] == "people-systems" && row["via_escalation"] == "true")
        #expect(row["app"] == "workday" && row["app_name"] == "Workday" && row["user_email"] == "ada@example.com")
        #expect(row["age"] == "3d 4h" && row["due_at"] == "2026-10-12T00:00:00Z" && row["escalated_at"] == "2026-10-20T08:00:00Z")
        #expect(row["evidence"] == #"{"action_status":"pending","event":"event_01"}"#)
        let none = Dictionary(uniqueKeysWithValues: zip(CSVReport.columns, records[2]))
        #expect(none["via_escalation"] == "false" && none["app"] == "" && none["user_email"] == "" && none["due_at"] == "")
    }

    @Test func fieldsWithCommasQuotesAndLineBreaksAreQuoted() throws {
        let text = CSVReport.render(ReportFixture.hostileReport)
        #expect(text.contains(#","<script>alert(1)</script> ""quoted"", 'single' & ampersand"# + "\nsecond line\","))
        let row = CSVRecords.parse(text)[1]
        #expect(row[4] == ReportFixture.hostileSummary)
        #expect(row[6] == "\"><img src=x onerror=alert(3)>@example.com")
    }

    @Test func formulaLikeFieldsAreDefused() {
        let list = [ReportFixture.violation("f", .low, app: nil, owner: "it", summary: "=HYPERLINK(\"http://x\")", email: "+1@example.com")]
        let row = CSVRecords.parse(CSVReport.render(ReportFixture.report("it", list)))[1]
        #expect(row[4] == "'=HYPERLINK(\"http://x\")")
        #expect(row[6] == "'+1@example.com")
    }

    @Test func anOwnerWithNothingOpenGetsTheHeaderAlone() {
        #expect(CSVReport.render(ReportFixture.report("sre")) == CSVReport.columns.joined(separator: ",") + "\r\n")
    }

    @Test func severalOwnersShareOneHeader() {
        let records = CSVRecords.parse(CSVReport.render(ReportFixture.reports()))
        #expect(records.filter { $0 == CSVReport.columns }.count == 1)
        #expect(records.count == 1 + 8, "seven open violations, one of them in two reports")
    }
}
