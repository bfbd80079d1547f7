import ArgumentParser
import Foundation
import WardenPolicy
import WardenRuntime

/// `warden test [PATHS]`: run PolicyTest documents (SPEC §6).
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test", abstract: "Run PolicyTest documents: all under the policy folder, or those in PATHS.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Test files or folders (default: every test under the policy folder).")
    var paths: [String] = []

    @Option(help: "Run only tests whose name contains this text.")
    var filter: String?

    func run() async throws {
        let policies = try PolicyLoading.loadValid(global)
        var tests = policies.tests
        if !paths.isEmpty {
            var sources: [PolicySource] = []
            for path in paths {
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
                    sources += try PolicyLoader.readSources(directory: path)
                } else if let data = FileManager.default.contents(atPath: path) {
                    sources.append(PolicySource(path: path, bytes: Array(data)))
                } else {
                    Output.error("error: cannot read `\(path)`")
                    throw Exit.failure
                }
            }
            let loaded = PolicyLoader.load(sources: sources)
            let problems = loaded.diagnostics.filter { $0.severity == .error && $0.code != "policy_missing_fallback_owner" && $0.code != "policy_unknown_app" }
            if !problems.isEmpty {
                Output.diagnostics(problems, format: global.errorFormat)
                throw Exit.failure
            }
            tests = loaded.policies.tests
        }
        if let filter { tests = tests.filter { $0.name.contains(filter) } }
        let runner = PolicyTestRunner(policies: policies)
        var failed = 0
        for test in tests {
            let result = runner.run(test)
            if result.passed {
                Output.line("✔ \(test.name)")
                continue
            }
            failed += 1
            Output.line("✘ \(test.name)  (\(test.span))")
            for f in result.failures {
                Output.line("    step \(f.step) (\(f.verb)) at \(f.span):")
                for p in f.problems { Output.line("      " + p) }
            }
        }
        let summary = "\(tests.count - failed) passed, \(failed) failed, \(tests.count) tests"
        Output.line(failed == 0 ? "✔ \(summary)" : "✘ \(summary)")
        if failed > 0 || tests.isEmpty {
            if tests.isEmpty { Output.error("error: no policy tests found") }
            throw Exit.failure
        }
    }
}
