import Testing
import WardenEngine
import WardenPolicy
import WardenReports

/// When the owner was last sent a report, every format says so.
@Suite struct LastNotifiedTests {
    static let sent = Timestamp(iso8601: "2026-10-20T09:15:00Z")!
    static let report = OwnerReports.build(violations: ReportFixture.violations, policies: ReportFixture.policies,
                                           at: ReportFixture.now, owner: "it", lastNotified: ["it": sent])[0]

    @Test func everyFormatShowsIt() throws {
        #expect(Self.report.lastNotified == Self.sent)
        #expect(MarkdownReport.render(Self.report).contains("**Last sent:** 2026-10-20 09:15 UTC"))
        #expect(HTMLReport.render(Self.report).contains("<span>Last sent <b>2026-10-20 09:15 UTC</b></span>"))
        #expect(try JSONParser.parse(JSONReport.render(Self.report))["last_notified_at"] == .string("2026-10-20T09:15:00Z"))
    }
}
