import Testing
import WardenPolicy
import WardenRuntime

/// Evaluation, planning and violation cases: each a policy folder with PolicyTests that must pass.
@Suite struct SemanticsCorpusTests {
    static let cases = CorpusCase.all("evaluation") + CorpusCase.all("planning") + CorpusCase.all("violations")

    @Test(arguments: cases)
    func corpusCase(_ c: CorpusCase) throws {
        let loaded = try PolicyLoader.load(directory: c.path)
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
        }
    }

    @Test func corpusIsLargeEnough() {
        #expect(Self.cases.count >= 40, "the issue asks for at least 40 evaluation/planning cases")
    }
}
