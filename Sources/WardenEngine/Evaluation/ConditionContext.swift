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
    let program: CompiledPolicy
    let slots: UnsafeBufferPointer<Int32>
    let marks: UnsafeBufferPointer<UInt32>
    let generation: UInt32

    @inline(__always) private func has(_ ref: Int32) -> Bool { marks[Int(ref)] == generation }

    /// The semantics of SPEC §2.1 in one place; a missing attribute fails every test but
    /// `exists: false` and `not-in`.
    func evaluate<O: ConditionObserver>(_ index: Int32, _ observer: inout O) -> Bool {
        let n = program.nodes[Int(index)]
        let value: Bool
        switch n.kind {
        case .groupsAny:
            value = program.operands[Int(n.a)..<Int(n.a + n.b)].contains { has($0) }
        case .groupsAll:
            value = program.operands[Int(n.a)..<Int(n.a + n.b)].allSatisfy { has($0) }
        case .groupsNone:
            value = !program.operands[Int(n.a)..<Int(n.a + n.b)].contains { has($0) }
        case .equals:
            let v = slots[Int(n.a)]
            value = v >= 0 && v == n.b
        case .isIn:
            let v = slots[Int(n.a)]
            value = v >= 0 && program.operands[Int(n.b)..<Int(n.b + n.c)].contains(v)
        case .notIn:
            let v = slots[Int(n.a)]
            value = v < 0 || !program.operands[Int(n.b)..<Int(n.b + n.c)].contains(v)
        case .matches:
            value = slots[program.attributeSlotCount + Int(n.a)] == 1
        case .exists:
            value = (slots[Int(n.a)] != -1) == (n.b == 1)
        case .all:
            var result = true
            for child in program.operands[Int(n.a)..<Int(n.a + n.b)] {
                if !evaluate(child, &observer) {
                    result = false
                    if !O.exhaustive { break }
                }
            }
            value = result
        case .any:
            var result = false
            for child in program.operands[Int(n.a)..<Int(n.a + n.b)] {
                if evaluate(child, &observer) {
                    result = true
                    if !O.exhaustive { break }
                }
            }
            value = result
        case .not:
            value = !evaluate(n.a, &observer)
        }
        observer.record(index, value)
        return value
    }
}
