public import AsyncHTTPClient
import Foundation
public import Logging
import NIOCore
import NIOHTTP1
public import ServiceLifecycle
import WardenIngest
import WardenPolicy
import WardenRuntime

/// Pages the WorkOS Events API forward from the stored cursor (reference: workos-dsync.md §6):
/// each page is applied with its new cursor in one transaction; 429 and 5xx back off, honouring
/// `Retry-After`; without a cursor it starts at `range_start` when configured.
public struct EventsPoller: Service {
    public static let cursorName = "workos_events"
    let host: EngineHost
    let baseURL: String
    let apiKey: String
    let rangeStart: String?
    let interval: Duration
    let logger: Logger
    let client: HTTPClient

    public init(host: EngineHost, baseURL: String, apiKey: String, rangeStart: String?, interval: Duration, logger: Logger, client: HTTPClient) {
        self.host = host
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.rangeStart = rangeStart
        self.interval = interval
        self.logger = logger
        self.client = client
    }

    /// Polls every `interval` until graceful shutdown.
    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    _ = try await drain()
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("events poll failed", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }

    /// Fetches and applies pages until the stream is exhausted; returns how many events were applied.
    public func drain(maxPages: Int = .max) async throws -> Int {
        var applied = 0
        var pages = 0
        while pages < maxPages, !Task.isCancelled {
            let cursor = try host.store.cursor(Self.cursorName)
            let page = try await fetch(after: cursor)
            pages += 1
            guard !page.events.isEmpty else { return applied }
            let next = page.after ?? page.events.last.flatMap { (try? $0.json.get())?["id"]?.stringValue } ?? cursor ?? ""
            let summary = try await host.ingestPage(page.events, cursor: (Self.cursorName, next), source: "events_api")
            applied += summary.applied
            logger.info("events page applied", metadata: ["events": "\(page.events.count)", "applied": "\(summary.applied)",
                                                          "duplicates": "\(summary.duplicates)", "cursor": "\(next)"])
            if page.after == nil { return applied }
        }
        return applied
    }

    struct Page {
        var events: [InputEvent]
        var after: String?
    }

    func fetch(after cursor: String?) async throws -> Page {
        var query = "events=" + WorkOSEvent.knownTypes.joined(separator: ",") + "&limit=100&order=asc"
        if let cursor { query += "&after=" + escape(cursor) } else if let rangeStart { query += "&range_start=" + escape(rangeStart) }
        var attempt = 0
        while true {
            var request = HTTPClientRequest(url: "\(baseURL)/events?\(query)")
            request.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
            request.headers.add(name: "Accept", value: "application/json")
            let response = try await client.execute(request, timeout: .seconds(30))
            let body = try await response.body.collect(upTo: 16 << 20)
            let status = response.status.code
            if status == 429 || status >= 500 {
                attempt += 1
                let retryAfter = response.headers.first(name: "Retry-After").flatMap { Int64($0) }
                let wait = min(retryAfter ?? Int64(1 << min(attempt, 6)), 60)
                logger.notice("events API asked to back off", metadata: ["status": "\(status)", "seconds": "\(wait)"])
                try await Task.sleep(for: .seconds(wait))
                continue
            }
            guard status == 200 else { throw PollError("events API answered \(status)") }
            let json: JSONValue
            do {
                json = try JSONParser.parse(Array(buffer: body), limits: .init(maxDepth: 70, maxStringBytes: 1 << 20))
            } catch {
                throw PollError("events API page is not JSON: \(error)")
            }
            guard case .array(let items)? = json["data"] else { throw PollError("events API page has no `data` list") }
            let events = items.enumerated().map { i, e in InputEvent(line: i + 1, bytes: e.compactBytes, json: .success(e)) }
            return Page(events: events, after: json["list_metadata"]?["after"]?.stringValue)
        }
    }

    private func escape(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~"))) ?? s }
}

struct PollError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension EventsPoller: CustomStringConvertible {
    /// Without the API key: ServiceLifecycle logs its services at debug level.
    public var description: String { "EventsPoller(baseURL: \(baseURL), every \(interval))" }
}
