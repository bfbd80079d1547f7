import Testing
import WardenEngine
import WardenPolicy
import WardenReports

/// Which violations land in which report, in what order, with what counts.
@Suite struct OwnerReportsTests {
    @Test func itemsAreOrderedBySeverityThenDueTimeThenId() {
        #expect(ReportFixture.report("it").items.map(\.violation.id) == ["critical_tie_a", "critical_tie_b", "high_slack"])
        #expect(ReportFixture.report("people-systems").items.map(\.violation.id) == ["critical_early", "critical_late", "low_workday"])
    }

    @Test func aViolationWithoutDueTimeSortsByDetectionTime() {
        let list = [
            ReportFixture.violation("due_later", .medium, app: nil, owner: "security", due: "2026-10-02T00:00:00Z"),
            ReportFixture.violation("no_due", .medium, app: nil, owner: "security", detected: "2026-10-01T00:00:00Z", due: nil),
        ]
        #expect(ReportFixture.report("security", list).items.map(\.violation.id) == ["no_due", "due_later"])
    }

    @Test func countsCoverEverySeverityIncludingZero() {
        let counts = ReportFixture.report("people-systems").counts
        #expect(counts.map(\.severity) == [.critical, .high, .medium, .low])
        #expect(counts.map(\.count) == [2, 0, 0, 1])
        #expect(ReportFixture.report("security").counts.map(\.count) == [1, 0, 1, 0])
    }

    @Test func everyOpenViolationIsInTheReportOfItsOwnerAndNoResolvedOneIs() {
        let reports = ReportFixture.reports()
        for v in ReportFixture.violations {
            let holding = reports.filter { $0.items.contains { $0.violation.id == v.id } }
            if v.status == .open {
                #expect(holding.contains { $0.owner.id == v.owner.id }, "\(v.id) is in its owner's report")
            } else {
                #expect(holding.isEmpty, "\(v.id) is resolved")
            }
        }
    }

    @Test func anEscalatedViolationIsOnceInTheOwnersReportAndOnceInTheEscalations() {
        let reports = ReportFixture.reports()
        let holding = reports.flatMap { r in r.items.filter { $0.violation.id == "critical_late" }.map { (r.owner.id, $0.viaEscalation) } }
        #expect(holding.map(\.0) == ["people-systems", "security"])
        #expect(holding.map(\.1) == [false, true])
        let notEscalated = reports.flatMap { r in r.items.filter { $0.violation.id == "critical_early" } }
        #expect(notEscalated.count == 1)
    }

    @Test func aViolationEscalatedTwoLevelsIsInTheReportOfEveryOwnerOnTheChain() {
        // platform → eng-leadership → security in the bundled owners.
        let v = ReportFixture.violation("two_levels", .critical, app: "github", owner: "platform", escalatedTo: "security")
        let holding = ReportFixture.reports([v]).flatMap { r in r.items.map { (r.owner.id, $0.viaEscalation) } }
        #expect(holding.map(\.0) == ["eng-leadership", "platform", "security"])
        #expect(holding.map(\.1) == [true, false, true])
        let page = HTMLReport.render(ReportFixture.report("eng-leadership", [v]))
        #expect(page.contains("Security Team <span class=\"muted\">(security)</span>"), "the level it has reached, not \"to you\"")
        #expect(HTMLReport.render(ReportFixture.report("security", [v])).contains("<td>to you"))
    }

    @Test func everyDeclaredOwnerGetsAReportEvenWithNothingOpen() {
        let reports = ReportFixture.reports()
        #expect(reports.map(\.owner.id) == ReportFixture.policies.owners.map(\.id).sorted())
        #expect(reports.first { $0.owner.id == "sre" }?.items.isEmpty == true)
    }

    @Test func anOwnerThePoliciesNoLongerDeclareStillGetsItsOpenViolations() {
        var gone = ReportFixture.violation("orphan", .high, app: "legacy", owner: "it")
        gone.owner = OwnerRef(id: "legacy-team", name: "Legacy Team", contact: "legacy@example.com")
        let report = ReportFixture.reports([gone]).first { $0.owner.id == "legacy-team" }
        #expect(report?.owner.name == "Legacy Team")
        #expect(report?.items.map(\.violation.id) == ["orphan"])
        #expect(report?.items.first?.appName == nil)
    }

    @Test func onlyOneOwnerWhenAsked() {
        let reports = OwnerReports.build(violations: ReportFixture.violations, policies: ReportFixture.policies,
                                         at: ReportFixture.now, owner: "security")
        #expect(reports.map(\.owner.id) == ["security"])
        #expect(reports[0].items.map(\.violation.id) == ["critical_late", "medium_none"])
    }

    @Test func itemsCarryAppNameAndAge() {
        let item = ReportFixture.report("it").items.first { $0.violation.id == "high_slack" }!
        #expect(item.appName == "Slack")
        #expect(item.age == PolicyDuration(seconds: 12 * 60))
    }
}
