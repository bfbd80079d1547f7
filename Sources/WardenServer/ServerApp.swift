public import AsyncHTTPClient
public import Hummingbird
import HummingbirdCore
public import Logging
import Foundation
import NIOCore
import ServiceLifecycle
public import WardenPolicy

/// Builds the server: routes (`makeSCIMId` names new SCIM resources; random UUIDs by default), and the background services (deadline check, SIGHUP reload, and the
/// Events API poller when an API key is configured). Callable from tests.
public func buildApplication(config: ServerConfig, policies: PolicySet, logger: Logger,
                             clock: @escaping @Sendable () -> Timestamp, httpClient: HTTPClient = .shared,
                             onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in },
                             makeSCIMId: (@Sendable () -> String)? = nil) async throws -> some ApplicationProtocol {
    let host = try EngineHost(databasePath: config.databasePath, policies: policies, clock: clock)
    let router = buildRouter(host: host, config: config, clock: clock, makeSCIMId: makeSCIMId ?? { UUID().uuidString.lowercased() })
    var services: [any Service] = [
        // `check` semantics (deadlines, expiries, escalation) every `checkInterval`.
        PeriodicService(name: "deadline check", interval: config.checkInterval, logger: logger) {
            let delta = try await host.check()
            if delta.violations.isEmpty && delta.actions.isEmpty { return nil }
            return ["violations": "\(delta.violations.count)", "actions": "\(delta.actions.count)"]
        },
        ReloadService(host: host, folder: config.policyFolder, logger: logger),
    ]
    if policies.applications.contains(where: { $0.connector != nil }) {
        let dispatcher = Dispatcher(host: host, client: httpClient, holder: "server-\(ProcessInfo.processInfo.processIdentifier)",
                                    environment: ProcessInfo.processInfo.environment, clock: clock)
        services.append(PeriodicService(name: "dispatch", interval: config.dispatchInterval, logger: logger) {
            let s = try await dispatcher.runOnce()
            if s.done.isEmpty && s.failed.isEmpty && s.retrying.isEmpty { return nil }
            return ["done": "\(s.done.count)", "failed": "\(s.failed.count)", "retrying": "\(s.retrying.count)"]
        })
    }
    if let key = config.workosAPIKey {
        services.append(EventsPoller(host: host, baseURL: config.workosBaseURL, apiKey: key, rangeStart: config.workosRangeStart,
                                     interval: config.pollInterval, logger: logger, client: httpClient))
    }
    return Application(router: router, server: .http1(configuration: http1Configuration(config)), configuration: .init(address: .hostname(config.host, port: config.port), serverName: "warden"),
                       services: services, onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? config.port) },
                       logger: logger)
}

/// HTTP/1.1 with Warden's limits on request heads and slow clients.
private func http1Configuration(_ config: ServerConfig) -> HTTP1Channel.Configuration {
    let head = TimeAmount(config.headTimeout), body = TimeAmount(config.bodyTimeout)
    return HTTP1Channel.Configuration(
        additionalChannelHandlers: [ConnectionGuard(headTimeout: head, bodyTimeout: body)],
        idleTimeout: nil,
        httpDecoderConfiguration: .init(maxHeaderFieldSize: config.maxHeaderBytes, maxHeaderListSize: config.maxHeaderBytes,
                                        maxHeaderFieldCount: config.maxHeaderFields))
}
