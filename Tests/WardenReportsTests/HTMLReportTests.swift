import Testing
import WardenEngine
import WardenReports

@Suite struct HTMLReportTests {
    @Test func pageIsSelfContained() {
        for report in ReportFixture.reports() {
            let html = HTMLReport.render(report)
            #expect(html.hasPrefix("<!DOCTYPE html>"))
            for reference in ["http", "src=", "href=", "<link", "@import", "url(", "<script", "<img", "@font-face"] {
                #expect(!html.contains(reference), "\(report.owner.id) page references `\(reference)`")
            }
        }
    }

    @Test func pageHasOwnerCountsChartsAndRowsInOrder() throws {
        let html = HTMLReport.render(ReportFixture.report("people-systems"))
        #expect(html.contains("<h1>People Systems</h1>"))
        #expect(html.contains("<b>people-systems</b>") && html.contains("<b>people-systems@example.com</b>"))
        #expect(html.contains("Generated <b>2026-10-21 12:00 UTC</b>"))
        #expect(html.contains("<div class=\"count critical\"><span class=\"n\">2</span><span class=\"label\">Critical</span></div>"))
        #expect(html.contains("<div class=\"count high zero\"><span class=\"n\">0</span><span class=\"label\">High</span></div>"))
        #expect(html.components(separatedBy: "<svg ").count == 3, "two charts")
        #expect(html.contains("<title>Workday: 2 critical</title>") && html.contains("<title>Workday: 1 low</title>"))
        #expect(html.contains("<title>3–7 days: 2 critical</title>"))
        #expect(html.components(separatedBy: "<tbody class=\"").count - 1 == 3)
        let ids = try ["critical_early", "critical_late", "low_workday"].map { try #require(html.range(of: "id=\"\($0)\"")).lowerBound }
        #expect(ids == ids.sorted())
        #expect(html.contains("<td class=\"nowrap\">3d 4h</td>"))
        #expect(html.contains("<span class=\"due\">2026-10-12 00:00 UTC</span><span class=\"late\">overdue 9d 12h</span>"))
        #expect(html.contains("<span class=\"k\">action_status</span> pending"))
        #expect(html.contains("Security Team <span class=\"muted\">(security)</span><span class=\"when\">2026-10-20 08:00 UTC</span>"))
    }

    @Test func severityIsWrittenNotOnlyColoured() {
        let html = HTMLReport.render(ReportFixture.report("it"))
        #expect(html.contains("<span class=\"sev critical\">Critical</span>"))
        #expect(html.contains("<span class=\"sev high\">High</span>"))
        #expect(html.contains(">Critical</text>") && html.contains(">Low</text>"), "chart legend")
    }

    @Test func escalatedRowsAreMarked() {
        let html = HTMLReport.render(ReportFixture.report("security"))
        #expect(html.contains("<tbody class=\"critical escalated-in\" id=\"critical_late\">"))
        #expect(html.contains("<p class=\"marker\">↑ Escalated to you from People Systems (people-systems)</p>"))
        #expect(html.contains("<span class=\"sub\">1 escalated to you</span>"))
        #expect(!HTMLReport.render(ReportFixture.report("people-systems")).contains("escalated to you"))
    }

    @Test func printLayoutKeepsRowsAndChartsWhole() {
        let html = HTMLReport.render(ReportFixture.report("it"))
        let print = String(html[html.range(of: "@media print")!.lowerBound...])
        #expect(print.contains("tbody, tr, td { break-inside: avoid; page-break-inside: avoid; }"))
        #expect(print.contains(".charts, .chart, .counts { break-inside: avoid"))
        #expect(print.contains("body { background: #fff;"))
    }

    @Test func everyUserSuppliedStringIsEscaped() {
        let html = HTMLReport.render(ReportFixture.hostileReport)
        #expect(!html.contains("<script") && !html.contains("<img") && !html.contains("<svg onload") && !html.contains("<b>key"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot;, &#39;single&#39; &amp; ampersand"))
        #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(3)&gt;@<wbr>example.com"))
        #expect(html.contains("<span class=\"k\">&lt;b&gt;key&lt;/b&gt;</span> a &amp; b &quot;c&quot; &lt;i&gt;"))
        #expect(html.contains("&lt;svg onload=alert(2)&gt;</text>"), "the chart label")
        #expect(html.contains("<title>&lt;svg onload=alert(2)&gt;: 1 critical</title>"))
    }

    @Test func backtickedSpansAreCodeInHTMLAndStayBackticksInMarkdown() {
        let v = ReportFixture.violation("quoted", .high, app: "github", owner: "platform",
                                        summary: "ada lost role `admin` (removed from group `GitHub <Admins>`); a lone ` stays",
                                        evidence: ["cause": "attribute `employment_type` is `employee`"])
        let report = ReportFixture.report("platform", [v])
        let html = HTMLReport.render(report)
        #expect(html.contains("<p class=\"summary\">ada lost role <code>admin</code> (removed from group <code>GitHub &lt;Admins&gt;</code>); a lone ` stays</p>"))
        #expect(html.contains("<span class=\"k\">cause</span> attribute <code>employment_type</code> is <code>employee</code></span>"))
        #expect(!html.contains("`admin`") && !html.contains("`employee`"))
        let md = MarkdownReport.render(report)
        #expect(md.contains(#"\`admin\`"#) && md.contains(#"\`employee\`"#) && !md.contains("<code>"), "Markdown shows the backticks")
    }

    @Test func anOwnerWithNothingOpenGetsAnExplicitPage() {
        let html = HTMLReport.render(ReportFixture.report("sre"))
        #expect(html.contains("<h2>No open violations</h2>"))
        #expect(!html.contains("<table") && !html.contains("<svg"))
    }
}
