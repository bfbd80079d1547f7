import Testing
@testable import WardenEngine
import WardenPolicy

/// `ActionTable` answers like the `[String: Action]` it replaces, whatever the ids' hashes do:
/// a seeded run of inserts, replacements and removals is checked against a dictionary after
/// every step, with the real hash, with every id colliding, and with a few collisions.
@Suite struct ActionTableTests {
    static func action(_ id: String, status: ActionStatus) -> Action {
        let time = Timestamp(iso8601: "2026-01-01T00:00:00Z")!
        return Action(id: id, type: .grant, app: "app", role: "r", user: UserRef(id: "u", email: nil),
                      cause: Cause(kind: .joiner, event: "e", detail: "d"), rule: RuleRef(file: "f.yaml", line: 1, path: "roles[0]"),
                      owner: "o", createdAt: time, dueAt: time, status: status, change: "e")
    }

    @Test(arguments: ["real", "all collide", "mod 7"])
    func answersLikeADictionary(hashing: String) {
        let hash: @Sendable (String) -> Int
        switch hashing {
        case "all collide": hash = { _ in 0 }
        case "mod 7": hash = { $0.hashValue % 7 }
        default: hash = { $0.hashValue }
        }
        var table = ActionTable(hash: hash)
        var model: [String: Action] = [:]
        var seed: UInt64 = 42
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        let ids = (0..<300).map { "act_\($0)" }
        for step in 0..<3000 {
            let id = ids[next(ids.count)]
            switch next(4) {
            case 0:
                table[id] = nil
                model[id] = nil
            case 1:
                let a = Self.action(id, status: next(2) == 0 ? .pending : .done)
                #expect(table.upsert(a) == model[id]?.status, "step \(step): upsert returns the replaced status")
                model[id] = a
            default:
                let a = Self.action(id, status: next(2) == 0 ? .pending : .done)
                table[id] = a
                model[id] = a
            }
            #expect(table.count == model.count, "step \(step)")
            #expect(table[id] == model[id], "step \(step): \(id)")
            #expect(table.contains(id) == (model[id] != nil), "step \(step): contains \(id)")
            #expect(table.matches(id) { $0.status == .pending } == (model[id]?.status == .pending), "step \(step): matches \(id)")
        }
        for id in ids { #expect(table[id] == model[id], "\(id)") }
        #expect(table.values.map(\.id).sorted() == model.keys.sorted())
    }

    @Test func growsPastManyChunksAndReusesFreedSlots() {
        var table = ActionTable()
        for i in 0..<5000 { table["a\(i)"] = Self.action("a\(i)", status: .pending) }
        for i in stride(from: 0, to: 5000, by: 2) { table["a\(i)"] = nil }
        for i in 0..<2500 { table["b\(i)"] = Self.action("b\(i)", status: .done) }
        #expect(table.count == 5000)
        #expect(table["a1"]?.status == .pending)
        #expect(table["a2"] == nil)
        #expect(table["b2499"]?.status == .done)
        // The freed slots were filled again: the 2,500 new actions sit where the removed ones were.
        #expect(table.values.prefix(2).map(\.id) == ["b2499", "a1"])
    }
}
