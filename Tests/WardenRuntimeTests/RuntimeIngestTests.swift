import Foundation
import Testing
import WardenEngine
import WardenPolicy
import WardenRuntime
import WardenStore
import WardenTesting

@Suite struct RuntimeIngestTests {
    static let policies: PolicySet = {
        let r = try! PolicyLoader.load(directory: Repository.policies)
        precondition(!r.hasErrors)
        return r.policies
    }()
    static let examples: [InputEvent] = EventInput.read(Array(FileManager.default.contents(atPath: Repository.examples + "/events.jsonl")!))
    static let fixedClock: @Sendable () -> Timestamp = { Timestamp(iso8601: "2026-10-21T00:00:00Z")! }

    static func runtime(_ dir: TemporaryDirectory, _ name: String = "w.db") throws -> Runtime {
        try Runtime(databasePath: dir.path(name), policies: policies, clock: fixedClock)
    }

    /// (user, app, target) for every account with a target.
    static func targets(_ store: SQLiteStore) throws -> Set<String> {
        Set(try store.plannedTargets().map { "\($0.user) \($0.app) \($0.target)" })
    }

    @Test func ingestingTheSameFileTwiceCreatesNothing() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let r = try Self.runtime(dir)
        let first = try r.ingest(Self.examples, source: "file")
        #expect(first.applied == 144 && first.duplicates == 3 && first.stale == 2 && first.ignored == 6 && first.rejected == 0)
        #expect(first.newActions.count > 100)
        let second = try r.ingest(Self.examples, source: "file")
        #expect(second.newActions.isEmpty)
        #expect(second.duplicates == Self.examples.count)
        let reopened = try Self.runtime(dir)
        let third = try reopened.ingest(Self.examples, source: "file")
        #expect(third.newActions.isEmpty && third.applied == 0)
    }

    @Test func reopeningRestoresExactlyTheCommittedState() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let r = try Self.runtime(dir)
        _ = try r.ingest(Self.examples, source: "file", batchSize: 7)
        let memory = Set(r.state.sortedActions.filter(\.status.isOpen).map(\.json.compactText))
        let reopened = try Self.runtime(dir)
        let restored = Set(reopened.state.sortedActions.map(\.json.compactText))
        #expect(memory == restored)
        #expect(reopened.state.directory.userCount == r.state.directory.userCount)
        for u in 0..<Int32(r.state.directory.userCount) {
            let id = r.state.directory.user(u).id
            let v = try #require(reopened.state.directory.userIndex(id: id))
            #expect(reopened.state.directory.user(v) == r.state.directory.user(u))
            #expect(reopened.state.directory.groupNames(of: v) == r.state.directory.groupNames(of: u))
            for a in 0..<Int32(r.state.program.apps.count) {
                #expect(reopened.state.plannedTarget(user: v, app: a) == r.state.plannedTarget(user: u, app: a))
            }
        }
    }

    @Test func checkOpensOwnedViolationsAndAckResolvesThem() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let r = try Self.runtime(dir)
        _ = try r.ingest(Self.examples, source: "file")
        let deprovision = try #require(try r.store.actions(ActionQuery(statuses: [.pending], user: "betty.holberton@example.com"))
            .first { $0.type == .deprovision && $0.app == "workday" })
        _ = try r.check(at: deprovision.dueAt + PolicyDuration(seconds: 60))
        let reopened = try Self.runtime(dir)
        let violation = try #require(try reopened.store.violations(ViolationQuery(statuses: [.open])).first { $0.action == deprovision.id })
        #expect(violation.kind == .deadlineMissed && violation.severity == .critical)
        #expect(violation.owner.id == "people-systems" && violation.escalatedTo == nil)
        _ = try reopened.check(at: deprovision.dueAt + PolicyDuration(seconds: 60) + .hours(24))
        let escalated = try #require(try reopened.store.violations(ViolationQuery(owner: "security")).first { $0.id == violation.id })
        #expect(escalated.escalatedTo?.id == "security")
        let ack = try reopened.acknowledge([deprovision.id], success: true, message: nil, at: deprovision.dueAt + .hours(30))
        #expect(ack.errors.isEmpty)
        let resolved = try #require(try Self.runtime(dir).store.violations(ViolationQuery(statuses: [.resolved])).first { $0.id == violation.id })
        #expect(resolved.resolvedAt == deprovision.dueAt + .hours(30))
        #expect(try r.store.action(id: deprovision.id)?.status == .done)
        let again = try Self.runtime(dir).acknowledge([deprovision.id], success: true, message: nil, at: deprovision.dueAt + .hours(31))
        #expect(again.errors.isEmpty, "acking a done action again is a no-op")
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func shuffledDeliveryReachesTheSameTargets(seed: UInt64) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try Self.runtime(dir, "ordered.db").ingest(Self.examples, source: "file")
        var rng = SeededRandom(seed: seed)
        let shuffled = Self.examples.shuffled(using: &rng)
        _ = try Self.runtime(dir, "shuffled.db").ingest(shuffled, source: "file", batchSize: 13)
        let ordered = try Self.targets(SQLiteStore(path: dir.path("ordered.db")))
        #expect(!ordered.isEmpty)
        let shuffledTargets = try Self.targets(SQLiteStore(path: dir.path("shuffled.db")))
        #expect(shuffledTargets == ordered, "only ordered: \(ordered.subtracting(shuffledTargets).sorted()); only shuffled: \(shuffledTargets.subtracting(ordered).sorted())")
    }

    @Test func malformedEventsAreRejectedWithLineAndFieldAndTheRestApplies() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let lines = Self.examples.prefix(20).map { String(decoding: $0.bytes, as: UTF8.self) }
        var broken = Array(lines)
        let userLine = try #require(broken.indices.first { $0 > 1 && broken[$0].contains("\"dsync.user.created\"") })
        broken[userLine] = broken[userLine].replacingOccurrences(of: "\"state\":\"active\"", with: "\"state\":42")
        broken[userLine + 2] = "{\"id\": \"event_x\", \"event\": "
        let input = EventInput.read(Array(broken.joined(separator: "\n").utf8))
        let r = try Self.runtime(dir)
        let summary = try r.ingest(input, source: "file")
        #expect(summary.rejected == 2)
        #expect(summary.errors.map(\.line) == [userLine + 1, userLine + 3])
        #expect(summary.errors[0].field == "data.state")
        #expect(summary.errors[0].message == "expected a string, found a number")
        #expect(summary.errors[1].message.hasPrefix("invalid JSON at column 28"))
        #expect(summary.applied + summary.duplicates + summary.stale + summary.ignored == 18)
        #expect(try r.store.eventCounts()["rejected"] == 2)
    }
}
