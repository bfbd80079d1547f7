public import WardenPolicy

/// One account from an application's export.
public struct ExportedAccount: Sendable, Hashable {
    /// Email or directory user id, as the export writes it.
    public var user: String
    public var roles: [String]
    public var status: Status
    /// Where it was in the export (line or item number).
    public var line: Int

    public enum Status: String, Sendable, Hashable, CaseIterable { case active, suspended }

    public init(user: String, roles: [String], status: Status, line: Int) {
        self.user = user
        self.roles = roles
        self.status = status
        self.line = line
    }
}

/// What a reconciliation found (SPEC §4.3).
public struct ReconcileReport: Sendable {
    public enum Situation: String, Sendable, Hashable, CaseIterable {
        case linked
        case excessRole = "excess_role"
        case orphanedAccount = "orphaned_account"
        case unmanagedAccount = "unmanaged_account"
        case missingAccess = "missing_access"
    }

    /// One account (or missing account) and its situations.
    public struct Entry: Sendable, Hashable {
        public var user: String
        public var email: String?
        public var situations: [Situation]
        /// The roles concerned: held but not given (excess), given but not held (missing), or all
        /// the account's roles (orphaned, unmanaged).
        public var roles: [String]
        public var line: Int?
    }

    public var app: String
    public var entries: [Entry]
    /// Actions the export shows carried out, now done.
    public var confirmed: [Action]

    public func count(_ s: Situation) -> Int { entries.filter { $0.situations.contains(s) }.count }
}

extension EngineState {
    /// Compares an app's accounts with the planned targets at `time`: opens the matching
    /// violations (owner: the app's, except unmanaged accounts — tied to no directory user — which
    /// go to the fallback owner), resolves earlier reconcile findings of the app that no longer
    /// hold, and marks open actions `done` (source `reconcile`) that the export shows carried out.
    public mutating func reconcile(app appId: String, accounts: [ExportedAccount], at time: Timestamp) throws(EngineError) -> (ReconcileReport, EngineDelta) {
        guard let a = program.appIndexById[appId] else { throw EngineError("unknown_app", "unknown application `\(appId)`") }
        let app = program.apps[Int(a)]
        var entries: [ReconcileReport.Entry] = []
        var found: Set<String> = []
        var confirmed: [Action] = []
        var seenUsers: Set<Int32> = []

        let appOwner = owner(forApp: appId)
        func finding(_ kind: ViolationKind, _ severity: Severity, user: UserRef, role: String?, summary: String, evidence: [String: String],
                     due: Timestamp? = nil, owner: OwnerRef? = nil) {
            let id = StableId.violation(kind: kind, app: appId, user: user.id, subject: role)
            found.insert(id)
            if let existing = violations[id], existing.status == .open { return }
            store(Violation(id: id, kind: kind, severity: severity, app: appId, user: user, role: role, owner: owner ?? appOwner,
                            detectedAt: time, dueAt: due, summary: summary, evidence: evidence))
        }
        /// The rule (or live exception) about a role, as `file:line path`.
        func ruleText(_ role: String, user u: Int32, granted: [AppRoles]) -> String {
            roleRule(role, app: a, user: u, granted: granted.first { $0.app == a }, kind: nil, at: time)?.description
                ?? "no role `\(role)` in \(app.application.span.file)"
        }

        for account in accounts {
            let row = "line \(account.line): \(account.user),\(account.roles.joined(separator: ";")),\(account.status.rawValue)"
            guard let u = directory.userIndex(idOrEmail: account.user) else {
                let ref = UserRef(id: account.user, email: account.user.contains("@") ? account.user : nil)
                finding(.unmanagedAccount, .high, user: ref, role: nil,
                        summary: "\(app.application.name) has an account `\(account.user)` that matches no directory user",
                        evidence: ["export_row": row], owner: owner(forApp: nil))
                entries.append(.init(user: account.user, email: ref.email, situations: [.unmanagedAccount], roles: account.roles, line: account.line))
                continue
            }
            seenUsers.insert(u)
            let user = directory.user(u)
            let ref = UserRef(id: user.id, email: user.email)
            let planned = plannedTarget(user: u, app: a)
            let directoryState = "\(user.state.rawValue); groups: \(directory.groupNames(of: u).joined(separator: ", "))"
            var situations: [ReconcileReport.Situation] = []
            var roles: [String] = []
            if user.state != .active {
                if account.status == .active {
                    situations.append(.orphanedAccount)
                    roles = account.roles
                    finding(.orphanedAccount, .critical, user: ref, role: nil,
                            summary: "\(user.displayName) is \(user.state.rawValue) in the directory but still has an enabled \(app.application.name) account",
                            evidence: ["export_row": row, "directory": directoryState, "planned": planned.description,
                                       "rule": "\(app.application.leaverSpan.file):\(app.application.leaverSpan.line) leaver"])
                }
            } else {
                var granted: [AppRoles] = []
                index.evaluate(user: u, in: directory, at: time, scratch: &scratch, into: &granted)
                let given = granted.first { $0.app == a }.map { program.roleNames(app: a, $0.roles) } ?? []
                for role in account.roles where !given.contains(role) {
                    if !situations.contains(.excessRole) { situations.append(.excessRole) }
                    roles.append(role)
                    finding(.excessRole, .high, user: ref, role: role,
                            summary: "\(user.displayName) holds `\(role)` in \(app.application.name), which no rule or live exception gives",
                            evidence: ["export_row": row, "directory": directoryState, "rule": ruleText(role, user: u, granted: granted),
                                       "entitled": given.joined(separator: ", ")])
                }
                if given.isEmpty && account.roles.isEmpty && account.status == .active {
                    situations.append(.excessRole)
                    finding(.excessRole, .high, user: ref, role: nil,
                            summary: "\(user.displayName) has an enabled \(app.application.name) account, but no rule or live exception gives any role",
                            evidence: ["export_row": row, "directory": directoryState, "planned": planned.description])
                }
                let held = account.status == .active ? account.roles : []
                for role in given where !held.contains(role) {
                    let waiting = openActions(user: user.id, app: appId).first {
                        ($0.type == .provision || $0.type == .restore) && ($0.roles ?? []).contains(role) || ($0.type == .grant && $0.role == role)
                    }
                    if let waiting, waiting.dueAt > time { continue }
                    if !situations.contains(.missingAccess) { situations.append(.missingAccess) }
                    roles.append(role)
                    finding(.missingAccess, .low, user: ref, role: role,
                            summary: "\(user.displayName) should have `\(role)` in \(app.application.name)"
                                + (account.status == .suspended ? " but the account is suspended" : " but the export does not show it"),
                            evidence: ["export_row": row, "directory": directoryState, "planned": planned.description,
                                       "rule": ruleText(role, user: u, granted: granted)], due: waiting?.dueAt)
                }
            }
            entries.append(.init(user: user.id, email: user.email, situations: situations.isEmpty ? [.linked] : situations,
                                 roles: roles, line: account.line))
            confirmed += confirm(user: user.id, app: appId, account: account, at: time)
        }
        // Entitled active users without any account in the export.
        for (u, list) in targets.enumerated() where !seenUsers.contains(Int32(u)) && directory.users[u].state == .active {
            guard let t = list.first(where: { $0.app == a }), case .active(let bits) = t.target else { continue }
            let user = directory.users[u]
            let ref = UserRef(id: user.id, email: user.email)
            var missing: [String] = []
            var granted: [AppRoles] = []
            index.evaluate(user: Int32(u), in: directory, at: time, scratch: &scratch, into: &granted)
            for role in program.roleNames(app: a, bits) {
                let waiting = openActions(user: user.id, app: appId).first {
                    ($0.type == .provision || $0.type == .restore) && ($0.roles ?? []).contains(role) || ($0.type == .grant && $0.role == role)
                }
                if let waiting, waiting.dueAt > time { continue }
                missing.append(role)
                finding(.missingAccess, .low, user: ref, role: role,
                        summary: "\(user.displayName) should have `\(role)` in \(app.application.name) but has no account in the export",
                        evidence: ["directory": "active; groups: \(directory.groupNames(of: Int32(u)).joined(separator: ", "))",
                                   "planned": PlannedTarget.active(program.roleNames(app: a, bits)).description,
                                   "rule": ruleText(role, user: Int32(u), granted: granted)], due: waiting?.dueAt)
            }
            if !missing.isEmpty { entries.append(.init(user: user.id, email: user.email, situations: [.missingAccess], roles: missing, line: nil)) }
            confirmed += confirm(user: user.id, app: appId, account: nil, at: time)
        }
        // Users not in the export at all: their removals are done.
        for (u, user) in directory.users.enumerated() where !seenUsers.contains(Int32(u)) && user.state != .active {
            confirmed += confirm(user: user.id, app: appId, account: nil, at: time)
        }
        // Earlier reconcile findings of this app that no longer hold resolve.
        let reconcileKinds: Set<ViolationKind> = [.orphanedAccount, .unmanagedAccount, .excessRole, .missingAccess]
        for v in sortedViolations where v.app == appId && v.status == .open && reconcileKinds.contains(v.kind) && !found.contains(v.id) {
            var r = v
            r.status = .resolved
            r.resolvedAt = time
            store(r)
        }
        var delta = EngineDelta()
        finish(&delta)
        return (ReconcileReport(app: appId, entries: entries, confirmed: confirmed), delta)
    }

    /// Marks the open actions of one account done when the export shows their effect.
    private mutating func confirm(user: String, app: String, account: ExportedAccount?, at time: Timestamp) -> [Action] {
        var done: [Action] = []
        for action in openActions(user: user, app: app) where action.status != .held {
            let effective: Bool
            switch action.type {
            case .deprovision: effective = account == nil
            case .suspend: effective = account?.status == .suspended || account == nil
            case .provision, .restore: effective = account?.status == .active && Set(action.roles ?? []).isSubset(of: account?.roles ?? [])
            case .grant: effective = account?.status == .active && (account?.roles.contains(action.role ?? "") ?? false)
            case .revoke: effective = account.map { !$0.roles.contains(action.role ?? "") } ?? true
            }
            guard effective else { continue }
            var a = action
            a.status = .done
            a.resolution = Resolution(source: "reconcile", at: time, message: "the account export shows it done")
            store(a)
            resolveViolations(ofAction: a.id, at: time)
            done.append(a)
        }
        return done
    }
}
