import Testing
import WardenEngine
import WardenReports

/// The same report gives the same bytes, whatever order the violations came in.
@Suite struct DeterminismTests {
    @Test(arguments: ["md", "html", "json", "csv"])
    func sameViolationsGiveTheSameBytes(format: String) {
        func render(_ r: OwnerReport) -> String {
            switch format {
            case "md": MarkdownReport.render(r)
            case "html": HTMLReport.render(r)
            case "json": JSONReport.render(r)
            default: CSVReport.render(r)
            }
        }
        let forward = ReportFixture.reports().map(render)
        let backward = ReportFixture.reports(ReportFixture.violations.reversed()).map(render)
        #expect(forward == backward)
        #expect(forward == ReportFixture.reports().map(render))
    }
}
