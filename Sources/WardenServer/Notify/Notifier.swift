public import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import WardenIngest
public import WardenPolicy
public import WardenReports
public import WardenStore

/// Delivers owners' JSON reports to their `notify.webhook`, signed like WorkOS signs
/// (`Warden-Signature: t=<ms>, v1=<hex HMAC-SHA256 of "t.body">`), re-signed on every attempt,
/// retrying 5xx, timeouts and connection errors with exponential backoff (SPEC §4.4).
public struct Notifier: Sendable {
    public let client: HTTPClient
    public let secret: String
    public var retries = 3
    public var firstDelay: Duration = .seconds(1)
    public var timeout: Duration = .seconds(10)
    public let clock: @Sendable () -> Timestamp

    public init(client: HTTPClient, secret: String, clock: @escaping @Sendable () -> Timestamp) {
        self.client = client
        self.secret = secret
        self.clock = clock
    }

    /// Posts one report; returns every attempt, the last one `delivered` or `failed`.
    public func deliver(_ report: OwnerReport, to url: String) async -> [DeliveryRecord] {
        let body = Array(JSONReport.render(report).utf8)
        let digest = Hex.encode(SHA256.hash(data: body))
        var attempts: [DeliveryRecord] = []
        var delay = firstDelay
        for attempt in 1...(retries + 1) {
            let now = clock()
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "warden-notify/1")
            request.headers.add(name: "Warden-Signature", value: WebhookSignature.header(body: body, secret: secret, at: now))
            request.body = .bytes(ByteBuffer(bytes: body))
            var status: Int?
            var message: String?
            do {
                let (seconds, attoseconds) = timeout.components
                let response = try await client.execute(request, timeout: .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
                status = Int(response.status.code)
                _ = try? await response.body.collect(upTo: 64 << 10)
            } catch {
                message = "\(error)"
            }
            let retryable = status.map { $0 >= 500 } ?? true
            let delivered = status.map { (200..<300).contains($0) } ?? false
            let last = attempt == retries + 1
            let outcome = delivered ? "delivered" : (retryable && !last ? "retrying" : "failed")
            attempts.append(DeliveryRecord(owner: report.owner.id, url: url, at: now, attempt: attempt, status: status,
                                           outcome: outcome, message: message, reportSHA256: digest))
            if outcome != "retrying" { break }
            try? await Task.sleep(for: delay)
            delay = delay * 2
        }
        return attempts
    }
}
