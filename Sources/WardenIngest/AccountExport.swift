public import WardenEngine
public import WardenPolicy

/// Reads an application's account export (SPEC §4.3): CSV with a header naming `user`, `roles`
/// (`;`-separated) and `status` (`active` | `suspended`), or a JSON array of the same fields.
public enum AccountExport {
    /// The accounts, and one problem per bad row (which is skipped).
    public struct Result: Sendable {
        public var accounts: [ExportedAccount]
        public var problems: [IngestError]
    }

    /// Refuses input that is not an export at all (nothing is applied then).
    public static func read(_ bytes: [UInt8]) throws(IngestError) -> Result {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw IngestError(code: "export_invalid", "not a CSV or JSON export: the file is not UTF-8 text")
        }
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let first = body.first { $0 != " " && $0 != "\n" && $0 != "\r" && $0 != "\t" }
        if first == "[" || first == "{" { return try json(Array(body.utf8)) }
        return try csv(body)
    }

    /// Longer fields refuse their row (user ids, role names and statuses are short).
    public static let maxFieldBytes = 64 << 10

    private static func account(user: String?, roles: [String], status: String?, line: Int, seen: inout Set<String>,
                                problems: inout [IngestError]) -> ExportedAccount? {
        for (field, values) in [("user", [user ?? ""]), ("roles", roles), ("status", [status ?? ""])] {
            // SQLite's C interface would cut a stored string at a NUL.
            let problem = values.contains { $0.utf8.contains(0) } ? "holds a NUL character"
                : values.contains { $0.utf8.count > maxFieldBytes } ? "is longer than \(maxFieldBytes) bytes" : nil
            if let problem {
                problems.append(IngestError(code: "export_bad_row", problem, field: field, line: line))
                return nil
            }
        }
        guard let user = user?.trimmingSpaces(), !user.isEmpty else {
            problems.append(IngestError(code: "export_bad_row", "the `user` column is empty", field: "user", line: line))
            return nil
        }
        let statusText = (status ?? "active").trimmingSpaces().lowercased()
        guard let s = ExportedAccount.Status(rawValue: statusText.isEmpty ? "active" : statusText) else {
            problems.append(IngestError(code: "export_bad_row", "unknown status `\(statusText.prefix(40))`; expected `active` or `suspended`",
                                        field: "status", line: line))
            return nil
        }
        guard seen.insert(user.lowercased()).inserted else {
            problems.append(IngestError(code: "export_bad_row", "user `\(user.prefix(80))` appears more than once; this row is skipped",
                                        field: "user", line: line))
            return nil
        }
        return ExportedAccount(user: user, roles: roles.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }, status: s, line: line)
    }

    private static func json(_ bytes: [UInt8]) throws(IngestError) -> Result {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw IngestError(code: "export_invalid", "not a JSON export: \(error.message) at line \(error.line), column \(error.column)")
        }
        guard case .array(let items) = value else {
            throw IngestError(code: "export_invalid", "a JSON export must be an array of `{user, roles, status}` objects")
        }
        var out = Result(accounts: [], problems: [])
        var seen = Set<String>()
        for (i, item) in items.enumerated() {
            guard case .object = item else {
                out.problems.append(IngestError(code: "export_bad_row", "expected an object", line: i + 1))
                continue
            }
            let roles: [String]
            switch item["roles"] {
            case .array(let list)?: roles = list.compactMap(\.stringValue)
            case .string(let s)?: roles = s.split(separator: ";").map(String.init)
            default: roles = []
            }
            if let a = account(user: item["user"]?.stringValue, roles: roles, status: item["status"]?.stringValue, line: i + 1,
                               seen: &seen, problems: &out.problems) {
                out.accounts.append(a)
            }
        }
        return out
    }

    private static func csv(_ text: String) throws(IngestError) -> Result {
        let rows = CSVRows.parse(text)
        guard let header = rows.first else { throw IngestError(code: "export_invalid", "the export is empty") }
        let names = header.fields.map { $0.trimmingSpaces().lowercased() }
        guard let userColumn = names.firstIndex(of: "user") else {
            throw IngestError(code: "export_invalid", "not a CSV export: the header must name a `user` column (with `roles` and `status`), found "
                              + names.prefix(5).map { "`\($0.prefix(30))`" }.joined(separator: ", "), line: header.line)
        }
        let rolesColumn = names.firstIndex(of: "roles")
        let statusColumn = names.firstIndex(of: "status")
        var out = Result(accounts: [], problems: [])
        var seen = Set<String>()
        for row in rows.dropFirst() {
            if row.fields.allSatisfy({ $0.trimmingSpaces().isEmpty }) { continue }
            guard row.fields.count == names.count else {
                out.problems.append(IngestError(code: "export_bad_row", "expected \(names.count) columns, found \(row.fields.count)", line: row.line))
                continue
            }
            let roles = rolesColumn.map { row.fields[$0].split(separator: ";").map(String.init) } ?? []
            if let a = account(user: row.fields[userColumn], roles: roles, status: statusColumn.map { row.fields[$0] }, line: row.line,
                               seen: &seen, problems: &out.problems) {
                out.accounts.append(a)
            }
        }
        return out
    }
}

/// RFC 4180 rows (quoted fields, doubled quotes, CRLF or LF), each with the line it starts on.
enum CSVRows {
    struct Row {
        var fields: [String]
        var line: Int
    }

    static func parse(_ text: String) -> [Row] {
        var rows: [Row] = []
        var field = ""
        var fields: [String] = []
        var line = 1
        var rowLine = 1
        var quoted = false
        var chars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func endRow() {
            fields.append(field)
            rows.append(Row(fields: fields, line: rowLine))
            fields = []
            field = ""
        }
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    let next = chars.next()
                    if next == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = next }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: quoted = true
            case ",":
                fields.append(field)
                field = ""
            case "\r":
                let next = chars.next()
                if next != "\n" { pending = next }
                endRow()
                line += 1
                rowLine = line
            case "\n":
                endRow()
                line += 1
                rowLine = line
            default: field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !fields.isEmpty { endRow() }
        return rows
    }
}
