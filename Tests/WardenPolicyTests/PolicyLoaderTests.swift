import Testing
import WardenPolicy

@Suite struct PolicyLoaderTests {
    static let settings = """
    apiVersion: warden/v1
    kind: Settings
    fallback-owner: security
    ---
    apiVersion: warden/v1
    kind: Owner
    id: security
    name: Security
    contact: security@example.com

    """

    @Test func loadsAModelWithSpans() throws {
        let app = """
        apiVersion: warden/v1
        kind: Application
        id: github
        name: GitHub
        owner: security
        exclusive: true
        mover: { grace: 72h }
        deadlines: { deprovision: 1h }
        roles:
          - name: admin
            when: { groups: { any: ["GitHub Admins", "id:directory_group_1"] } }
          - name: member
            when:
              all:
                - attribute: { name: employment_type, in: [employee, contractor] }
                - not: { attribute: { name: email_domain, equals: agency.example } }
        """
        let r = PolicyLoader.load(sources: [.init(path: "a.yaml", text: Self.settings), .init(path: "b.yaml", text: app)])
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.rendered))")
        let a = try #require(r.policies.application("github"))
        #expect(a.exclusive)
        #expect(a.moverGrace == .hours(72))
        #expect(a.deadlines.deprovision == .hours(1))
        #expect(a.roles.map(\.name) == ["admin", "member"])
        #expect(a.roles[0].span == SourceSpan(file: "b.yaml", line: 10, column: 5))
        #expect(a.roles[1].when.span == SourceSpan(file: "b.yaml", line: 14, column: 7))
        guard case .groups(let g) = a.roles[0].when.kind else { Issue.record("expected groups"); return }
        #expect(g.refs == [.name("GitHub Admins"), .id("directory_group_1")])
        #expect(r.policies.contentHash.count == 64)
    }

    @Test func collectsEveryProblemSorted() {
        let broken = """
        apiVersion: warden/v1
        kind: Application
        id: slack
        name: Slack
        owner: securty
        exclusiv: true
        roles:
          - name: member
            when: {}
          - name: guest
            when: { groups: { any: [x] }, attribute: { name: a, exists: true } }
        deadlines: { provision: 2 days }
        """
        let r = PolicyLoader.load(sources: [.init(path: "s.yaml", text: Self.settings), .init(path: "x.yaml", text: broken)])
        let lines = r.diagnostics.map(\.rendered)
        #expect(r.diagnostics.map(\.code) == [
            "policy_unknown_owner", "policy_unknown_field", "policy_empty_when", "policy_condition_keys", "policy_invalid_duration",
        ], "\(lines)")
        #expect(lines[0] == "x.yaml:5:8: error: owner `securty` is not a declared owner\n  help: did you mean `security`?")
        #expect(lines[1] == "x.yaml:6:1: error: unknown field `exclusiv` in Application `slack`\n  help: did you mean `exclusive`?")
        #expect(r.diagnostics[0].help == "did you mean `security`?")
    }

    /// An anchor of 111,111 nodes, as the entries of an `event` mapping.
    static let bigEvent = "      a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        + (1..<5).map { i in "      a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }.joined()

    /// Found while fuzzing the loader (docs/fuzzing.md), by hand-made inputs of the fuzzer's size:
    /// the node budget was per document and again per `event` step, so an alias under the limit
    /// repeated in each step (or document) multiplied the work; 400 such steps fit in 16 KiB.
    @Test func aliasesRepeatedAcrossStepsOrDocumentsAreStopped() {
        let steps = "apiVersion: warden/v1\nkind: PolicyTest\nname: t\nsteps:\n  - at: 2026-01-01T00:00:00Z\n    event: &b\n" + Self.bigEvent
            + String(repeating: "  - { at: 2026-01-01T00:00:00Z, event: *b }\n", count: 20)
        let document = "apiVersion: warden/v1\nkind: PolicyTest\nname: t\nsteps:\n  - at: 2026-01-01T00:00:00Z\n    event:\n" + Self.bigEvent
        let documents = Array(repeating: document, count: 3).joined(separator: "---\n")
        for yaml in [steps, documents] {
            let r = PolicyLoader.load(sources: [.init(path: "t.yaml", text: yaml)])
            #expect(r.diagnostics.filter { $0.code == "policy_too_large" }.count == 1, "\(r.diagnostics.map(\.rendered))")
        }
    }

    @Test func largeFilesWithoutAliasesAreRead() {
        let values = Array(repeating: "1", count: 250_000).joined(separator: ",")
        let yaml = "apiVersion: warden/v1\nkind: PolicyTest\nname: t\nsteps:\n  - at: 2026-01-01T00:00:00Z\n    event: { values: [\(values)] }\n"
        let r = PolicyLoader.load(sources: [.init(path: "t.yaml", text: yaml)])
        #expect(!r.diagnostics.contains { $0.code == "policy_too_large" }, "\(r.diagnostics.map(\.rendered))")
    }
}
