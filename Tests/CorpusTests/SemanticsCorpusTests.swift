import Foundation
import Testing
import WardenPolicy
import WardenRuntime

/// Evaluation, planning and violation cases: each a policy folder with PolicyTests that must pass
/// (the case folder itself, or its `policies/` when other folders beside it hold policies that
/// `reload` steps switch to). Every violation any case opens is owned by a declared owner.
@Suite struct SemanticsCorpusTests {
    static let cases = CorpusCase.all("evaluation") + CorpusCase.all("planning") + CorpusCase.all("violations")

    @Test(arguments: cases)
    func corpusCase(_ c: CorpusCase) throws {
        var isDir: ObjCBool = false
        let folder = FileManager.default.fileExists(atPath: c.path + "/policies", isDirectory: &isDir) && isDir.boolValue ? c.path + "/policies" : c.path
        let loaded = try PolicyLoader.load(directory: folder)
        let errors = loaded.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "policy errors:\n\(errors.map(\.rendered).joined(separator: "\n"))")
        let tests = loaded.policies.tests
        #expect(!tests.isEmpty, "the case has no PolicyTest")
        let expectations = tests.flatMap(\.steps).filter { $0.expect != nil }.count
        #expect(expectations > 0, "the case asserts nothing")
        let runner = PolicyTestRunner(policies: loaded.policies)
        for test in tests {
            let result = runner.run(test)
            let report = result.failures.map { f in
                "step \(f.step) (\(f.verb)) at \(f.span):\n" + f.problems.map { "  " + $0 }.joined(separator: "\n")
            }.joined(separator: "\n")
            #expect(result.passed, "\(test.name):\n\(report)")
            let declared = Set(loaded.policies.owners.map(\.id))
            for v in result.violations {
                #expect(declared.contains(v.owner.id), "\(v.kind.rawValue) \(v.id) is owned by `\(v.owner.id)`, not a declared owner")
                #expect(v.escalatedTo.map { declared.contains($0.id) } ?? true, "\(v.id) is escalated to an undeclared owner")
            }
        }
    }

    @Test func corpusIsLargeEnough() {
        #expect(Self.cases.count >= 40, "the issue asks for at least 40 evaluation/planning cases")
    }
}
