public import ArgumentParser
public import WardenEngine
import WardenPolicy

/// `--format`: a readable table, or JSON / JSON Lines for machines.
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, jsonl
}

/// Printing actions and violations in each format.
enum RecordOutput {
    static func actions(_ list: [Action], format: ListFormat) {
        switch format {
        case .json: Output.line("[" + list.map { String(decoding: $0.jsonBytes, as: UTF8.self) }.joined(separator: ",") + "]")
        case .jsonl: Output.lines(list.map(\.jsonBytes))
        case .table:
            guard !list.isEmpty else { Output.line("no actions"); return }
            var t = Table("ID", "TYPE", "APP", "ROLE", "USER", "STATUS", "CAUSE", "DUE")
            for a in list {
                let role = a.role ?? a.roles?.joined(separator: ",") ?? "-"
                t.add(a.id, a.type.rawValue, a.app, role, a.user.display, a.status.rawValue, a.cause.kind.rawValue, a.dueAt.iso8601)
            }
            Output.line(t.rendered)
        }
    }

    /// Prints actions as they come, in batches: a table (header once), JSON Lines, or one JSON
    /// array whose closing bracket the caller prints at the end.
    static func stream(_ list: [Action], format: ListFormat, header printed: inout Bool) {
        guard !list.isEmpty else { return }
        switch format {
        case .jsonl:
            Output.lines(list.map(\.jsonBytes))
        case .json:
            let body = list.map { String(decoding: $0.jsonBytes, as: UTF8.self) }.joined(separator: ",\n")
            Output.line((printed ? "," : "[") + body)
        case .table:
            var t = Table("ID", "TYPE", "APP", "ROLE", "USER", "STATUS", "CAUSE", "DUE")
            t.minimumWidths = [28, 11, 12, 16, 36, 10, 17, 24]
            for a in list {
                t.add(a.id, a.type.rawValue, a.app, a.role ?? a.roles?.joined(separator: ",") ?? "-", a.user.display, a.status.rawValue,
                      a.cause.kind.rawValue, a.dueAt.iso8601)
            }
            let lines = t.rendered.split(separator: "\n", omittingEmptySubsequences: false)
            Output.line((printed ? lines.dropFirst() : lines[...]).joined(separator: "\n"))
        }
        printed = true
    }

    static func violations(_ list: [Violation], format: ListFormat) {
        switch format {
        case .json: Output.line("[" + list.map { String(decoding: $0.jsonBytes, as: UTF8.self) }.joined(separator: ",") + "]")
        case .jsonl: Output.lines(list.map(\.jsonBytes))
        case .table:
            guard !list.isEmpty else { Output.line("no violations"); return }
            var t = Table("ID", "SEVERITY", "KIND", "APP", "USER", "OWNER", "ESCALATED", "STATUS", "DUE")
            for v in list {
                t.add(v.id, v.severity.rawValue, v.kind.rawValue, v.app ?? "-", v.user?.display ?? "-", v.owner.id,
                      v.escalatedTo?.id ?? "-", v.status.rawValue, v.dueAt?.iso8601 ?? "-")
            }
            Output.line(t.rendered)
        }
    }
}

extension ActionStatus: ExpressibleByArgument {}
extension ViolationStatus: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}
