import Hummingbird
import HTTPTypes
import Logging
import NIOCore
import WardenIngest
import WardenPolicy
import WardenRuntime

/// `POST /webhooks/workos`: verify the signature on the raw bytes, apply, answer after commit.
struct WebhookRoutes {
    let host: EngineHost
    let config: ServerConfig
    let clock: @Sendable () -> Timestamp

    static let signature = HTTPField.Name("WorkOS-Signature")!

    func add(to router: Router<BasicRequestContext>) {
        router.post("/webhooks/workos") { request, context in
            try await handle(request, context)
        }
    }

    func handle(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        guard let secret = config.webhookSecret else {
            return Reply.error(.serviceUnavailable, "not_configured", "no webhook secret is configured; set WARDEN_WORKOS_WEBHOOK_SECRET")
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: config.maxWebhookBytes)
        } catch {
            return Reply.error(.contentTooLarge, "too_large", "the body is larger than \(config.maxWebhookBytes) bytes")
        }
        let bytes = Array(buffer: body)
        do {
            try WebhookSignature.verify(header: request.headers[Self.signature], body: bytes, secret: secret, now: clock())
        } catch {
            ServerMetrics.webhookFailure(error.rawValue)
            context.logger.notice("webhook refused", metadata: ["reason": "\(error.rawValue)"])
            return Reply.error(.unauthorized, "bad_signature", "the WorkOS-Signature header does not verify (\(error.rawValue))")
        }
        let input = InputEvent(parsing: bytes)
        let (outcome, actions) = try await host.ingestWebhook(input)
        let type: String
        if case .rejected = outcome { type = "malformed" } else { type = (try? input.json.get())?["event"]?.stringValue ?? "unknown" }
        switch outcome {
        case .rejected(let e):
            ServerMetrics.event(type: type, outcome: "rejected")
            return Reply.error(.badRequest, e.code, e.message, field: e.field)
        case .applied(let id), .duplicate(let id), .stale(let id), .ignored(let id, _):
            let name: String
            switch outcome {
            case .applied: name = "applied"
            case .duplicate: name = "duplicate"
            case .stale: name = "stale"
            default: name = "ignored"
            }
            ServerMetrics.event(type: type, outcome: name)
            context.logger.info("webhook event", metadata: ["event": "\(id)", "outcome": "\(name)", "actions": "\(actions.count)"])
            return Reply.json(.object([("status", .string(name)), ("event", .string(id)),
                                       ("actions", .array(actions.map { .string($0.id) }))]))
        }
    }
}
