import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import WardenPolicy
import WardenServer

/// `warden serve`: webhooks, executor API, metrics and background checks (SPEC §7).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the server: WorkOS webhooks and Events API, executor API, reports, metrics, deadline checks.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one; the port is printed).")
    var port = 8080

    @Option(name: .customLong("config"), help: "A YAML file with the WARDEN_* keys (the environment wins over it).")
    var configFile: String?

    func run() async throws {
        var config = try ServeSetup.config(configFile)
        config.host = host
        config.port = port
        config.databasePath = global.databasePath
        config.policyFolder = global.policyFolder
        let policies = try PolicyLoading.loadValid(global)
        var logger = Logger(label: "warden")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        for (route, ok) in [("webhooks (WARDEN_WORKOS_WEBHOOK_SECRET)", config.webhookSecret != nil), ("api (WARDEN_API_TOKEN)", !config.apiTokens.isEmpty),
                          ("scim (WARDEN_SCIM_TOKEN or WARDEN_SCIM_TOKENS_FILE)", !config.scimTokens.isEmpty)] where !ok {
            logger.warning("route answers 503 until configured", metadata: ["route": "\(route)"])
        }
        let listen = config.host
        let app = try await buildApplication(config: config, policies: policies, logger: logger, clock: Clock.now) { port in
            Output.error("warden listening on \(listen):\(port)")
        }
        try await app.runService()
    }
}

/// `warden sync [--follow]`: pull the WorkOS Events API from the stored cursor.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Pull WorkOS events from the Events API, from the stored cursor (needs WARDEN_WORKOS_API_KEY).")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Keep polling.")
    var follow = false

    @Option(name: .customLong("config"), help: "A YAML file with the WARDEN_* keys.")
    var configFile: String?

    func run() async throws {
        let config = try ServeSetup.config(configFile)
        guard let key = config.workosAPIKey else {
            Output.error("error: set WARDEN_WORKOS_API_KEY (or WARDEN_WORKOS_API_KEY_FILE) to pull the Events API")
            throw Exit.failure
        }
        let policies = try PolicyLoading.loadValid(global)
        let host = try storeCall { try EngineHost(databasePath: global.databasePath, policies: policies, clock: Clock.now) }
        var logger = Logger(label: "warden")
        logger.logLevel = .notice
        let poller = EventsPoller(host: host, baseURL: config.workosBaseURL, apiKey: key, rangeStart: config.workosRangeStart,
                                  interval: config.pollInterval, logger: logger, client: .shared)
        repeat {
            do {
                let applied = try await poller.drain()
                Output.error("synced: \(applied) events applied; cursor \(try host.store.cursor(EventsPoller.cursorName) ?? "none")")
            } catch {
                Output.error("error: \(error)")
                if !follow { throw Exit.failure }
            }
            if follow { try await Task.sleep(for: config.pollInterval) }
        } while follow
    }
}

/// Reading the server configuration for commands.
enum ServeSetup {
    static func config(_ file: String?) throws -> ServerConfig {
        do {
            var values: [String: String] = [:]
            if let file {
                guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                    throw ConfigError("cannot read `\(file)`")
                }
                values = try ServerConfig.parseFile(text)
            }
            return try ServerConfig.load(environment: ProcessInfo.processInfo.environment, file: values)
        } catch {
            Output.error("error: configuration: \(error)")
            throw Exit.failure
        }
    }
}
