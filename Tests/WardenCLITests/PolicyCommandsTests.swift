import Foundation
import Testing
import WardenTesting

/// `warden validate` and `warden test`, run as the real binary.
@Suite struct PolicyCommandsTests {
    @Test func validateAcceptsTheBundledPolicies() async throws {
        // At a fixed time: the bundled exception's expiry must not turn this into a time bomb.
        let r = try await WardenBinary.run(["validate", "--now", "2026-10-21T00:00:00Z"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("./policies: ok (6 applications, 8 owners, 1 exceptions, 31 tests)"))
    }

    @Test func validateListsEveryProblemWithLineColumnAndHelp() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try """
        apiVersion: warden/v1
        kind: Settings
        fallback-owner: security
        ---
        apiVersion: warden/v1
        kind: Owner
        id: security
        name: Security
        contact: security@example.com
        escalaton: security
        ---
        apiVersion: warden/v1
        kind: Application
        id: github
        name: GitHub
        owner: securty
        roles:
          - name: admin
            when: { groups: { any: ["GitHub Admins"] }, attribute: { name: x, exists: true } }
        deadlines: { provision: 2 days }
        """.write(toFile: dir.path("policies.yaml"), atomically: true, encoding: .utf8)
        let r = try await WardenBinary.run(["validate", "--policies", dir.url.path], in: dir.url)
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        let p = dir.url.path + "/policies.yaml"
        #expect(lines.contains("\(p):10:1: error: unknown field `escalaton` in Owner `security`"))
        #expect(lines.contains("  help: did you mean `escalation`?"))
        #expect(lines.contains("\(p):16:8: error: owner `securty` is not a declared owner"))
        #expect(lines.contains("  help: did you mean `security`?"))
        #expect(lines.contains { $0.hasPrefix("\(p):19:11: error: a condition needs exactly one of") })
        #expect(lines.contains("\(p):20:25: error: `2 days` is not a duration"))
        #expect(lines.last == "\(dir.url.path): 4 errors, 0 warnings")

        let json = try await WardenBinary.run(["validate", "--policies", dir.url.path, "--error-format", "json"], in: dir.url)
        #expect(json.status == 1)
        let items = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(items?.map { $0["code"] as? String } == ["policy_unknown_field", "policy_unknown_owner", "policy_condition_keys", "policy_invalid_duration"])
        #expect(items?.first?["line"] as? Int == 10)
    }

    @Test func testPassesOnTheBundledPoliciesAndAWrongExpectationFailsReadably() async throws {
        let ok = try await WardenBinary.run(["test"])
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.contains("✔ 31 passed, 0 failed, 31 tests"))

        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try """
        apiVersion: warden/v1
        kind: PolicyTest
        name: a wrong deadline
        steps:
          - at: 2026-01-05T09:00:00Z
            join: { user: ada@example.com, groups: [Engineering, All Staff], attributes: { employment_type: employee, department: Engineering } }
          - at: 2026-03-01T10:00:00Z
            deactivate: { user: ada@example.com }
            expect: { actions: [{ type: deprovision, app: github, user: ada@example.com, due_at: 2026-03-01T18:00:00Z }] }
        """.write(toFile: dir.path("wrong.yaml"), atomically: true, encoding: .utf8)
        let bad = try await WardenBinary.run(["test", dir.path("wrong.yaml")])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("✘ a wrong deadline"))
        #expect(bad.stdout.contains("step 2 (deactivate)"))
        #expect(bad.stdout.contains("deprovision github for ada@example.com: pending, cause leaver, due 2026-03-01T14:00:00Z"))
        #expect(bad.stdout.contains("✘ 0 passed, 1 failed, 1 tests"))
    }
}
