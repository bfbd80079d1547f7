import Foundation
import Testing
import WardenTesting

/// `warden audit verify` over a database edited behind Warden's back with the `sqlite3` shell.
@Suite struct AuditVerifyCommandTests {
    @Test func aRowEditedWithSqlite3BreaksTheChainAtThatRow() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = dir.path("w.db")
        _ = try await WardenBinary.run(["ingest", "--db", db, Repository.examples + "/events.jsonl"])
        _ = try await WardenBinary.run(["check", "--db", db, "--now", "2026-10-20T00:00:00Z"])
        let intact = try await WardenBinary.run(["audit", "verify", "--db", db])
        #expect(intact.status == 0 && intact.stdout.hasPrefix("audit chain ok: "), "\(intact.stdout)\(intact.stderr)")

        let edit = try await Self.sqlite3(db, "UPDATE audit SET content = content || ' ' WHERE seq = 150;")
        #expect(edit.status == 0, "sqlite3 failed: \(edit.stderr)")
        let broken = try await WardenBinary.run(["audit", "verify", "--db", db])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("audit chain broken at entry 150: "), "\(broken.stderr)")
    }

    /// Runs the `sqlite3` shell (installed by `.ci/run`) on `db`, off the cooperative pool.
    static func sqlite3(_ db: String, _ sql: String) async throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", db, sql]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                continuation.resume(returning: (process.terminationStatus, text))
            }
        }
    }
}
