import Foundation
import WardenPolicy

/// Writing to standard output and error.
enum Output {
    static func line(_ text: String = "") {
        print(text)
    }

    /// Writes records as lines (JSON Lines), each already encoded.
    static func lines(_ records: [[UInt8]]) {
        var out: [UInt8] = []
        out.reserveCapacity(records.reduce(0) { $0 + $1.count + 1 })
        for r in records {
            out.append(contentsOf: r)
            out.append(0x0A)
        }
        print(String(decoding: out.dropLast(), as: UTF8.self))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Prints diagnostics in the chosen format: human text to stderr, or a JSON array to stdout.
    static func diagnostics(_ list: [Diagnostic], format: ErrorFormat) {
        switch format {
        case .human:
            for d in list { error(d.rendered) }
        case .json:
            line(diagnosticsJSON(list))
        }
    }

    static func diagnosticsJSON(_ list: [Diagnostic]) -> String {
        let items = list.map { d -> JSONValue in
            var pairs: [(String, JSONValue)] = [("code", .string(d.code)), ("severity", .string(d.severity.rawValue)),
                                                ("message", .string(d.message))]
            if let s = d.span {
                pairs += [("file", .string(s.file)), ("line", .number(Double(s.line))), ("column", .number(Double(s.column)))]
            }
            pairs.append(("help", d.help.map(JSONValue.string) ?? .null))
            return .object(pairs)
        }
        return JSONValue.array(items).compactText
    }
}

/// Ends a command with an exit code after its output was printed.
struct Exit: Error {
    let code: Int32
    static let failure = Exit(code: 1)
}
