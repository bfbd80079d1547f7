/// The engine's actions by id. Growing a `[String: Action]` moves every 312-byte action into a
/// fresh buffer twice the size and hashes every id again: past 393k actions that took 0.6 s and
/// 330 MB at once, and at 25k it held a webhook for 20–70 ms (BENCHMARKS.md). Here the actions
/// sit in fixed-size chunks that never move, and the index maps each id's hash to a slot, so
/// growing rehashes small integers only. Ids whose hash another id already holds go to
/// `overflow`. Iteration follows slot order, which depends only on the operations applied.
public struct ActionTable: Sendable {
    private static let chunkSize = 1024
    private var chunks: [[Action?]] = []
    private var index: [Int: Int32] = [:]
    private var overflow: [String: Int32] = [:]
    private var free: [Int32] = []
    public private(set) var count = 0
    private let hash: @Sendable (String) -> Int

    public init() { self.init(hash: { $0.hashValue }) }

    /// `hash` stands in for the ids' hash values (tests force collisions with it).
    init(hash: @escaping @Sendable (String) -> Int) { self.hash = hash }

    public subscript(id: String) -> Action? {
        get { slot(of: id).flatMap { self[slot: $0] } }
        set {
            if let s = slot(of: id) {
                if let newValue {
                    self[slot: s] = newValue
                } else {
                    remove(id, at: s)
                }
            } else if let newValue {
                insert(newValue, id: id)
            }
        }
    }

    /// Every action, in slot order.
    public var values: [Action] {
        var out: [Action] = []
        out.reserveCapacity(count)
        for chunk in chunks { for case let a? in chunk { out.append(a) } }
        return out
    }

    private subscript(slot s: Int32) -> Action? {
        get { chunks[Int(s) / Self.chunkSize][Int(s) % Self.chunkSize] }
        set { chunks[Int(s) / Self.chunkSize][Int(s) % Self.chunkSize] = newValue }
    }

    private func slot(of id: String) -> Int32? {
        if let s = index[hash(id)], self[slot: s]?.id == id { return s }
        return overflow[id]
    }

    private mutating func insert(_ action: Action, id: String) {
        let s: Int32
        if let reused = free.popLast() {
            s = reused
        } else {
            if count + free.count == chunks.count * Self.chunkSize {
                chunks.append([Action?](repeating: nil, count: Self.chunkSize))
            }
            s = Int32(count + free.count)
        }
        self[slot: s] = action
        count += 1
        let h = hash(id)
        if index[h] == nil { index[h] = s } else { overflow[id] = s }
    }

    private mutating func remove(_ id: String, at s: Int32) {
        let h = hash(id)
        if index[h] == s { index[h] = nil } else { overflow[id] = nil }
        self[slot: s] = nil
        free.append(s)
        count -= 1
    }
}
