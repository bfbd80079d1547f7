public import WardenPolicy

/// A compiled policy bound to a directory: per-group reference lists and per-user attribute
/// values, kept in step with the directory so each user evaluates in a few hundred nanoseconds.
public struct EvaluationIndex: Sendable {
    public let program: CompiledPolicy
    /// Per directory group: the (at most two) references it satisfies — by name and by id; -1 = none.
    private var groupRefs: [RefPair] = []

    struct RefPair {
        var byName: Int32
        var byId: Int32
    }
    /// users × slotCount: -1 missing, -2 present but equal to no literal, else the literal's id;
    /// virtual `matches` slots hold 1 on a match, else 0.
    private var slotValues: [Int32] = []
    private var userExceptions: [Int32: [CompiledPolicy.CompiledException]] = [:]
    private let regexes: RegexTable

    public init(program: CompiledPolicy, directory: Directory) {
        self.program = program
        self.regexes = RegexTable(program.regexPatterns.map { ($0.pattern, CompiledPolicy.isCaseInsensitive(program.slotNames[Int($0.slot)])) })
        for g in directory.groups.indices { bindGroup(Int32(g), in: directory) }
        slotValues.reserveCapacity(directory.users.count * program.slotCount)
        for u in directory.users.indices { bindUser(Int32(u), in: directory) }
    }

    /// Refreshes (or adds) a user's attribute values and exceptions after it changed.
    public mutating func bindUser(_ u: Int32, in directory: Directory) {
        let count = program.slotCount
        let base = Int(u) * count
        if slotValues.count < base + count {
            slotValues += [Int32](repeating: -1, count: base + count - slotValues.count)
        }
        let user = directory.users[Int(u)]
        for s in 0..<program.attributeSlotCount {
            let name = program.slotNames[s]
            guard let raw = user.attribute(name) else {
                slotValues[base + s] = -1
                continue
            }
            let value = CompiledPolicy.isCaseInsensitive(name) ? raw.lowercased() : raw
            slotValues[base + s] = program.literals[value] ?? -2
        }
        for (r, entry) in program.regexPatterns.enumerated() {
            let value = user.attribute(program.slotNames[Int(entry.slot)])
            slotValues[base + program.attributeSlotCount + r] = value.map { regexes.wholeMatch(r, $0) ? 1 : 0 } ?? 0
        }
        var exceptions = program.exceptionsByUserKey[user.id] ?? []
        if let email = user.email?.lowercased(), let more = program.exceptionsByUserKey[email] { exceptions += more }
        userExceptions[u] = exceptions.isEmpty ? nil : exceptions
    }

    /// Refreshes (or adds) the references a group satisfies after it was created, renamed or deleted.
    public mutating func bindGroup(_ g: Int32, in directory: Directory) {
        while groupRefs.count <= Int(g) { groupRefs.append(RefPair(byName: -1, byId: -1)) }
        let group = directory.groups[Int(g)]
        guard !group.deleted else {
            groupRefs[Int(g)] = RefPair(byName: -1, byId: -1)
            return
        }
        groupRefs[Int(g)] = RefPair(byName: program.refByName[group.name] ?? -1, byId: program.refByGroupId[group.id] ?? -1)
    }

    /// Adds to `out`, in app order, the roles the policies give an active user at `time`.
    /// Inactive and deleted users get nothing (SPEC §2.2). `asIfActive` evaluates the conditions
    /// whatever the user's state (to tell whether a leaver still qualifies for an account).
    public func evaluate(user u: Int32, in directory: Directory, at time: Timestamp,
                         scratch: inout EvaluationScratch, into out: inout [AppRoles], asIfActive: Bool = false) {
        guard asIfActive || directory.users[Int(u)].state == .active else { return }
        let s = scratch.storage(for: program)
        let gen = s.nextGeneration()
        let flat = program.flat
        let slotCount = program.slotCount
        let groups = directory.memberships[Int(u)]
        for g in groups {
            let pair = groupRefs[Int(g)]
            if pair.byName >= 0 { s.refMark[Int(pair.byName)] = gen }
            if pair.byId >= 0 { s.refMark[Int(pair.byId)] = gen }
        }
        slotValues.withUnsafeBufferPointer { all in
            let slots = UnsafeBufferPointer(rebasing: all[Int(u) * slotCount..<(Int(u) + 1) * slotCount])
            let context = ConditionContext(flat, slots: slots, marks: s.refMark, generation: gen)
            var none = NoTrace()
            /// Evaluates the rules indexed under one reference the user holds. A rule reached
            /// through two of its groups is simply checked twice (rare, and the answer is the same).
            @inline(__always) func reach(_ ref: Int32) {
                var k = Int(flat.refStart[Int(ref)])
                let end = Int(flat.refStart[Int(ref) + 1])
                while k < end {
                    let rule = flat.rules[Int(flat.refRules[k])]
                    k += 1
                    let current = s.appMask[Int(rule.app)]
                    if current & rule.bit != 0 { continue }
                    let holds = rule.residualCount >= 0
                        ? context.all(rule.residualStart, Int32(rule.residualCount), &none)
                        : context.evaluate(rule.root, &none)
                    if holds {
                        s.touch(rule.app)
                        s.appMask[Int(rule.app)] = current | rule.bit
                    }
                }
            }
            for g in groups {
                let pair = groupRefs[Int(g)]
                if pair.byName >= 0 { reach(pair.byName) }
                if pair.byId >= 0 { reach(pair.byId) }
            }
            for r in flat.universal {
                let rule = flat.rules[Int(r)]
                let current = s.appMask[Int(rule.app)]
                if current & rule.bit != 0 { continue }
                if context.evaluate(rule.root, &none) {
                    s.touch(rule.app)
                    s.appMask[Int(rule.app)] = current | rule.bit
                }
            }
        }
        if let exceptions = userExceptions[u] {
            for e in exceptions where e.expires > time {
                s.touch(e.app)
                s.exceptionMask[Int(e.app)] |= UInt64(1) << UInt64(e.role)
            }
        }
        for w in 0..<s.touched.count {
            var word = s.touched[w]
            s.touched[w] = 0
            while word != 0 {
                let app = Int32(w << 6 + word.trailingZeroBitCount)
                word &= word &- 1
                var rules = s.appMask[Int(app)]
                if flat.exclusive[Int(app)] && rules != 0 { rules &= (~rules &+ 1) }
                out.append(AppRoles(app: app, rules: rules, exceptions: s.exceptionMask[Int(app)]))
                s.appMask[Int(app)] = 0
                s.exceptionMask[Int(app)] = 0
            }
        }
    }

    /// Evaluates one condition node for a user, recording every node's outcome (no short cuts).
    public func trace(root: Int32, user u: Int32, in directory: Directory) -> (Bool, [Int32: Bool]) {
        let marks = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: max(1, program.refs.count))
        defer { marks.deallocate() }
        marks.initialize(repeating: 0)
        for g in directory.memberships[Int(u)] {
            let pair = groupRefs[Int(g)]
            if pair.byName >= 0 { marks[Int(pair.byName)] = 1 }
            if pair.byId >= 0 { marks[Int(pair.byId)] = 1 }
        }
        let slotCount = program.slotCount
        let slots = Array(slotValues[Int(u) * slotCount..<(Int(u) + 1) * slotCount])
        var tracer = FullTrace()
        let result = slots.withUnsafeBufferPointer { s in
            ConditionContext(program.flat, slots: s, marks: marks, generation: 1).evaluate(root, &tracer)
        }
        return (result, tracer.outcomes)
    }

    /// The live exceptions (policy indices) that give `user` roles in `app` at `time`.
    public func liveExceptions(user u: Int32, app: Int32, at time: Timestamp) -> [Int] {
        (userExceptions[u] ?? []).filter { $0.app == app && $0.expires > time }.map { Int($0.index) }
    }

    /// All exceptions bound to a user, live or not (policy indices).
    public func exceptions(of u: Int32) -> [Int] { (userExceptions[u] ?? []).map { Int($0.index) } }
}

/// The roles one user gets in one app: from rules, and from live exceptions.
public struct AppRoles: Sendable, Hashable {
    public var app: Int32
    public var rules: UInt64
    public var exceptions: UInt64
    public var roles: UInt64 { rules | exceptions }
}

/// Reusable buffers for evaluation, so the hot loop allocates nothing. A copy that is not the
/// only owner of its buffers gets fresh ones on first use, so copies never share memory.
public struct EvaluationScratch: Sendable {
    nonisolated(unsafe) private var buffers: ScratchStorage?
    private var shape: (refs: Int, rules: Int, apps: Int) = (0, 0, 0)

    public init() {}

    mutating func storage(for program: CompiledPolicy) -> ScratchStorage {
        let want = (program.refs.count, program.rules.count, program.apps.count)
        if buffers == nil || shape != want || !isKnownUniquelyReferenced(&buffers!) {
            buffers = ScratchStorage(refs: want.0, rules: want.1, apps: want.2)
            shape = want
        }
        return buffers!
    }
}

/// Compiled regular expressions (immutable after creation, so safe to share).
final class RegexTable: @unchecked Sendable {
    private let regexes: [Regex<AnyRegexOutput>?]

    init(_ patterns: [(String, Bool)]) {
        regexes = patterns.map { pattern, ignoreCase in
            guard let r = try? Regex(pattern) else { return nil }
            return ignoreCase ? r.ignoresCase() : r
        }
    }

    func wholeMatch(_ index: Int, _ value: String) -> Bool {
        guard let r = regexes[index] else { return false }
        return (try? r.wholeMatch(in: value)) != nil
    }
}
