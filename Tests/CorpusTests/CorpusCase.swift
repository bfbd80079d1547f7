import Foundation

/// One corpus case folder, named `area/case` in test output.
struct CorpusCase: CustomTestStringConvertible, Sendable {
    let area: String
    let name: String
    let path: String

    var testDescription: String { "\(area)/\(name)" }

    static let root: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Corpus").path
    }()

    /// Every case of an area, sorted by name.
    static func all(_ area: String) -> [CorpusCase] {
        let dir = root + "/" + area
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.sorted().compactMap { name in
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir + "/" + name, isDirectory: &isDir), isDir.boolValue else { return nil }
            return CorpusCase(area: area, name: name, path: dir + "/" + name)
        }
    }

    static var recording: Bool { ProcessInfo.processInfo.environment["RECORD_GOLDENS"] == "1" }
}

import Testing
