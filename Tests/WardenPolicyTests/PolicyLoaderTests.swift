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
}
