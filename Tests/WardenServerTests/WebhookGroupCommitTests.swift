import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import WardenPolicy
import WardenServer
import WardenStore

/// Webhooks posted at once share commits (group commit); each caller still hears its own event's
/// outcome and actions, only after the commit.
@Suite struct WebhookGroupCommitTests {
    @Test func concurrentPostsEachGetTheirOwnOutcome() async throws {
        let f = try ServerFixture()
        defer { f.dir.remove() }
        let unique = Array(Dictionary(ServerFixture.examples.compactMap { line -> (String, String)? in
            guard let id = (try? JSONParser.parse(line))?["id"]?.stringValue else { return nil }
            return (id, line)
        }, uniquingKeysWith: { a, _ in a }).sorted { $0.key < $1.key }.prefix(60))
        // Every event once, and ten of them twice more, all in flight together.
        let posts = unique.map(\.value) + unique.prefix(10).flatMap { [$0.value, $0.value] }
        let answers = try await f.app().test(.live) { client in
            try await withThrowingTaskGroup(of: (String, String, [String]).self) { group in
                for body in posts.shuffled() {
                    group.addTask {
                        try await client.execute(uri: "/webhooks/workos", method: .post, headers: ServerFixture.signed(body),
                                                 body: ByteBuffer(string: body)) { r in
                            let json = ServerFixture.json(r)
                            guard case .array(let items)? = json["actions"] else { return ((try JSONParser.parse(body))["id"]!.stringValue!, "status \(r.status.code)", []) }
                            let actions = items.compactMap(\.stringValue)
                            return ((try JSONParser.parse(body))["id"]!.stringValue!, json["event"]?.stringValue ?? "status \(r.status.code)", actions)
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        #expect(answers.allSatisfy { $0.0 == $0.1 }, "every answer names the event that was posted")
        let store = try SQLiteStore(path: f.config.databasePath)
        #expect(try store.eventCount() == unique.count)
        // Each event's actions are reported to exactly one of its deliveries.
        for (id, _) in unique {
            let reported = answers.filter { $0.0 == id }.map(\.2).filter { !$0.isEmpty }
            #expect(reported.count <= 1, "\(id)")
        }
        let reported = Set(answers.flatMap(\.2))
        let stored = Set(try store.actions(ActionQuery()).map(\.id))
        #expect(reported.isSubset(of: stored) && !reported.isEmpty)
    }
}
