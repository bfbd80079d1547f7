/// Receives each node's outcome during evaluation; `exhaustive` evaluates every child (for explain).
protocol ConditionObserver {
    static var exhaustive: Bool { get }
    mutating func record(_ node: Int32, _ value: Bool)
}

struct NoTrace: ConditionObserver {
    static var exhaustive: Bool { false }
    @inline(__always) mutating func record(_ node: Int32, _ value: Bool) {}
}

struct FullTrace: ConditionObserver {
    static var exhaustive: Bool { true }
    var outcomes: [Int32: Bool] = [:]
    mutating func record(_ node: Int32, _ value: Bool) { outcomes[node] = value }
}

/// One user's view for evaluating condition nodes: attribute slots and group-reference marks.
struct ConditionContext {
    let nodes: UnsafeMutableBufferPointer<ConditionNode>
    let operands: UnsafeMutableBufferPointer<Int32>
    let slots: UnsafeBufferPointer<Int32>
    let marks: UnsafeMutableBufferPointer<UInt32>
    let generation: UInt32
    let attributeSlotCount: Int

    init(_ flat: FlatProgram, slots: UnsafeBufferPointer<Int32>, marks: UnsafeMutableBufferPointer<UInt32>, generation: UInt32) {
        nodes = flat.nodes
        operands = flat.operands
        self.slots = slots
        self.marks = marks
        self.generation = generation
        attributeSlotCount = flat.attributeSlotCount
    }

    @inline(__always) private func has(_ ref: Int32) -> Bool { marks[Int(ref)] == generation }

    @inline(__always) private func anyMarked(_ start: Int32, _ count: Int32) -> Bool {
        var i = Int(start)
        let end = i + Int(count)
        while i < end {
            if has(operands[i]) { return true }
            i += 1
        }
        return false
    }

    @inline(__always) private func contains(_ start: Int32, _ count: Int32, _ value: Int32) -> Bool {
        var i = Int(start)
        let end = i + Int(count)
        while i < end {
            if operands[i] == value { return true }
            i += 1
        }
        return false
    }

    /// A leaf test evaluated in place (nil for `all`/`any`/`not`, which recurse).
    @inline(__always) func leaf(_ n: ConditionNode) -> Bool? {
        switch n.kind {
        case .groupsAny: return anyMarked(n.a, n.b)
        case .groupsNone: return !anyMarked(n.a, n.b)
        case .equals:
            let v = slots[Int(n.a)]
            return v >= 0 && v == n.b
        case .isIn:
            let v = slots[Int(n.a)]
            return v >= 0 && contains(n.b, n.c, v)
        case .notIn:
            let v = slots[Int(n.a)]
            return v < 0 || !contains(n.b, n.c, v)
        case .matches: return slots[attributeSlotCount + Int(n.a)] == 1
        case .exists: return (slots[Int(n.a)] != -1) == (n.b == 1)
        case .groupsAll, .all, .any, .not: return nil
        }
    }

    /// True when every node in `operands[start..<start+count]` holds.
    @inline(__always) func all<O: ConditionObserver>(_ start: Int32, _ count: Int32, _ observer: inout O) -> Bool {
        var result = true
        var i = Int(start)
        let end = i + Int(count)
        while i < end {
            let child = operands[i]
            let holds: Bool
            if !O.exhaustive, let value = leaf(nodes[Int(child)]) {
                holds = value
            } else {
                holds = evaluate(child, &observer)
            }
            if !holds {
                result = false
                if !O.exhaustive { return false }
            }
            i += 1
        }
        return result
    }

    /// The semantics of SPEC §2.1 in one place; a missing attribute fails every test but
    /// `exists: false` and `not-in`.
    func evaluate<O: ConditionObserver>(_ index: Int32, _ observer: inout O) -> Bool {
        let n = nodes[Int(index)]
        let value: Bool
        if let v = leaf(n) {
            observer.record(index, v)
            return v
        }
        switch n.kind {
        case .groupsAll:
            var all = true
            var i = Int(n.a)
            while i < Int(n.a + n.b) {
                if !has(operands[i]) { all = false; break }
                i += 1
            }
            value = all
        case .all:
            value = all(n.a, n.b, &observer)
        case .any:
            var result = false
            var i = Int(n.a)
            while i < Int(n.a + n.b) {
                if evaluate(operands[i], &observer) {
                    result = true
                    if !O.exhaustive { break }
                }
                i += 1
            }
            value = result
        case .not:
            value = !evaluate(n.a, &observer)
        default:
            value = false
        }
        observer.record(index, value)
        return value
    }
}
