import ArgumentParser
import Foundation
import WardenPolicy
import WardenRuntime

/// `warden ingest FILE... | -`: apply WorkOS events, plan, print the new actions.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Apply WorkOS Directory Sync events (JSON object, array or JSON Lines) and print the new actions.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Event files, or - for standard input.")
    var files: [String]

    @Option(help: "Output: table, json or jsonl.")
    var format: ListFormat = .table

    @Option(help: "Events per transaction.")
    var batchSize: Int = 1000

    @Flag(help: "Report every committed batch on stderr (`FILE: N events committed`); large inputs report every 10,000.")
    var progress = false

    func run() async throws {
        let runtime = try RuntimeOpening.open(global)
        var total = IngestSummary()
        var printedHeader = false
        for file in files {
            let bytes: [UInt8]
            if file == "-" {
                bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
            } else if let data = FileManager.default.contents(atPath: file) {
                bytes = Array(data)
            } else {
                Output.error("error: cannot read `\(file)`")
                throw Exit.failure
            }
            let large = bytes.count >= 8 << 20, everyBatch = progress
            let format = self.format
            let summary = try storeCall {
                try runtime.ingest(EventInput(bytes), source: "file", batchSize: max(1, batchSize), keepActions: false) { done, created in
                    RecordOutput.stream(created, format: format, header: &printedHeader)
                    if everyBatch || (large && done % 10_000 < max(1, batchSize)) { Output.error("\(file): \(done) events committed") }
                }
            }
            let name = file == "-" ? "<stdin>" : file
            for e in summary.errors {
                Output.error("\(name):\(e.line ?? 0): error: \(e.field.map { "field `\($0)`: " } ?? "")\(e.message)")
            }
            total.applied += summary.applied
            total.duplicates += summary.duplicates
            total.stale += summary.stale
            total.ignored += summary.ignored
            total.rejected += summary.rejected
            total.errors += summary.errors
            total.newActionCount += summary.newActionCount
            total.violations += summary.violations
        }
        if !printedHeader && format == .table { Output.line("no actions") }
        if !printedHeader && format == .json { Output.line("[]") }
        if printedHeader && format == .json { Output.line("]") }
        Output.error("\(total.total) events: \(total.applied) applied, \(total.duplicates) duplicate, \(total.stale) stale, "
                     + "\(total.ignored) ignored, \(total.rejected) rejected; \(total.newActionCount) new actions")
        for v in total.violations where v.kind == .blastRadius && v.status == .open {
            Output.error("held: \(v.summary)")
        }
        if total.rejected > 0 { throw Exit.failure }
    }
}
