public import WardenPolicy

/// A compiled policy bound to a directory: per-group reference lists and per-user attribute
/// values, kept in step with the directory so each user evaluates in a few hundred nanoseconds.
public struct EvaluationIndex: Sendable {
    public let program: CompiledPolicy
    private var groupRefs: [[Int32]] = []
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
        while groupRefs.count <= Int(g) { groupRefs.append([]) }
        let group = directory.groups[Int(g)]
        guard !group.deleted else {
            groupRefs[Int(g)] = []
            return
        }
        groupRefs[Int(g)] = [program.refByName[group.name], program.refByGroupId[group.id]].compactMap { $0 }
    }

    /// Adds to `out`, in app order, the roles the policies give an active user at `time`.
    /// Inactive and deleted users get nothing (SPEC §2.2).
    /// `asIfActive` evaluates the conditions whatever the user's state (to tell whether a leaver
    /// still qualifies for an account).
    public func evaluate(user u: Int32, in directory: Directory, at time: Timestamp,
                         scratch: inout EvaluationScratch, into out: inout [AppRoles], asIfActive: Bool = false) {
        guard asIfActive || directory.users[Int(u)].state == .active else { return }
        scratch.prepare(for: program)
        scratch.generation &+= 1
        let gen = scratch.generation
        let slotCount = program.slotCount
        scratch.candidates.removeAll(keepingCapacity: true)
        for g in directory.memberships[Int(u)] {
            for ref in groupRefs[Int(g)] {
                scratch.refMark[Int(ref)] = gen
                for rule in program.rulesByRef[Int(ref)] where scratch.ruleMark[Int(rule)] != gen {
                    scratch.ruleMark[Int(rule)] = gen
                    scratch.candidates.append(rule)
                }
            }
        }
        scratch.candidates += program.universalRules
        scratch.touched.removeAll(keepingCapacity: true)
        slotValues.withUnsafeBufferPointer { all in
            let slots = UnsafeBufferPointer(rebasing: all[Int(u) * slotCount..<(Int(u) + 1) * slotCount])
            scratch.refMark.withUnsafeBufferPointer { marks in
                let context = ConditionContext(program: program, slots: slots, marks: marks, generation: gen)
                var none = NoTrace()
                for rule in scratch.candidates {
                    let r = program.rules[Int(rule)]
                    let bit = UInt64(1) << UInt64(r.role)
                    let current = scratch.appMask[Int(r.app)]
                    if current & bit != 0 { continue }
                    if context.evaluate(r.root, &none) {
                        if current == 0 { scratch.touched.append(r.app) }
                        scratch.appMask[Int(r.app)] = current | bit
                    }
                }
            }
        }
        if let exceptions = userExceptions[u] {
            for e in exceptions where e.expires > time {
                if scratch.appMask[Int(e.app)] == 0 && scratch.exceptionMask[Int(e.app)] == 0 { scratch.touched.append(e.app) }
                scratch.exceptionMask[Int(e.app)] |= UInt64(1) << UInt64(e.role)
            }
        }
        scratch.touched.sort()
        for app in scratch.touched {
            var rules = scratch.appMask[Int(app)]
            if program.apps[Int(app)].exclusive && rules != 0 { rules &= (~rules &+ 1) }
            out.append(AppRoles(app: app, rules: rules, exceptions: scratch.exceptionMask[Int(app)]))
            scratch.appMask[Int(app)] = 0
            scratch.exceptionMask[Int(app)] = 0
        }
    }

    /// Evaluates one condition node for a user, recording every node's outcome (no short cuts).
    public func trace(root: Int32, user u: Int32, in directory: Directory) -> (Bool, [Int32: Bool]) {
        var marks = [UInt32](repeating: 0, count: program.refs.count)
        for g in directory.memberships[Int(u)] {
            for ref in groupRefs[Int(g)] { marks[Int(ref)] = 1 }
        }
        let slotCount = program.slotCount
        let slots = Array(slotValues[Int(u) * slotCount..<(Int(u) + 1) * slotCount])
        var tracer = FullTrace()
        let result = slots.withUnsafeBufferPointer { s in
            marks.withUnsafeBufferPointer { m in
                let context = ConditionContext(program: program, slots: s, marks: m, generation: 1)
                return context.evaluate(root, &tracer)
            }
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

/// Reusable buffers for evaluation, so the hot loop allocates nothing.
public struct EvaluationScratch: Sendable {
    var refMark: [UInt32] = []
    var ruleMark: [UInt32] = []
    var appMask: [UInt64] = []
    var exceptionMask: [UInt64] = []
    var candidates: [Int32] = []
    var touched: [Int32] = []
    var generation: UInt32 = 0

    public init() {}

    mutating func prepare(for program: CompiledPolicy) {
        if refMark.count != program.refs.count || ruleMark.count != program.rules.count || appMask.count != program.apps.count {
            refMark = [UInt32](repeating: 0, count: program.refs.count)
            ruleMark = [UInt32](repeating: 0, count: program.rules.count)
            appMask = [UInt64](repeating: 0, count: program.apps.count)
            exceptionMask = appMask
            generation = 0
        }
        if generation == UInt32.max {
            for i in refMark.indices { refMark[i] = 0 }
            for i in ruleMark.indices { ruleMark[i] = 0 }
            generation = 0
        }
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
