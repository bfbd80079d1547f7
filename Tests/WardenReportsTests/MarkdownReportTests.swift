import Testing
import WardenEngine
import WardenReports

@Suite struct MarkdownReportTests {
    /// The characters of `set` that appear outside code spans without a backslash before them.
    static func unescaped(_ md: String, in set: String) -> [Character] {
        var found: [Character] = [], inCode = false, escaped = false
        for c in md {
            if c == "`" && !escaped { inCode.toggle() }
            if !inCode && !escaped && set.contains(c) { found.append(c) }
            escaped = !escaped && c == "\\"
        }
        return found
    }

    @Test func headerNamesTheOwnerAndTimeAndCountsEverySeverity() {
        let md = MarkdownReport.render(ReportFixture.report("people-systems"))
        #expect(md.hasPrefix("# Open violations: People Systems\n"))
        #expect(md.contains("**Owner:** People Systems · `people-systems` · people-systems@example.com"))
        #expect(md.contains("**Generated:** 2026-10-21 12:00 UTC"))
        #expect(md.contains("| Critical | High | Medium | Low | Total |\n|---:|---:|---:|---:|---:|\n| 2 | 0 | 0 | 1 | 3 |\n"))
    }

    @Test func violationsAppearInReportOrderWithEveryField() throws {
        let md = MarkdownReport.render(ReportFixture.report("people-systems"))
        let positions = try ["finding critical\\_early", "finding critical\\_late", "finding low\\_workday"].map {
            try #require(md.range(of: $0)).lowerBound
        }
        #expect(positions == positions.sorted())
        #expect(md.contains("### 2. CRITICAL · Workday · ada@example.com\n\nfinding critical\\_late\n"))
        let late = String(md[md.range(of: "### 2.")!.lowerBound...])
        #expect(late.contains("- **Kind:** `deadline_missed`"))
        #expect(late.contains("- **App:** Workday (`workday`)"))
        #expect(late.contains("- **Age:** 3d 4h (detected 2026-10-18 08:00 UTC)"))
        #expect(late.contains("- **Due:** 2026-10-12 00:00 UTC (overdue 9d 12h)"))
        #expect(late.contains("- **Escalation:** Security Team (security), 2026-10-20 08:00 UTC"))
        #expect(late.contains("- **Evidence:**\n  - `action_status`: pending\n  - `event`: event\\_01\n"))
        #expect(late.contains("- **ID:** `critical_late`"))
    }

    @Test func escalatedItemsAreMarkedOnlyInTheEscalationsReport() {
        let security = MarkdownReport.render(ReportFixture.report("security"))
        #expect(security.contains("> **↑ escalated to you from People Systems (people-systems)**"))
        #expect(security.contains("**Open:** 2 open violations, 1 escalated to you from other owners"))
        #expect(!MarkdownReport.render(ReportFixture.report("people-systems")).contains("escalated to you"))
    }

    @Test func aViolationWithoutUserOrAppOrDueSaysSo() {
        let md = MarkdownReport.render(ReportFixture.report("security"))
        #expect(md.contains("### 2. MEDIUM · — · directory\\_user\\_medium\\_none"))
        #expect(md.contains("- **Due:** —"))
        #expect(md.contains("- **Escalation:** not escalated"))
    }

    @Test func userTextCannotInjectMarkdownOrHTML() {
        let md = MarkdownReport.render(ReportFixture.hostileReport)
        #expect(md.contains("\\<script\\>alert(1)\\</script\\> \"quoted\", 'single' \\& ampersand second line"))
        #expect(Self.unescaped(md, in: "<&[]_").isEmpty, "outside code spans, markup characters are backslash-escaped")
        #expect(md.contains("  - `<b>key</b>`: a \\& b \"c\" \\<i\\>"))
    }

    @Test func anOwnerWithNothingOpenGetsAnExplicitReport() {
        let md = MarkdownReport.render(ReportFixture.report("sre"))
        #expect(md.contains("**Open:** no open violations"))
        #expect(md.contains("| 0 | 0 | 0 | 0 | 0 |"))
        #expect(md.hasSuffix("**No open violations.** Nothing is waiting on Site Reliability.\n"))
    }
}
