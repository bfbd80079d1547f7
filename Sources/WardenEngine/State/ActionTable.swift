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
        get { slot(of: id, hash: hash(id)).flatMap { self[slot: $0] } }
        set {
            let h = hash(id)
            if let s = slot(of: id, hash: h) {
                if let newValue {
                    self[slot: s] = newValue
                } else {
                    remove(id, hash: h, at: s)
                }
            } else if let newValue {
                insert(newValue, id: id, hash: h)
            }
        }
    }

    /// Whether an action has this id (without copying it out).
    public func contains(_ id: String) -> Bool { slot(of: id, hash: hash(id)) != nil }

    /// Stores `action` under its id, hashing the id once, and returns the status of the action it
    /// replaced (nil for a new id).
    mutating func upsert(_ action: consuming Action) -> ActionStatus? {
        let h = hash(action.id)
        guard let s = slot(of: action.id, hash: h) else {
            insert(action, id: action.id, hash: h)
            return nil
        }
        let old = self[slot: s]?.status
        self[slot: s] = action
        return old
    }

    /// Whether the action with this id exists and satisfies `predicate`, read in place.
    func matches(_ id: String, _ predicate: (borrowing Action) -> Bool) -> Bool {
        guard let s = slot(of: id, hash: hash(id)) else { return false }
        return self[slot: s].map(predicate) ?? false
    }

    /// Every action, in slot order.
    public var values: [Action] {
        var out: [Action] = []
        out.reserveCapacity(count)
        for chunk in chunks { for case let a? in chunk { out.append(a) } }
        return out
    }

    /// Read and written in place: a plain getter would copy every field of the action out.
    private subscript(slot s: Int32) -> Action? {
        _read { yield chunks[Int(s) / Self.chunkSize][Int(s) % Self.chunkSize] }
        _modify { yield &chunks[Int(s) / Self.chunkSize][Int(s) % Self.chunkSize] }
    }

    /// `h` is `hash(id)`, worked out once by the caller.
    private func slot(of id: String, hash h: Int) -> Int32? {
        if let s = index[h], self[slot: s]?.id == id { return s }
        return overflow.isEmpty ? nil : overflow[id]
    }

    private mutating func insert(_ action: consuming Action, id: String, hash h: Int) {
        let s: Int32
        if let reused = free.popLast() {
            s = reused
        } else {
            // No free slot: slots 0..<count are all taken.
            if count == chunks.count * Self.chunkSize {
                chunks.append([Action?](repeating: nil, count: Self.chunkSize))
            }
            s = Int32(count)
        }
        self[slot: s] = action
        count += 1
        if index[h] == nil { index[h] = s } else { overflow[id] = s }
    }

    private mutating func remove(_ id: String, hash h: Int, at s: Int32) {
        if index[h] == s { index[h] = nil } else { overflow[id] = nil }
        self[slot: s] = nil
        free.append(s)
        count -= 1
    }
}
