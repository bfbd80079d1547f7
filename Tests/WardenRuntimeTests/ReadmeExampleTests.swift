import Foundation
import Testing
import WardenPolicy
import WardenRuntime
import WardenTesting

/// The README's "Policies by example": its policy block is a complete policy folder that
/// validates without a diagnostic, and its PolicyTest block passes against it.
@Suite struct ReadmeExampleTests {
    /// The ```yaml blocks of the README section `heading`, in order.
    static func yamlBlocks(under heading: String) throws -> [String] {
        let readme = try String(contentsOf: Repository.root.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "\n" + heading + "\n"), "README has no `\(heading)`")
        var section = readme[start.upperBound...]
        if let end = section.range(of: "\n## ") { section = section[..<end.lowerBound] }
        return section.components(separatedBy: "```yaml\n").dropFirst().compactMap { $0.components(separatedBy: "\n```").first }
    }

    @Test func thePolicyExampleValidatesAndItsTestPasses() throws {
        let blocks = try Self.yamlBlocks(under: "## Policies by example")
        #expect(blocks.count == 2, "a policy block and a PolicyTest block")
        let loaded = PolicyLoader.load(sources: blocks.enumerated().map { PolicySource(path: "README.md#\($0.offset + 1).yaml", text: $0.element) })
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics.map(\.rendered).joined(separator: "\n"))")
        #expect(loaded.policies.owners.map(\.id) == ["platform", "eng-leadership", "security"])
        let tests = loaded.policies.tests
        #expect(tests.count == 1)
        let runner = PolicyTestRunner(policies: loaded.policies)
        for test in tests {
            let result = runner.run(test)
            #expect(result.passed, "\(result.failures.flatMap(\.problems).joined(separator: "\n"))")
        }
    }
}
