import Foundation
import Testing
import WardenPolicy
import WardenTesting

/// Policy files written to hurt: deep nesting, alias bombs, huge files, bytes that are not
/// UTF-8. Each is refused with one located diagnostic, promptly, without a crash.
@Suite(.timeLimit(.minutes(1))) struct HostilePolicyTests {
    /// Each diagnostic as `file:line:col code: message`.
    static func load(_ bytes: [UInt8], path: String = "hostile.yaml") -> [String] {
        PolicyLoader.load(sources: [.init(path: path, bytes: bytes)]).diagnostics.map { d in
            "\(d.span.map(\.description) ?? "-") \(d.code): \(d.message)"
        }
    }

    static func load(_ text: String) -> [String] { load(Array(text.utf8)) }

    /// A PolicyTest whose raw `event` holds `body` (any YAML value, indented under `event:`).
    static func testDocument(event body: String) -> String {
        "apiVersion: warden/v1\nkind: PolicyTest\nname: hostile\nsteps:\n  - at: 2026-01-01T00:00:00Z\n    event:\n" + body
    }

    @Test func flowNesting10000DeepIsALocatedSyntaxError() {
        let yaml = "a: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n"
        #expect(Self.load(yaml) == [
            "hostile.yaml:1:5 policy_yaml_syntax: invalid YAML: nested more than 1000 levels deep",
        ])
    }

    @Test func blockNesting10000DeepIsALocatedSyntaxError() {
        let yaml = String(repeating: "- ", count: 10_000) + "x\n"
        #expect(Self.load(yaml) == [
            "hostile.yaml:1:1999 policy_yaml_syntax: invalid YAML: nested more than 1000 levels deep",
        ])
    }

    @Test func conditionsNestedPastTheLimitAreRefusedWhereTheyGoTooDeep() {
        var when = "{ groups: { any: [x] } }"
        for _ in 0..<70 { when = "{ not: \(when) }" }
        let app = "apiVersion: warden/v1\nkind: Application\nid: a\nname: A\nowner: security\nroles:\n  - name: r\n    when: \(when)\n"
        #expect(Self.load(app + "---\n" + PolicyLoaderTests.settings) == [
            "hostile.yaml:8:459 policy_too_deep: conditions are nested more than 64 levels deep",
        ])
    }

    /// A billion laughs: ten lists of ten, nine levels deep, would expand to 10^9 scalars.
    static let laughs = (1..<9).reduce("      a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n") { yaml, i in
        yaml + "      a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
    }

    @Test func aBillionLaughsInAValueStopsAtTheNodeBudget() {
        #expect(Self.load(Self.testDocument(event: Self.laughs)) == [
            "hostile.yaml:7:22 policy_too_large: file expands to too many nodes through aliases; the limit is 202660 for this file",
        ])
    }

    /// Yams hashes each key to find duplicates, which would walk the alias's 10^9 scalars.
    @Test(arguments: [("      ? *a8\n      : boom\n", 9), ("      *a8 : boom\n", 7), ("      [y, *a8]: boom\n", 11),
                      ("      ? { k: [*a8] }\n      : boom\n", 15)])
    func aBillionLaughsInAMappingKeyIsRefusedBeforeItIsExpanded(_ key: String, _ column: Int) {
        #expect(Self.load(Self.testDocument(event: Self.laughs + key)) == [
            "hostile.yaml:16:\(column) policy_yaml_alias_key: an alias cannot be a mapping key, nor part of one",
        ])
    }

    @Test func aFileOverTheSizeLimitIsRefusedAndOneAtTheLimitIsRead() {
        let limit = PolicyLoader.maxFileBytes
        #expect(limit == 4 << 20)
        let owner = Array((PolicyLoaderTests.settings + "#").utf8)
        let atLimit = owner + [UInt8](repeating: UInt8(ascii: "x"), count: limit - owner.count)
        #expect(Self.load(atLimit) == [])
        #expect(Self.load(atLimit + [UInt8(ascii: "x")]) == ["hostile.yaml:1:1 policy_file_too_large: file is larger than 4 MiB"])
    }

    @Test func aHugeFileOnDiskIsNotReadWhole() throws {
        let dir = try TemporaryDirectory("hostile-policy")
        defer { dir.remove() }
        let path = dir.path("huge.yaml")
        #expect(FileManager.default.createFile(atPath: path, contents: nil) && FileManager.default.createFile(atPath: dir.path("empty.yaml"), contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 64 << 20)
        try handle.close()
        let sources = try PolicyLoader.readSources(directory: dir.url.path)
        #expect(sources.map(\.bytes.count) == [0, PolicyLoader.maxFileBytes + 1])
        #expect(PolicyLoader.load(sources: sources).diagnostics.map(\.code) == ["policy_file_too_large"])
    }

    @Test(arguments: [
        ([0xFF], "hostile.yaml:3:6"),
        ([0xC3, 0x28], "hostile.yaml:3:6"),
        ([0xED, 0xA0, 0x80], "hostile.yaml:3:6"),
        ([0xF4, 0x90, 0x80, 0x80], "hostile.yaml:3:6"),
    ] as [([UInt8], String)])
    func bytesThatAreNotUTF8AreRefusedWhereTheyAre(_ bad: [UInt8], _ at: String) {
        let bytes = Array("apiVersion: warden/v1\nkind: Owner\nid: é".utf8) + bad + Array("b\nname: A\n".utf8)
        #expect(Self.load(bytes) == ["\(at) policy_invalid_utf8: file is not valid UTF-8"])
    }

    @Test func aNULCharacterIsRefusedRawOrEscaped() {
        #expect(Self.load("apiVersion: warden/v1\nkind: Owner\nid: a\nname: \"A\\0B\"\ncontact: a@example.com\n---\n" + PolicyLoaderTests.settings) == [
            "hostile.yaml:4:7 policy_invalid_value: `name` must not hold a NUL character",
        ])
        let raw = Array("apiVersion: warden/v1\nkind: Owner\nid: a".utf8) + [0] + Array("b\n".utf8)
        #expect(Self.load(raw) == ["hostile.yaml:3:6 policy_yaml_syntax: invalid YAML: control characters are not allowed"])
    }
}
