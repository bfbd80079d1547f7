import WardenEngine
import WardenPolicy

/// The SCIM 2.0 service provider (RFC 7644) behind `/scim/v2`, independent of any HTTP
/// framework: a request in, a response and the resulting directory changes out. Authentication
/// is the caller's job: it maps the bearer token to `SCIMRequest.directoryId` (and answers 401
/// itself).
public struct SCIMService: Sendable {
    public struct Configuration: Sendable {
        /// The public root of the service, without a trailing `/`: `https://host/scim/v2`.
        public var baseURL: String
        /// The most resources one list response holds (`filter.maxResults`).
        public var maxResults: Int
        /// Larger request bodies get 413.
        public var maxBodyBytes: Int
        /// A new, unique resource id (the runtime owns id generation).
        public var makeId: @Sendable () -> String

        public init(baseURL: String, maxResults: Int = 200, maxBodyBytes: Int = 1 << 20, makeId: @escaping @Sendable () -> String) {
            self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            self.maxResults = maxResults
            self.maxBodyBytes = maxBodyBytes
            self.makeId = makeId
        }
    }

    public let repository: any SCIMRepository
    public let configuration: Configuration

    public init(repository: any SCIMRepository, configuration: Configuration) {
        self.repository = repository
        self.configuration = configuration
    }

    /// How many times a write is retried when another request changed the resource meanwhile.
    static let attempts = 3

    /// Answers one request. SCIM errors become error responses; errors the repository throws
    /// other than `SCIMRepositoryError` are rethrown for the server to log and answer 500.
    public func handle(_ request: SCIMRequest) async throws -> SCIMResponse {
        let route = SCIMRoute(path: request.path)
        let method = request.method.uppercased()
        var attempt = 1
        while true {
            do {
                return try await perform(route, method, request)
            } catch let error as SCIMError {
                return SCIMResponse(error: error)
            } catch SCIMRepositoryError.userNameTaken {
                return SCIMResponse(error: Self.userNameTaken)
            } catch SCIMRepositoryError.conflict where attempt < Self.attempts {
                attempt += 1
            } catch SCIMRepositoryError.conflict {
                return SCIMResponse(error: SCIMError(409, nil, "the resource kept changing while this request was applied; retry"))
            }
        }
    }

    static let userNameTaken = SCIMError(409, .uniqueness, "another user in this directory already has this `userName`")

    private func perform(_ route: SCIMRoute, _ method: String, _ request: SCIMRequest) async throws -> SCIMResponse {
        switch (route, method) {
        case (.unknown, _):
            throw SCIMError(404, nil, "no SCIM endpoint at `\(request.path.prefix(200))`")
        case (.notImplemented(let name), _):
            throw SCIMError(501, nil, "`/\(name)` is not supported")
        case _ where !route.methods.contains(method):
            let allowed = route.methods.joined(separator: ", ")
            return SCIMResponse(error: SCIMError(405, nil, "\(method.prefix(20)) is not allowed here; use \(allowed)"),
                                headers: [("Allow", allowed)])
        case (.serviceProviderConfig, _):
            return SCIMResponse(status: 200, json: SCIMDiscovery.serviceProviderConfig(baseURL: configuration.baseURL,
                                                                                        maxResults: configuration.maxResults))
        case (.resourceTypes(let id), _):
            return try discovery(id, all: SCIMResourceType.allCases.map { ($0.rawValue, $0.json(baseURL: configuration.baseURL)) },
                                 kind: "resource type")
        case (.schemas(let id), _):
            return try discovery(id, all: SCIMDiscovery.schemas.map { ($0.id, $0.json(baseURL: configuration.baseURL)) }, kind: "schema")
        case (.collection(let type), "GET"):
            return try await list([type], ListParameters(query: request, maxResults: configuration.maxResults), request)
        case (.collection(let type), _):
            return try await create(type, request)
        case (.search(let type), _):
            let parameters = try ListParameters(search: body(request), request: request, maxResults: configuration.maxResults)
            return try await list(type.map { [$0] } ?? SCIMResourceType.allCases, parameters, request)
        case let (.resource(type, id), "GET"):
            return try await read(type, id, request)
        case let (.resource(type, id), "PUT"):
            return try await replace(type, id, request)
        case let (.resource(type, id), "PATCH"):
            return try await patch(type, id, request)
        case let (.resource(type, id), _):
            return try await delete(type, id, request)
        }
    }

    /// `/ResourceTypes` or `/Schemas`: the list, or the entry named `id` (404 when unknown).
    private func discovery(_ id: String?, all: [(String, JSONValue)], kind: String) throws(SCIMError) -> SCIMResponse {
        guard let id else { return SCIMResponse(status: 200, json: SCIMDiscovery.list(all.map(\.1))) }
        guard let entry = all.first(where: { sameName($0.0, id) }) else {
            throw SCIMError(404, nil, "unknown \(kind) `\(id.prefix(200))`")
        }
        return SCIMResponse(status: 200, json: entry.1)
    }

    /// The request body as JSON: size limit (413), media type (415), then syntax (400
    /// `invalidSyntax` saying where).
    func body(_ request: SCIMRequest) throws(SCIMError) -> JSONValue {
        guard request.body.count <= configuration.maxBodyBytes else {
            throw SCIMError(413, nil, "the request body is larger than \(configuration.maxBodyBytes) bytes")
        }
        if let contentType = request.header("Content-Type") {
            let media = Substring(contentType.split(separator: ";", omittingEmptySubsequences: false)[0]).trimmingSpaces
            guard sameName(String(media), "application/scim+json") || sameName(String(media), "application/json") else {
                throw SCIMError(415, nil, "send `application/scim+json` or `application/json`, not `\(media.prefix(60))`")
            }
        }
        guard request.body.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else {
            throw SCIMError(400, .invalidSyntax, "the request body is empty")
        }
        do {
            return try JSONParser.parse(request.body, limits: JSONParser.Limits(maxDepth: 32))
        } catch {
            throw SCIMError(400, .invalidSyntax, "malformed JSON at line \(error.line), column \(error.column): \(error.message)")
        }
    }

    /// 412 unless `If-Match` (when present) names the resource's current version.
    func checkIfMatch(_ request: SCIMRequest, _ resource: SCIMResource) throws(SCIMError) {
        guard let header = request.header("If-Match"), !EntityTag.header(header, matches: resource.version) else { return }
        throw SCIMError(412, nil, "the resource has changed; its version is now \(resource.version)")
    }

    /// The stored resource, or 404.
    func existing(_ type: SCIMResourceType, _ id: String, _ request: SCIMRequest) async throws -> SCIMResource {
        guard let resource = try await repository.resource(type, id: id, directoryId: request.directoryId) else {
            throw SCIMError(404, nil, "\(type.rawValue) `\(id.prefix(200))` not found")
        }
        return resource
    }

    /// A single resource: full representation, `ETag`, the selection when given; with changes,
    /// the revision's `eventId`.
    func resourceResponse(_ resource: SCIMResource, status: Int, selection: AttributeSelection?, request: SCIMRequest,
                          changes: [DirectoryChange] = []) async throws -> SCIMResponse {
        var json = try await render(resource, selection: selection, request: request)
        if let selection { json = selection.apply(json, type: resource.type) }
        var headers: [(name: String, value: String)] = [("ETag", resource.version)]
        if status == 201 { headers.append(("Location", resource.location(baseURL: configuration.baseURL))) }
        return SCIMResponse(status: status, json: json, headers: headers, changes: changes, eventId: changes.isEmpty ? nil : resource.eventId)
    }

    /// The full representation, with a user's groups unless the selection leaves them out.
    func render(_ resource: SCIMResource, selection: AttributeSelection?, request: SCIMRequest) async throws -> JSONValue {
        var groups: [SCIMResource] = []
        if resource.type == .user, !(selection?.omits("groups", for: .user) ?? false) {
            groups = try await repository.groups(withMember: resource.id, directoryId: request.directoryId)
        }
        return resource.json(baseURL: configuration.baseURL, groups: groups)
    }
}
