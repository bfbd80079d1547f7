/// The hot-path view of a compiled policy: plain buffers, immutable after creation, so the
/// evaluation loop reads them without reference counting or bounds checks.
final class FlatProgram: @unchecked Sendable {
    let nodes: UnsafeMutableBufferPointer<ConditionNode>
    let operands: UnsafeMutableBufferPointer<Int32>
    let rules: UnsafeMutableBufferPointer<FlatRule>
    /// CSR index: the rules reachable from reference `r` are `refRules[refStart[r]..<refStart[r + 1]]`.
    let refStart: UnsafeMutableBufferPointer<Int32>
    let refRules: UnsafeMutableBufferPointer<Int32>
    let universal: UnsafeMutableBufferPointer<Int32>
    /// Per app: whether only the first matching role counts.
    let exclusive: UnsafeMutableBufferPointer<Bool>
    let attributeSlotCount: Int

    /// A rule as the loop needs it. When a rule is reached through one of the groups of its
    /// `groups: {any}` test, only its `residual` conditions remain to check.
    struct FlatRule {
        let app: UInt16
        let role: UInt8
        /// Conditions left once reached by reference; `residualCount < 0` = evaluate `root`.
        let residualCount: Int8
        let root: Int32
        let residualStart: Int32

        init(app: Int32, role: Int32, root: Int32, residualStart: Int32, residualCount: Int32) {
            self.app = UInt16(app)
            self.role = UInt8(role)
            self.residualCount = Int8(clamping: residualCount)
            self.root = root
            self.residualStart = residualStart
        }

        @inline(__always) var bit: UInt64 { 1 << UInt64(role) }
    }

    init(nodes: [ConditionNode], operands: [Int32], rules: [FlatRule], byRef: [[Int32]], universal: [Int32], exclusive: [Bool],
         attributeSlotCount: Int) {
        func copy<T>(_ a: [T]) -> UnsafeMutableBufferPointer<T> {
            let b = UnsafeMutableBufferPointer<T>.allocate(capacity: max(1, a.count))
            _ = b.initialize(from: a)
            return UnsafeMutableBufferPointer(rebasing: b[0..<a.count])
        }
        self.nodes = copy(nodes)
        self.operands = copy(operands)
        self.rules = copy(rules)
        var start: [Int32] = [0]
        var flat: [Int32] = []
        for list in byRef {
            flat += list
            start.append(Int32(flat.count))
        }
        self.refStart = copy(start)
        self.refRules = copy(flat)
        self.universal = copy(universal)
        self.exclusive = copy(exclusive)
        self.attributeSlotCount = attributeSlotCount
    }

    deinit {
        for p in [UnsafeMutableRawPointer(nodes.baseAddress), UnsafeMutableRawPointer(operands.baseAddress),
                  UnsafeMutableRawPointer(rules.baseAddress), UnsafeMutableRawPointer(refStart.baseAddress),
                  UnsafeMutableRawPointer(refRules.baseAddress), UnsafeMutableRawPointer(universal.baseAddress),
                  UnsafeMutableRawPointer(exclusive.baseAddress)] {
            p?.deallocate()
        }
    }
}

/// Per-evaluation scratch memory, reused from user to user (one owner at a time).
final class ScratchStorage {
    let refMark: UnsafeMutableBufferPointer<UInt32>
    let appMask: UnsafeMutableBufferPointer<UInt64>
    let exceptionMask: UnsafeMutableBufferPointer<UInt64>
    /// One bit per app with any role this evaluation, so apps come out in order without sorting.
    let touched: UnsafeMutableBufferPointer<UInt64>
    var generation: UInt32 = 0

    init(refs: Int, rules: Int, apps: Int) {
        refMark = .allocate(capacity: max(1, refs))
        refMark.initialize(repeating: 0)
        appMask = .allocate(capacity: max(1, apps))
        appMask.initialize(repeating: 0)
        exceptionMask = .allocate(capacity: max(1, apps))
        exceptionMask.initialize(repeating: 0)
        touched = .allocate(capacity: max(1, (apps + 63) / 64))
        touched.initialize(repeating: 0)
    }

    /// The next generation; marks from earlier users stop counting. Wraps by clearing.
    func nextGeneration() -> UInt32 {
        if generation == UInt32.max {
            refMark.update(repeating: 0)
            generation = 0
        }
        generation += 1
        return generation
    }

    @inline(__always) func touch<I: BinaryInteger>(_ app: I) {
        touched[Int(app) >> 6] |= 1 << UInt64(Int(app) & 63)
    }

    deinit {
        refMark.deallocate()
        appMask.deallocate()
        exceptionMask.deallocate()
        touched.deallocate()
    }
}
