import Hummingbird
import NIOCore
import WardenEngine
import WardenPolicy
import WardenReports
import WardenStore

/// The executor and findings API under `/api/v1`, and owner reports under `/reports`.
struct APIRoutes {
    let host: EngineHost
    let config: ServerConfig
    let clock: @Sendable () -> Timestamp

    func add(to router: Router<BasicRequestContext>) {
        router.get("/api/v1/actions") { request, _ in try await guarded(request) { try actions(request) } }
        router.post("/api/v1/actions/:id/ack") { request, context in
            try await guarded(request) { try await ack(request, id: context.parameters.get("id") ?? "") }
        }
        router.get("/api/v1/violations") { request, _ in try await guarded(request) { try violations(request) } }
        router.get("/api/v1/users/:id/explain") { request, context in
            try await guarded(request) { await explain(context.parameters.get("id") ?? "", app: request.uri.queryParameters.get("app")) }
        }
        router.get("/reports/:owner") { request, context in
            try await guarded(request) { try await report(context.parameters.get("owner") ?? "") }
        }
    }

    /// The owner's HTML report (open violations, and those escalated to them).
    private func report(_ owner: String) async throws -> Response {
        let policies = await host.policies
        let open = try host.store.violations(ViolationQuery(statuses: [.open]))
        let reports = OwnerReports.build(violations: open, policies: policies, at: clock(), owner: owner,
                                         lastNotified: try host.store.lastDelivered())
        guard let report = reports.first(where: { $0.owner.id == owner }) else {
            return Reply.error(.notFound, "unknown_owner", "no owner `\(owner)`")
        }
        return Reply.bytes(Array(HTMLReport.render(report).utf8), contentType: "text/html; charset=utf-8")
    }

    private func guarded(_ request: Request, _ body: () async throws -> Response) async throws -> Response {
        if let refusal = Reply.unauthorized(request, tokens: config.apiTokens, realm: "warden-api") { return refusal }
        return try await body()
    }

    private func actions(_ request: Request) throws -> Response {
        let q = request.uri.queryParameters
        var statuses: [ActionStatus] = []
        for s in q.getAll("status") {
            for part in s.split(separator: ",") {
                guard let status = ActionStatus(rawValue: String(part)) else {
                    return Reply.error(.badRequest, "invalid_query", "unknown status `\(part)`", field: "status")
                }
                statuses.append(status)
            }
        }
        let limit = q.get("limit").flatMap { Int($0) } ?? 100
        guard (1...1000).contains(limit) else { return Reply.error(.badRequest, "invalid_query", "limit must be 1 to 1000", field: "limit") }
        let list = try host.store.actions(ActionQuery(statuses: statuses, app: q.get("app"), user: q.get("user"), after: q.get("after"), limit: limit))
        let next: JSONValue = list.count == limit ? (list.last.map { .string($0.id) } ?? .null) : .null
        return Reply.json(.object([("data", .array(list.map(\.json))), ("next_after", next)]))
    }

    private func ack(_ request: Request, id: String) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: config.maxAPIBytes)
        } catch {
            return Reply.error(.contentTooLarge, "too_large", "the body is larger than \(config.maxAPIBytes) bytes")
        }
        var success = true
        var message: String?
        if body.readableBytes > 0 {
            guard let json = try? JSONParser.parse(Array(buffer: body)), case .object = json else {
                return Reply.error(.badRequest, "invalid_body", "the body must be a JSON object like {\"status\":\"done\"}")
            }
            switch json["status"] {
            case nil, .null?, .string("done")?: success = true
            case .string("failed")?: success = false
            case let other?:
                let shown = other.stringValue.map { "`\($0.prefix(40))`" } ?? other.kindName
                return Reply.error(.badRequest, "invalid_body", "status must be `done` or `failed`, not \(shown)", field: "status")
            }
            switch json["message"] {
            case nil, .null?: message = nil
            case .string(let text)?: message = text
            case let other?: return Reply.error(.badRequest, "invalid_body", "message must be a string, not \(other.kindName)", field: "message")
            }
        }
        let (action, error) = try await host.acknowledge(id, success: success, message: message)
        if let error {
            return Reply.error(error.code == "unknown_action" ? .notFound : .conflict, error.code, error.message)
        }
        guard let action else { return Reply.error(.notFound, "unknown_action", "no action `\(id)`") }
        if action.status == .done { ServerMetrics.propagationLag((clock() - action.createdAt).seconds) }
        return Reply.json(action.json)
    }

    private func violations(_ request: Request) throws -> Response {
        let q = request.uri.queryParameters
        var statuses: [ViolationStatus] = []
        if let s = q.get("status") {
            guard let status = ViolationStatus(rawValue: s) else { return Reply.error(.badRequest, "invalid_query", "unknown status `\(s)`", field: "status") }
            statuses.append(status)
        }
        let list = try host.store.violations(ViolationQuery(statuses: statuses, owner: q.get("owner"), app: q.get("app")))
        return Reply.json(.object([("data", .array(list.map(\.json)))]))
    }

    private func explain(_ user: String, app: String?) async -> Response {
        guard let e = await host.explain(user: user, app: app) else { return Reply.error(.notFound, "unknown_user", "no user `\(user)`") }
        let open = (try? host.store.violations(ViolationQuery(statuses: [.open]))) ?? []
        return Reply.json(e.json(violations: open.filter { $0.user?.id == e.user.id }))
    }
}
