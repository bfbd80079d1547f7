import Foundation
import Testing
import WardenEngine
import WardenIngest
import WardenPolicy
import WardenTesting

/// Every Directory Sync event type, in the shapes WorkOS sends (Tests/Fixtures/workos).
@Suite struct WorkOSDecoderTests {
    static func fixture(_ name: String) throws -> JSONValue {
        let url = Repository.root.appendingPathComponent("Tests/Fixtures/workos/\(name).json")
        return try JSONParser.parse(Array(try Data(contentsOf: url)))
    }

    @Test(arguments: WorkOSEvent.knownTypes)
    func decodesEveryEventType(_ type: String) throws {
        let event = try WorkOSDecoder.decode(try Self.fixture(type))
        #expect(event.type == type)
        #expect(event.id.hasPrefix("event_01HQ7ZN0"))
        switch (type, event.change) {
        case ("dsync.user.created", .upsertUser(let u)):
            #expect(u.email == "ada.lovelace@example.com" && u.state == .active && u.role == "member")
            #expect(u.attributes["department_name"] == "Engineering" && u.attributes["job_title"] == "Staff Engineer")
            #expect(u.version == Version(time: Timestamp(iso8601: "2026-03-02T09:15:04.512Z")!, event: event.id))
        case ("dsync.user.updated", .upsertUser(let u)):
            #expect(u.state == .inactive)
        case ("dsync.user.deleted", .deleteUser(let u)):
            #expect(u.id == "directory_user_01HQ7ZK3W5Y0F3S9D2M8N4P6R1")
        case ("dsync.group.created", .upsertGroup(let g)), ("dsync.group.updated", .upsertGroup(let g)):
            #expect(g.id == "directory_group_01HQ7ZM2C4E6G8J0K2M4P6R8T0" && !g.name.isEmpty)
        case ("dsync.group.deleted", .deleteGroup(let g)):
            #expect(g.name == "Platform Engineering")
        case ("dsync.group.user_added", .membership(let u, let g, let added, let v)):
            #expect(added && u.email == "ada.lovelace@example.com" && g.name == "Engineering")
            #expect(v.time == Timestamp(iso8601: "2026-03-02T09:15:05.010Z")!)
        case ("dsync.group.user_removed", .membership(_, _, let added, _)):
            #expect(!added)
        case ("dsync.deleted", .deleteDirectory(let id, _)):
            #expect(id == "directory_01HQ7ZJ0A1B2C3D4E5F6G7H8J9")
        case ("dsync.activated", .none), ("dsync.token.created", .none), ("dsync.token.revoked", .none):
            break
        default:
            Issue.record("unexpected change for \(type): \(event.change)")
        }
    }

    @Test func unknownTypesAreKeptAndIgnoredAndSuspendedReadsAsInactive() throws {
        var text = try Self.fixture("dsync.user.updated").compactText
        text = text.replacingOccurrences(of: "\"state\":\"inactive\"", with: "\"state\":\"suspended\"")
        guard case .upsertUser(let u) = try WorkOSDecoder.decode(try JSONParser.parse(text)).change else {
            Issue.record("expected a user")
            return
        }
        #expect(u.state == .inactive)
        let unknown = try WorkOSDecoder.decode(try JSONParser.parse(#"{"id":"event_x","event":"dsync.user.archived","data":{},"created_at":"2026-01-01T00:00:00Z"}"#))
        #expect(unknown.change == .none(reason: "unknown event type `dsync.user.archived`"))
    }

    @Test(arguments: [
        (#"{"event":"dsync.user.created","data":{},"created_at":"2026-01-01T00:00:00Z"}"#, "id", "is missing"),
        (#"{"id":"e","event":"dsync.user.created","data":{"id":"u","directory_id":"d","state":"gone"},"created_at":"2026-01-01T00:00:00Z"}"#, "data.state", "expected `active` or `inactive`, found `gone`"),
        (#"{"id":"e","event":"dsync.user.created","data":{"id":7,"directory_id":"d","state":"active"},"created_at":"2026-01-01T00:00:00Z"}"#, "data.id", "expected a string, found a number"),
        (#"{"id":"e","event":"dsync.group.user_added","data":{"user":{"id":"u","directory_id":"d","state":"active"}},"created_at":"2026-01-01T00:00:00Z"}"#, "data.group", "is missing"),
        (#"{"id":"e","event":"dsync.user.created","data":[],"created_at":"2026-01-01T00:00:00Z"}"#, "data", "expected an object, found a list"),
        (#"{"id":"e","event":"dsync.user.created","data":{},"created_at":"last tuesday"}"#, "created_at", "`last tuesday` is not an ISO-8601 time"),
        (#"{"id":"e","object":"list","event":"dsync.user.created","data":{},"created_at":"2026-01-01T00:00:00Z"}"#, "object", "expected `event`, found `list`"),
    ])
    func malformedEventsNameTheField(_ json: String, _ field: String, _ message: String) throws {
        do {
            _ = try WorkOSDecoder.decode(try JSONParser.parse(json))
            Issue.record("accepted a malformed event")
        } catch let error as IngestError {
            #expect(error.field == field)
            #expect(error.message == message)
        }
    }
}
