public import WardenPolicy

/// Policies compiled for fast evaluation: conditions flattened into one node array, group
/// references and attribute values interned to integers, rules indexed by the groups they need.
public struct CompiledPolicy: Sendable {
    public let policies: PolicySet
    /// Applications in policy order; index = app number used everywhere in the engine.
    public let apps: [CompiledApp]
    public let appIndexById: [String: Int32]

    // Flat condition program.
    let nodes: [ConditionNode]
    let operands: [Int32]
    /// Where each node is written and a one-line rendering, for explanations.
    public let nodeSpans: [SourceSpan]
    public let nodeTexts: [String]

    // Interned names.
    let refs: [GroupRef]
    let refByName: [String: Int32]
    let refByGroupId: [String: Int32]
    /// Attribute slots, then one virtual slot per `matches` test (holding 1 when the value matches).
    let slotNames: [String]
    let attributeSlotCount: Int
    let regexPatterns: [(slot: Int32, pattern: String)]
    let literals: [String: Int32]

    // Rules.
    let rules: [CompiledRule]
    /// Per group reference: rules that can only hold for members of that group.
    let rulesByRef: [[Int32]]
    /// Rules that may hold without any particular group (`not`, `none`, attribute-only).
    let universalRules: [Int32]
    /// Exceptions by user key (directory user id, or lowercased email).
    let exceptionsByUserKey: [String: [CompiledException]]
    /// The same program as plain buffers, for the evaluation loop.
    let flat: FlatProgram

    /// One application, compiled. A class: the planner reads it for every account it touches,
    /// and copying a struct of this size (retaining every field) showed up in profiles.
    public final class CompiledApp: Sendable {
        public let id: String
        public let application: Application
        public let owner: String
        public let roleNames: [String]
        public let deadlines: Deadlines
        public let grace: PolicyDuration
        public let exclusive: Bool
        public let suspendsInactive: Bool
        /// Root node of each role's `when`.
        public let roots: [Int32]

        init(id: String, application: Application, owner: String, roleNames: [String], deadlines: Deadlines, grace: PolicyDuration,
             exclusive: Bool, suspendsInactive: Bool, roots: [Int32]) {
            self.id = id
            self.application = application
            self.owner = owner
            self.roleNames = roleNames
            self.deadlines = deadlines
            self.grace = grace
            self.exclusive = exclusive
            self.suspendsInactive = suspendsInactive
            self.roots = roots
        }
    }

    struct CompiledRule: Sendable {
        let app: Int32
        let role: Int32
        let root: Int32
    }

    struct CompiledException: Sendable {
        let app: Int32
        let role: Int32
        let expires: Timestamp
        let index: Int32
    }

    public var slotCount: Int { slotNames.count }

    public init(_ policies: PolicySet) {
        var b = Builder()
        var apps: [CompiledApp] = []
        for (appIndex, app) in policies.applications.enumerated() {
            var roots: [Int32] = []
            for (roleIndex, role) in app.roles.enumerated() {
                let root = b.compile(role.when)
                roots.append(root)
                b.addRule(app: Int32(appIndex), role: Int32(roleIndex), root: root)
            }
            apps.append(CompiledApp(
                id: app.id, application: app, owner: app.owner, roleNames: app.roles.map(\.name),
                deadlines: policies.settings.deadlines.applying(app.deadlines), grace: app.moverGrace,
                exclusive: app.exclusive, suspendsInactive: app.leaverInactive == .suspend, roots: roots))
        }
        let appIndexById = Dictionary(apps.enumerated().map { ($1.id, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        var exceptions: [String: [CompiledException]] = [:]
        for (i, e) in policies.exceptions.enumerated() {
            guard let a = appIndexById[e.app], let r = apps[Int(a)].roleNames.firstIndex(of: e.role) else { continue }
            let key = e.user.contains("@") ? e.user.lowercased() : e.user
            exceptions[key, default: []].append(CompiledException(app: a, role: Int32(r), expires: e.expires, index: Int32(i)))
        }
        self.policies = policies
        self.apps = apps
        self.appIndexById = appIndexById
        self.nodes = b.nodes
        self.operands = b.operands
        self.nodeSpans = b.spans
        self.nodeTexts = b.texts
        self.refs = b.refs
        self.refByName = b.refByName
        self.refByGroupId = b.refByGroupId
        self.attributeSlotCount = b.slotNames.count
        self.slotNames = b.slotNames + b.regexes.map { "matches:\($0.pattern)" }
        self.regexPatterns = b.regexes
        self.literals = b.literals
        self.rules = b.rules
        var byRef = [[Int32]](repeating: [], count: b.refs.count)
        var universal: [Int32] = []
        var flatRules: [FlatProgram.FlatRule] = []
        var operands = b.operands
        for (i, rule) in b.rules.enumerated() {
            var residual: [Int32]?
            if let (required, rest) = b.ruleIndex(rule.root), !required.isEmpty {
                for ref in required { byRef[Int(ref)].append(Int32(i)) }
                residual = rest
            } else {
                universal.append(Int32(i))
            }
            let start = Int32(operands.count)
            operands += residual ?? []
            // A rule with more conditions than fit the short form is evaluated from its root.
            let count = residual.map { $0.count <= Int(Int8.max) ? Int32($0.count) : -1 } ?? -1
            flatRules.append(.init(app: rule.app, role: rule.role, root: rule.root, residualStart: start, residualCount: count))
        }
        self.rulesByRef = byRef
        self.universalRules = universal
        self.exceptionsByUserKey = exceptions
        self.flat = FlatProgram(nodes: b.nodes, operands: operands, rules: flatRules, byRef: byRef, universal: universal,
                                exclusive: apps.map(\.exclusive), attributeSlotCount: b.slotNames.count)
    }

    public func app(_ id: String) -> CompiledApp? { appIndexById[id].map { apps[Int($0)] } }

    /// The sub-conditions of a node (for `all`, `any`, `not`), in written order.
    public func children(of node: Int32) -> [Int32] {
        let n = nodes[Int(node)]
        switch n.kind {
        case .all, .any: return Array(operands[Int(n.a)..<Int(n.a + n.b)])
        case .not: return [n.a]
        default: return []
        }
    }

    /// The attribute a node tests, if it is an attribute test.
    public func attributeName(of node: Int32) -> String? {
        let n = nodes[Int(node)]
        switch n.kind {
        case .equals, .isIn, .notIn, .exists: return slotNames[Int(n.a)]
        case .matches: return slotNames[Int(regexPatterns[Int(n.a)].slot)]
        default: return nil
        }
    }

    /// Whether a node tests group membership.
    public func isGroupTest(_ node: Int32) -> Bool {
        switch nodes[Int(node)].kind {
        case .groupsAny, .groupsAll, .groupsNone: return true
        default: return false
        }
    }

    /// The role names of a role bit set, in policy order.
    public func roleNames(app: Int32, _ bits: UInt64) -> [String] {
        let names = apps[Int(app)].roleNames
        return names.indices.filter { bits & (1 << UInt64($0)) != 0 }.map { names[$0] }
    }

    /// The bit set of the given role names (unknown names are dropped).
    public func roleBits(app: Int32, _ names: some Sequence<String>) -> UInt64 {
        let all = apps[Int(app)].roleNames
        var bits: UInt64 = 0
        for name in names {
            if let i = all.firstIndex(of: name) { bits |= 1 << UInt64(i) }
        }
        return bits
    }

    /// Whether an attribute is compared without regard to case.
    static func isCaseInsensitive(_ name: String) -> Bool { AttributeTest.caseInsensitiveNames.contains(name) }
}

/// One node of the flat condition program.
struct ConditionNode: Sendable {
    enum Kind: UInt8, Sendable {
        case groupsAny, groupsAll, groupsNone, equals, isIn, notIn, matches, exists, all, any, not
    }

    let kind: Kind
    /// Meaning per kind: operand start / slot / child.
    let a: Int32
    /// Operand count / literal / expected existence.
    let b: Int32
    let c: Int32
}

/// Builds the flat program from condition trees.
private struct Builder {
    var nodes: [ConditionNode] = []
    var operands: [Int32] = []
    var spans: [SourceSpan] = []
    var texts: [String] = []
    var refs: [GroupRef] = []
    var refByName: [String: Int32] = [:]
    var refByGroupId: [String: Int32] = [:]
    var slotNames: [String] = []
    var slotByName: [String: Int32] = [:]
    var regexes: [(slot: Int32, pattern: String)] = []
    var literals: [String: Int32] = [:]
    var rules: [CompiledPolicy.CompiledRule] = []

    mutating func addRule(app: Int32, role: Int32, root: Int32) {
        rules.append(.init(app: app, role: role, root: root))
    }

    mutating func ref(_ r: GroupRef) -> Int32 {
        switch r {
        case .name(let n):
            if let i = refByName[n] { return i }
            refs.append(r)
            refByName[n] = Int32(refs.count - 1)
        case .id(let id):
            if let i = refByGroupId[id] { return i }
            refs.append(r)
            refByGroupId[id] = Int32(refs.count - 1)
        }
        return Int32(refs.count - 1)
    }

    mutating func slot(_ name: String) -> Int32 {
        if let s = slotByName[name] { return s }
        slotNames.append(name)
        slotByName[name] = Int32(slotNames.count - 1)
        return Int32(slotNames.count - 1)
    }

    mutating func literal(_ value: String, attribute: String) -> Int32 {
        let key = CompiledPolicy.isCaseInsensitive(attribute) ? value.lowercased() : value
        if let i = literals[key] { return i }
        literals[key] = Int32(literals.count)
        return Int32(literals.count - 1)
    }

    private mutating func emit(_ kind: ConditionNode.Kind, _ a: Int32, _ b: Int32 = 0, _ c: Int32 = 0,
                               span: SourceSpan, text: String) -> Int32 {
        nodes.append(ConditionNode(kind: kind, a: a, b: b, c: c))
        spans.append(span)
        texts.append(text)
        return Int32(nodes.count - 1)
    }

    private mutating func operandRange(_ values: [Int32]) -> Int32 {
        let start = Int32(operands.count)
        operands += values
        return start
    }

    mutating func compile(_ condition: Condition) -> Int32 {
        let span = condition.span
        switch condition.kind {
        case .groups(let test):
            let ids = test.refs.map { ref($0) }
            let start = operandRange(ids)
            let kind: ConditionNode.Kind = test.mode == .any ? .groupsAny : test.mode == .all ? .groupsAll : .groupsNone
            let list = test.refs.map { "`\($0)`" }.joined(separator: ", ")
            return emit(kind, start, Int32(ids.count), span: span, text: "groups \(test.mode.rawValue) of [\(list)]")
        case .attribute(let test):
            let s = slot(test.name)
            let name = "`\(test.name)`"
            switch test.test {
            case .equals(let v):
                return emit(.equals, s, literal(v, attribute: test.name), span: span, text: "attribute \(name) equals `\(v)`")
            case .in(let values), .notIn(let values):
                let start = operandRange(values.map { literal($0, attribute: test.name) })
                let isIn: Bool
                if case .in = test.test { isIn = true } else { isIn = false }
                let list = values.map { "`\($0)`" }.joined(separator: ", ")
                return emit(isIn ? .isIn : .notIn, s, start, Int32(values.count), span: span,
                            text: "attribute \(name) \(isIn ? "in" : "not in") [\(list)]")
            case .matches(let pattern):
                regexes.append((s, pattern))
                return emit(.matches, Int32(regexes.count - 1), span: span, text: "attribute \(name) matches `\(pattern)`")
            case .exists(let flag):
                return emit(.exists, s, flag ? 1 : 0, span: span, text: "attribute \(name) \(flag ? "exists" : "does not exist")")
            }
        case .all(let children), .any(let children):
            let ids = children.map { compile($0) }
            let start = operandRange(ids)
            let isAll: Bool
            if case .all = condition.kind { isAll = true } else { isAll = false }
            return emit(isAll ? .all : .any, start, Int32(ids.count), span: span,
                        text: isAll ? "all of \(ids.count) conditions" : "any of \(ids.count) conditions")
        case .not(let child):
            let id = compile(child)
            return emit(.not, id, span: span, text: "not")
        }
    }

    /// The references a rule is indexed under, and — when reaching it through one of them already
    /// proves part of the condition — the conditions left to check (nil = check the whole root).
    func ruleIndex(_ root: Int32) -> (required: [Int32], residual: [Int32]?)? {
        let n = nodes[Int(root)]
        switch n.kind {
        case .groupsAny:
            return (Array(operands[Int(n.a)..<Int(n.a + n.b)]), [])
        case .all:
            let children = Array(operands[Int(n.a)..<Int(n.a + n.b)])
            let direct = children.filter { nodes[Int($0)].kind == .groupsAny }
            if let best = direct.min(by: { nodes[Int($0)].b < nodes[Int($1)].b }) {
                let m = nodes[Int(best)]
                return (Array(operands[Int(m.a)..<Int(m.a + m.b)]), children.filter { $0 != best })
            }
            return requiredRefs(root).map { ($0, nil) }
        default:
            return requiredRefs(root).map { ($0, nil) }
        }
    }

    /// Group references of which a user must hold at least one for `node` to be true; nil = none needed.
    func requiredRefs(_ node: Int32) -> [Int32]? {
        let n = nodes[Int(node)]
        let ops = { Array(self.operands[Int(n.a)..<Int(n.a + n.b)]) }
        switch n.kind {
        case .groupsAny: return ops()
        case .groupsAll: return ops().first.map { [$0] }
        case .all:
            return ops().compactMap { requiredRefs($0) }.min { $0.count < $1.count }
        case .any:
            var union: [Int32] = []
            for child in ops() {
                guard let r = requiredRefs(child) else { return nil }
                union += r
            }
            return Array(Set(union)).sorted()
        default: return nil
        }
    }
}
