import Foundation
import Testing
import WardenPolicy

/// Diagnostics cases: the rendered diagnostics of a broken policy folder against a golden file.
@Suite struct DiagnosticsCorpusTests {
    static let cases = CorpusCase.all("diagnostics")
    static let validationTime = Timestamp(iso8601: "2026-06-01T00:00:00Z")!

    @Test(arguments: cases)
    func corpusCase(_ c: CorpusCase) throws {
        let sources = try PolicyLoader.readSources(directory: c.path + "/policies").map { s in
            PolicySource(path: String(s.path.dropFirst(c.path.count + 1)), bytes: s.bytes)
        }
        let result = PolicyLoader.load(sources: sources, now: Self.validationTime)
        let actual = result.diagnostics.map(\.rendered).joined(separator: "\n") + "\n"
        let goldenPath = c.path + "/expected.txt"
        if CorpusCase.recording {
            try actual.write(toFile: goldenPath, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: goldenPath, encoding: .utf8)
        #expect(!result.diagnostics.isEmpty, "a diagnostics case must produce diagnostics")
        #expect(actual == expected, "diagnostics differ from \(goldenPath):\n--- actual\n\(actual)--- expected\n\(expected)")
    }

    @Test func corpusIsLargeEnough() {
        #expect(Self.cases.count >= 20, "the issue asks for at least 20 diagnostics cases")
    }
}
