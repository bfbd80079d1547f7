import ArgumentParser
import WardenPolicy

/// `warden schema`: the JSON Schema of policy documents, for editors.
struct SchemaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "Print the JSON Schema of the policy documents (for YAML language servers).")

    func run() async throws {
        Output.line(PolicySchema.json.compactText)
    }
}
