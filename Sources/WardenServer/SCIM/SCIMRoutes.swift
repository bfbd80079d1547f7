import Hummingbird
import HTTPTypes
import Logging
import NIOCore
import WardenPolicy
import WardenSCIM

/// `/scim/v2/...`: the SCIM 2.0 service provider (SPEC §3.2) that Okta and Entra ID provision
/// into. The bearer token picks the directory (`ServerConfig.scimTokens`); the request is then
/// answered by `SCIMService` over the SQLite repository, after its writes are committed.
struct SCIMRoutes {
    let host: EngineHost
    let config: ServerConfig
    let clock: @Sendable () -> Timestamp
    /// A fresh resource id.
    let makeId: @Sendable () -> String

    static let prefix = "/scim/v2"

    func add(to router: Router<BasicRequestContext>) {
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] {
            for path in [Self.prefix, Self.prefix + "/**"] {
                router.on(RouterPath(path), method: method) { request, context in try await handle(request, context) }
            }
        }
    }

    func handle(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let now = clock()
        guard !config.scimTokens.isEmpty else {
            return Self.reply(SCIMResponse(error: SCIMError(503, nil, "no SCIM token is configured; set WARDEN_SCIM_TOKEN or WARDEN_SCIM_TOKENS_FILE")))
        }
        let header = request.headers[.authorization] ?? ""
        guard hasBearerPrefix(header), let directoryId = config.scimTokens.label(for: String(header.dropFirst(7))) else {
            var refusal = Self.reply(SCIMResponse(error: SCIMError(401, nil, "a valid bearer token is required")))
            refusal.headers[.wwwAuthenticate] = "Bearer realm=\"warden-scim\""
            return refusal
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: config.maxSCIMBytes)
        } catch {
            return Self.reply(SCIMResponse(error: SCIMError(413, nil, "the request body is larger than \(config.maxSCIMBytes) bytes")))
        }
        let scimRequest = SCIMRequest(
            method: request.method.rawValue, path: String(request.uri.path.dropFirst(Self.prefix.count)),
            query: SCIMRequest.queryItems(request.uri.query ?? ""),
            headers: request.headers.map { (name: $0.name.canonicalName, value: $0.value) },
            body: Array(buffer: body), directoryId: directoryId, now: now)
        let service = SCIMService(repository: SQLiteSCIMRepository(host: host, receivedAt: now), configuration: .init(
            baseURL: baseURL(request), maxBodyBytes: config.maxSCIMBytes, makeId: makeId))
        let response = try await service.handle(scimRequest)
        // Paths (resource ids) and statuses only: bodies and query strings (names, emails, filters) stay out.
        context.logger.info("scim request", metadata: [
            "method": "\(request.method.rawValue)", "path": "\(scimRequest.path.prefix(200))", "status": "\(response.status)",
            "directory": "\(directoryId)",
            "changes": "\(response.changes.count)",
        ])
        return Self.reply(response)
    }

    /// `WARDEN_SCIM_BASE_URL`, else `http://` and the request's host.
    private func baseURL(_ request: Request) -> String {
        if let configured = config.scimBaseURL { return configured }
        return "http://\(request.head.authority ?? "\(config.host):\(config.port)")\(Self.prefix)"
    }

    /// `Bearer ` with the scheme in any case (RFC 6750 §2.1, RFC 7235 §2.1).
    private func hasBearerPrefix(_ header: String) -> Bool {
        header.utf8.count > 7 && header.prefix(7).lowercased() == "bearer "
    }

    static func reply(_ response: SCIMResponse) -> Response {
        var headers = HTTPFields()
        for (name, value) in response.headers {
            if let field = HTTPField.Name(name) { headers.append(HTTPField(name: field, value: value)) }
        }
        return Response(status: HTTPResponse.Status(code: response.status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: response.body)))
    }
}
