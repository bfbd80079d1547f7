import ArgumentParser
import WardenPolicy

/// `warden validate`: load and check the policies; print every diagnostic.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Load and check the policies; print every problem with its file, line and column.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Time used to warn about expired exceptions (ISO-8601; default: now).")
    var now: TimeArgument?

    func run() async throws {
        let result = try PolicyLoading.load(global, now: now?.timestamp ?? Clock.now())
        Output.diagnostics(result.diagnostics, format: global.errorFormat)
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        let warnings = result.diagnostics.count - errors
        if global.errorFormat == .human {
            let p = result.policies
            let counts = "\(p.applications.count) applications, \(p.owners.count) owners, \(p.exceptions.count) exceptions, \(p.tests.count) tests"
            if errors > 0 {
                Output.error("\(global.policyFolder): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
            } else {
                Output.line("\(global.policyFolder): ok (\(counts)\(warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : ""))")
            }
        }
        if errors > 0 { throw Exit.failure }
    }
}

/// Loading policies for commands, with folder errors turned into clean failures.
enum PolicyLoading {
    static func load(_ global: GlobalOptions, now: Timestamp? = nil) throws -> PolicyLoadResult {
        do {
            return try PolicyLoader.load(directory: global.policyFolder, now: now)
        } catch {
            Output.error("error: \(error)")
            throw Exit.failure
        }
    }

    /// Loads and stops with the diagnostics when there are errors.
    static func loadValid(_ global: GlobalOptions, now: Timestamp? = nil) throws -> PolicySet {
        let result = try load(global, now: now)
        if result.hasErrors {
            Output.diagnostics(result.diagnostics.filter { $0.severity == .error }, format: global.errorFormat)
            Output.error("error: the policies in `\(global.policyFolder)` have errors; run `warden validate`")
            throw Exit.failure
        }
        return result.policies
    }
}
