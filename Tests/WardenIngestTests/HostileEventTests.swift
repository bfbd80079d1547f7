import Foundation
import Testing
import WardenEngine
import WardenIngest
import WardenPolicy

/// WorkOS events built to hurt: every field the decoder reads with the wrong JSON type, unknown
/// and mistyped fields it does not read, giant strings, deep nesting, NUL characters.
@Suite struct HostileEventTests {
    static let event = try! WorkOSDecoderTests.fixture("dsync.user.created")

    /// Every field the decoder reads from a user event, and what it says when the field holds a list.
    @Test(arguments: [
        ("id", "expected a string, found a list"),
        ("event", "expected a string, found a list"),
        ("created_at", "expected a string, found a list"),
        ("object", "expected a string, found a list"),
        ("data", "expected an object, found a list"),
        ("data.id", "expected a string, found a list"),
        ("data.directory_id", "expected a string, found a list"),
        ("data.state", "expected a string, found a list"),
        ("data.organization_id", "expected a string, found a list"),
        ("data.idp_id", "expected a string, found a list"),
        ("data.email", "expected a string, found a list"),
        ("data.first_name", "expected a string, found a list"),
        ("data.last_name", "expected a string, found a list"),
        ("data.created_at", "expected a string, found a list"),
        ("data.updated_at", "expected a string, found a list"),
        ("data.role", "expected an object, found a list"),
        ("data.role.slug", "expected a string, found a list"),
        ("data.custom_attributes", "expected an object, found a list"),
    ])
    func aFieldOfTheWrongTypeIsRejectedByName(_ field: String, _ message: String) {
        let event = Self.event.replacing(field, with: .array([.number(1)]))
        #expect(throws: IngestError("\(message)", field: field)) { try WorkOSDecoder.decode(event) }
    }

    @Test(arguments: [JSONValue.number(1), .bool(true), .string("{}"), .array([]), .null])
    func anEventThatIsNotAnObjectIsRejected(_ value: JSONValue) {
        #expect(throws: IngestError("expected an object, found \(value.kindName)")) { try WorkOSDecoder.decode(value) }
    }

    @Test func unknownFieldsAnywhereAndMistypedFieldsThatAreNotReadChangeNothing() throws {
        var noisy = Self.event
        for (path, value) in [
            ("surprise", JSONValue.object([("nested", .array([.null]))])), ("data.surprise", .number(1)), ("data.role.surprise", .bool(true)),
            ("data.emails", .number(42)), ("data.roles", .string("admin")), ("data.name", .array([])), ("data.raw_attributes", .null),
            ("data.custom_attributes.tags", .array([.string("x")])), ("data.custom_attributes.manager", .object([("id", .string("m"))])),
        ] as [(String, JSONValue)] {
            noisy = noisy.replacing(path, with: value)
        }
        #expect(try WorkOSDecoder.decode(noisy) == WorkOSDecoder.decode(Self.event))
    }

    @Test func aStringUnderTheParserLimitIsKeptVerbatimAndOneOverItIsRefusedWhereItStarts() throws {
        let big = String(repeating: "é", count: 500_000)
        let text = Self.event.replacing("data.first_name", with: .string(big)).compactText
        guard case .upsertUser(let user) = try WorkOSDecoder.decode(JSONParser.parse(text)).change else {
            Issue.record("not a user change")
            return
        }
        #expect(user.firstName == big)
        let over = #"{"id":""# + String(repeating: "x", count: (1 << 20) + 1) + #""}"#
        #expect(throws: JSONParser.Failure(message: "string longer than 1048576 bytes", line: 1, column: 1_048_585)) {
            try JSONParser.parse(over)
        }
    }

    @Test func nesting10000DeepStopsAtTheDepthLimitWhereItIsExceeded() {
        let deep = #"{"id":"e","data":"# + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}"
        #expect(throws: JSONParser.Failure(message: "nested deeper than 64 levels", line: 1, column: 81)) { try JSONParser.parse(deep) }
    }

    /// SQLite's C interface would cut a string at its first NUL: `event_1\u0000x` would be
    /// stored as `event_1`. Such strings are refused where they are read.
    @Test(arguments: [(#"{"id":"event_1\u0000x"}"#, 23), (#"{"id\u0000":"event_1"}"#, 12)])
    func aNULCharacterInAStringIsRefused(_ text: String, _ column: Int) {
        #expect(throws: JSONParser.Failure(message: "NUL character (\\u0000) in a string", line: 1, column: column)) { try JSONParser.parse(text) }
    }
}

extension JSONValue {
    /// This object with the member at a dotted `path` set to `value` (added when absent).
    func replacing(_ path: String, with value: JSONValue) -> JSONValue {
        let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
        guard case .object(var pairs) = self else { return self }
        let inner = parts.count == 2 ? (self[parts[0]] ?? .object([])).replacing(parts[1], with: value) : value
        if let i = pairs.firstIndex(where: { $0.0 == parts[0] }) { pairs[i].1 = inner } else { pairs.append((parts[0], inner)) }
        return .object(pairs)
    }
}
