import Foundation
import GRDB
import Testing
import WardenPolicy
import WardenRuntime
import WardenStore
import WardenTesting

/// The WAL reaches the database file in the background, while the store stays open: no commit
/// has to checkpoint, and the file alone holds what was committed a moment ago.
@Suite struct CheckpointTests {
    @Test func committedEventsReachTheDatabaseFileWhileTheStoreIsOpen() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path("w.db")
        let policies = try PolicyLoader.load(directory: Repository.policies).policies
        let runtime = try Runtime(databasePath: path, policies: policies, clock: { Timestamp(iso8601: "2026-10-21T00:00:00Z")! })
        _ = try runtime.ingest(EventInput.read(Array(FileManager.default.contents(atPath: Repository.examples + "/events.jsonl")!)), source: "file")
        let committed = try Self.eventCount(path)
        #expect(committed > 100)
        // The database file alone, copied without its WAL, holds them all within a few seconds.
        var inFile = 0
        for attempt in 0..<50 where inFile != committed {
            if attempt > 0 { try await Task.sleep(for: .milliseconds(100)) }
            let copy = dir.path("copy-\(attempt).db")
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            inFile = (try? Self.eventCount(copy)) ?? 0
        }
        #expect(inFile == committed, "the database file holds \(inFile) of \(committed) committed events")
        withExtendedLifetime(runtime) {}
    }

    static func eventCount(_ path: String) throws -> Int {
        try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") } ?? 0
    }
}
