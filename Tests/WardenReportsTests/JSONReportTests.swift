import Testing
import WardenEngine
import WardenPolicy
import WardenReports

@Suite struct JSONReportTests {
    static func parse(_ report: OwnerReport) throws -> JSONValue {
        let text = JSONReport.render(report)
        #expect(text.hasSuffix("}\n"))
        return try JSONParser.parse(text)
    }

    static func keys(_ v: JSONValue?) -> [String] {
        if case .object(let pairs) = v { return pairs.map(\.0) }
        return []
    }

    static func items(_ v: JSONValue) -> [JSONValue] {
        if case .array(let list) = v["violations"] { return list }
        return []
    }

    @Test func fieldsAreTheDocumentedOnesInTheDocumentedOrder() throws {
        let doc = ReportSchemaDoc.fields
        let json = try Self.parse(ReportFixture.report("security"))
        #expect(Self.keys(json) == doc["report"])
        #expect(Self.keys(json["counts"]) == doc["counts"])
        #expect(Self.keys(json["owner"]) == doc["owner"])
        let items = Self.items(json)
        #expect(items.count == 2)
        for item in items {
            #expect(Self.keys(item) == doc["violation"])
            #expect(Self.keys(item["owner"]) == doc["owner"])
        }
        #expect(Self.keys(items[0]["escalated_to"]) == doc["owner"])
        #expect(Self.keys(items[0]["user"]) == doc["user"])
    }

    @Test func valuesMatchTheReport() throws {
        let json = try Self.parse(ReportFixture.report("security"))
        #expect(json["schema_version"] == .number(1))
        #expect(json["owner"]?["id"] == .string("security"))
        #expect(json["generated_at"] == .string("2026-10-21T12:00:00Z"))
        #expect(json["last_notified_at"] == .null)
        #expect(json["counts"] == .object([("critical", .number(1)), ("high", .number(0)), ("medium", .number(1)), ("low", .number(0))]))
        #expect(json["total"] == .number(2))
        #expect(json["escalated_to_owner"] == .number(1))
        let items = Self.items(json)
        #expect(items.map { $0["id"] } == [.string("critical_late"), .string("medium_none")])
        let late = items[0]
        #expect(late["via_escalation"] == .bool(true))
        #expect(late["owner"]?["id"] == .string("people-systems"))
        #expect(late["escalated_to"]?["id"] == .string("security"))
        #expect(late["escalated_at"] == .string("2026-10-20T08:00:00Z"))
        #expect(late["app_name"] == .string("Workday"))
        #expect(late["age"] == .string("3d 4h"))
        #expect(late["age_seconds"] == .number(Double(3 * 86_400 + 4 * 3_600)))
        #expect(late["evidence"] == .object([("action_status", .string("pending")), ("event", .string("event_01"))]))
        #expect(items[1]["via_escalation"] == .bool(false))
        #expect(items[1]["app"] == .null && items[1]["app_name"] == .null && items[1]["due_at"] == .null)
    }

    @Test func hostileTextSurvivesIntact() throws {
        let item = Self.items(try Self.parse(ReportFixture.hostileReport))[0]
        #expect(item["summary"] == .string(ReportFixture.hostileSummary))
        #expect(item["user"]?["email"] == .string("\"><img src=x onerror=alert(3)>@example.com"))
    }

    @Test func anOwnerWithNothingOpenGetsAnExplicitlyEmptyReport() throws {
        let json = try Self.parse(ReportFixture.report("sre"))
        #expect(json["total"] == .number(0))
        #expect(json["violations"] == .array([]))
        #expect(Self.keys(json) == ReportSchemaDoc.fields["report"])
    }
}
