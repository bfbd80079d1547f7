import Foundation
import WardenTesting

/// The field tables of `docs/report-schema.md`: section name (`### name`) → field names in order.
enum ReportSchemaDoc {
    static let fields: [String: [String]] = {
        let text = try! String(contentsOfFile: Repository.root.appendingPathComponent("docs/report-schema.md").path, encoding: .utf8)
        var sections: [String: [String]] = [:], current: String?
        for line in text.split(separator: "\n") {
            if line.hasPrefix("### ") {
                current = String(line.dropFirst(4))
            } else if let current, line.hasPrefix("| `") {
                let name = line.dropFirst(3).prefix { $0 != "`" }
                sections[current, default: []].append(String(name))
            }
        }
        return sections
    }()
}
