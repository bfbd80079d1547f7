import ArgumentParser
import Foundation
import WardenEngine
import WardenPolicy
import WardenReports
import WardenStore

/// `warden report`: one report per owner of their open and escalated violations (SPEC §4.4).
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Owner reports of open violations (by severity, then due time), as Markdown, HTML, JSON or CSV.",
        discussion: """
            With --out, writes one file per owner (<owner>.md|html|json|csv) into the folder and prints their \
            paths. Without it, prints the reports: separated by a blank line, as one JSON array (json), or under \
            one header row (csv).
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only this owner's report.")
    var owner: String?

    @Option(help: "Output: md, html, json or csv.")
    var format: ReportFormat

    @Option(help: ArgumentHelp("Write one file per owner into this folder (created if missing).", valueName: "dir"))
    var out: String?

    @Option(help: "Report time, from which ages and lateness are counted (ISO-8601; default: now).")
    var now: TimeArgument?

    enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
        case md, html, json, csv
    }

    func run() async throws {
        let policies = try PolicyLoading.loadValid(global)
        let store = try RuntimeOpening.store(global)
        let open = try storeCall { try store.violations(ViolationQuery(statuses: [.open])) }
        let all = OwnerReports.build(violations: open, policies: policies, at: now?.timestamp ?? Clock.now(),
                                     lastNotified: try storeCall { try store.lastDelivered() })
        let reports = all.filter { owner == nil || $0.owner.id == owner }
        if let owner, reports.isEmpty {
            Output.error("error: unknown owner `\(owner)`" + (Suggest.didYouMean(owner, in: all.map(\.owner.id)).map { "; \($0)" } ?? ""))
            throw Exit.failure
        }
        if let out {
            try write(reports, into: out)
        } else {
            let text = switch format {
            case .json: JSONValue.array(reports.map(JSONReport.json)).compactText
            case .csv: CSVReport.render(reports)
            case .md, .html: reports.map(render).joined(separator: "\n")
            }
            Output.line(text.hasSuffix("\n") ? String(text.dropLast()) : text)
        }
    }

    private func render(_ report: OwnerReport) -> String {
        switch format {
        case .md: MarkdownReport.render(report)
        case .html: HTMLReport.render(report)
        case .json: JSONReport.render(report)
        case .csv: CSVReport.render(report)
        }
    }

    private func write(_ reports: [OwnerReport], into dir: String) throws {
        let folder = URL(fileURLWithPath: dir)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for report in reports {
                let id = report.owner.id
                guard !id.isEmpty, !id.hasPrefix("."), !id.contains("/") else {
                    Output.error("error: owner id `\(id)` cannot name a file")
                    throw Exit.failure
                }
                let file = folder.appendingPathComponent("\(id).\(format.rawValue)")
                try Data(render(report).utf8).write(to: file, options: .atomic)
                Output.line(file.path)
            }
        } catch let e as Exit {
            throw e
        } catch {
            Output.error("error: cannot write reports to `\(dir)`: \(error.localizedDescription)")
            throw Exit.failure
        }
    }
}
