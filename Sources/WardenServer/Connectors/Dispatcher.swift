public import AsyncHTTPClient
import Foundation
public import WardenEngine
public import WardenPolicy
import WardenStore

/// Carries out pending actions through their apps' connectors (SPEC §4.7): one lease per action,
/// so the CLI and the server never dispatch the same action; each attempt is recorded; success
/// acks `done` (source `connector`), a 4xx acks `failed` with the app's message, and a 5xx or
/// timeout is retried later with backoff while the deadline keeps running.
public struct Dispatcher: Sendable {
    let host: EngineHost
    let client: HTTPClient
    /// Who holds the leases (say, `cli-1234` or `server-5678`).
    let holder: String
    let environment: [String: String]
    let clock: @Sendable () -> Timestamp

    public init(host: EngineHost, client: HTTPClient, holder: String, environment: [String: String], clock: @escaping @Sendable () -> Timestamp) {
        self.host = host
        self.client = client
        self.holder = holder
        self.environment = environment
        self.clock = clock
    }

    /// What one pass did.
    public struct Summary: Sendable {
        public var done: [Action] = []
        public var failed: [(Action, String)] = []
        public var retrying: [(Action, String)] = []
        /// Dry run: what would be sent.
        public var planned: [Action] = []
    }

    /// Backoff before the n-th retry (1-based): 30s, 1m, 2m, … capped at 1h.
    static func backoff(_ n: Int) -> PolicyDuration { PolicyDuration(seconds: min(3600, 30 << min(max(0, n - 1), 7))) }

    func secret(env: String?, file: String?) throws -> String {
        try Secrets.read(env: env, file: file, environment: environment)
    }

    /// Dispatches every action that is due, for one app or all apps with a connector;
    /// `retryNow` also takes actions still waiting out a retry backoff.
    public func runOnce(app only: String? = nil, dryRun: Bool = false, retryNow: Bool = false) async throws -> Summary {
        let policies = await host.policies
        let apps = policies.applications.filter { $0.connector != nil && (only == nil || $0.id == only) }
        var summary = Summary()
        let due = try host.store.dispatchable(apps: apps.map(\.id), now: clock(), retryNow: retryNow)
        for action in due {
            guard let app = apps.first(where: { $0.id == action.app }), let connector = app.connector else { continue }
            if dryRun {
                summary.planned.append(action)
                continue
            }
            let now = clock()
            guard try host.store.claim(action: action.id, holder: holder, until: now + PolicyDuration(seconds: 300), now: now) else { continue }
            defer { try? host.store.release(action: action.id, holder: holder) }
            // Another worker may have finished it between the listing and the lease.
            guard let current = try host.store.action(id: action.id), current.status == .pending else { continue }
            let kind: String
            let result: ExecutionResult
            switch connector {
            case .scim(let c):
                kind = "scim"
                if let user = await host.user(action.user.id) {
                    do {
                        result = await SCIMAppClient(config: c, token: try secret(env: c.tokenEnv, file: c.tokenFile), client: client)
                            .execute(action, user: user)
                    } catch {
                        result = .retry(status: nil, message: "\(error)")
                    }
                } else {
                    result = .failed(status: nil, message: "the user is not in the directory")
                }
            case .webhook(let w):
                kind = "webhook"
                do {
                    result = await WebhookExecutor(url: w.url, secret: try secret(env: w.secretEnv, file: w.secretFile), client: client, clock: clock)
                        .execute(action)
                } catch {
                    result = .retry(status: nil, message: "\(error)")
                }
            }
            try await record(action, result, connector: kind, into: &summary)
        }
        return summary
    }

    private func record(_ action: Action, _ result: ExecutionResult, connector: String, into summary: inout Summary) async throws {
        let now = clock()
        switch result {
        case .done(let status, let message):
            try host.store.record(attempts: [DispatchAttempt(actionId: action.id, at: now, connector: connector, outcome: "done", status: status,
                                                            message: message, retryAt: nil)], at: now)
            let note = message.map { "\($0) (\(connector) connector)" } ?? "carried out by the \(connector) connector"
            let (acked, _) = try await host.acknowledge(action.id, success: true, message: note, source: "connector")
            summary.done.append(acked ?? action)
        case .failed(let status, let message):
            try host.store.record(attempts: [DispatchAttempt(actionId: action.id, at: now, connector: connector, outcome: "failed", status: status,
                                                            message: message, retryAt: nil)], at: now)
            _ = try await host.acknowledge(action.id, success: false, message: message, source: "connector")
            summary.failed.append((action, message))
        case .retry(let status, let message):
            let previous = try host.store.attempts(action: action.id).filter { $0.outcome == "retry" }.count
            try host.store.record(attempts: [DispatchAttempt(actionId: action.id, at: now, connector: connector, outcome: "retry", status: status,
                                                            message: message, retryAt: now + Self.backoff(previous + 1))], at: now)
            summary.retrying.append((action, message))
        }
    }
}

extension Dispatcher: CustomStringConvertible {
    /// Without the environment it reads secrets from: ServiceLifecycle logs its services at debug level.
    public var description: String { "Dispatcher(holder: \(holder))" }
}

/// Reading an app's accounts live through its SCIM connector (`warden reconcile --app A`).
public enum LiveAccounts {
    public static func read(_ app: Application, directory: [DirectoryUser], client: HTTPClient,
                            environment: [String: String]) async throws -> [ExportedAccount] {
        guard case .scim(let c)? = app.connector else {
            throw ConnectorError("application `\(app.id)` has no SCIM connector to read accounts from; give an export file")
        }
        let token = try Secrets.read(env: c.tokenEnv, file: c.tokenFile, environment: environment)
        return try await SCIMAppClient(config: c, token: token, client: client).accounts(directory: directory)
    }
}

/// Secrets named by connectors: only from the environment or a file, never from the policy.
enum Secrets {
    static func read(env: String?, file: String?, environment: [String: String]) throws -> String {
        if let env {
            guard let v = environment[env], !v.isEmpty else { throw ConnectorError("environment variable `\(env)` is not set") }
            return v
        }
        if let file {
            guard let data = FileManager.default.contents(atPath: file), let v = String(data: data, encoding: .utf8)?.trimmingSpaces(), !v.isEmpty else {
                throw ConnectorError("cannot read the secret file `\(file)`")
            }
            return v
        }
        throw ConnectorError("the connector names no secret")
    }
}
