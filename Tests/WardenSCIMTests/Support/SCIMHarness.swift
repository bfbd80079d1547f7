import Synchronization
import Testing
import WardenEngine
import WardenPolicy
@testable import WardenSCIM

/// A SCIM service over an in-memory repository, with ids `id-1`, `id-2`, ... and a clock that
/// advances one second per request.
final class SCIMHarness: Sendable {
    static let baseURL = "https://warden.test/scim/v2"
    static let directory = "dir_1"
    static let start = Timestamp(iso8601: "2026-03-02T09:00:00Z")!

    let repository = InMemorySCIMRepository()
    let service: SCIMService
    private let clock = Mutex(SCIMHarness.start)

    init(maxBodyBytes: Int = 1 << 20, maxResults: Int = 200) {
        let ids = Mutex(0)
        service = SCIMService(repository: repository, configuration: .init(
            baseURL: Self.baseURL, maxResults: maxResults, maxBodyBytes: maxBodyBytes,
            makeId: { ids.withLock { $0 += 1; return "id-\($0)" } }))
    }

    /// The time the next request is received at.
    var now: Timestamp { clock.withLock { $0 } }

    /// Sends a request; `body` is JSON text. The clock moves one second afterwards.
    @discardableResult
    func send(_ method: String, _ path: String, query: [(String, String)] = [], headers: [(String, String)] = [],
              body: String? = nil, directory: String = SCIMHarness.directory) async throws -> Reply {
        let now = clock.withLock { t in
            defer { t = Timestamp(milliseconds: t.milliseconds + 1000) }
            return t
        }
        var headers = headers
        if body != nil, !headers.contains(where: { $0.0.lowercased() == "content-type" }) {
            headers.append(("Content-Type", "application/scim+json"))
        }
        let request = SCIMRequest(method: method, path: path, query: query.map { (name: $0.0, value: $0.1) },
                                  headers: headers.map { (name: $0.0, value: $0.1) }, body: Array((body ?? "").utf8),
                                  directoryId: directory, now: now)
        return try Reply(await service.handle(request))
    }

    /// POSTs a user and returns its id.
    @discardableResult
    func createUser(_ userName: String, extra: String = "") async throws -> String {
        let reply = try await send("POST", "/Users", body: #"{"userName":"\#(userName)"\#(extra)}"#)
        try #require(reply.status == 201, "\(reply.text)")
        return try #require(reply.json?["id"]?.stringValue)
    }

    /// POSTs a group with these members and returns its id.
    func createGroup(_ name: String, members: [String] = []) async throws -> String {
        let list = members.map { #"{"value":"\#($0)"}"# }.joined(separator: ",")
        let reply = try await send("POST", "/Groups", body: #"{"displayName":"\#(name)","members":[\#(list)]}"#)
        try #require(reply.status == 201, "\(reply.text)")
        return try #require(reply.json?["id"]?.stringValue)
    }

    func stored(_ type: SCIMResourceType, _ id: String) async -> SCIMResource? {
        await repository.resource(type, id: id, directoryId: Self.directory)
    }
}

/// A response with its body parsed.
struct Reply {
    var status: Int
    var headers: [(name: String, value: String)]
    var json: JSONValue?
    var text: String
    var changes: [DirectoryChange]
    var eventId: String?

    init(_ response: SCIMResponse) throws {
        status = response.status
        headers = response.headers
        text = String(decoding: response.body, as: UTF8.self)
        json = response.body.isEmpty ? nil : try JSONParser.parse(response.body)
        changes = response.changes
        eventId = response.eventId
    }

    func header(_ name: String) -> String? { headers.last { $0.name.lowercased() == name.lowercased() }?.value }

    /// The error body's `scimType` and `detail`.
    var scimType: String? { json?["scimType"]?.stringValue }
    var detail: String? { json?["detail"]?.stringValue }

    /// A ListResponse's resources.
    var resources: [JSONValue] { json?["Resources"]?.arrayItems ?? [] }
    var ids: [String] { resources.compactMap { $0["id"]?.stringValue } }
}

extension JSONValue {
    /// The value at a dotted path of exact keys; a numeric part indexes a list.
    func at(_ path: String) -> JSONValue? {
        var current: JSONValue? = self
        for part in path.split(separator: ".") {
            if let i = Int(part), case .array(let items)? = current {
                current = i < items.count ? items[i] : nil
            } else {
                current = current?[String(part)]
            }
        }
        return current
    }

    static func parse(_ text: String) -> JSONValue { try! JSONParser.parse(text) }
}

extension DirectoryChange {
    /// `upsertUser id-1`, `membership +id-1 id-2`, ...: a readable summary for assertions.
    var summary: String {
        switch self {
        case .upsertUser(let u): return "upsertUser \(u.id) \(u.state.rawValue)"
        case .deleteUser(let u): return "deleteUser \(u.id)"
        case .upsertGroup(let g): return "upsertGroup \(g.id) \(g.name)"
        case .deleteGroup(let g): return "deleteGroup \(g.id)"
        case let .membership(user, group, added, _): return "membership \(added ? "+" : "-")\(user.id) \(group.id)"
        case .deleteDirectory(let id, _): return "deleteDirectory \(id)"
        case .batch(let changes): return "batch \(changes.map(\.summary))"
        case .none(let reason): return "none \(reason)"
        }
    }

    var user: DirectoryUser? {
        switch self {
        case .upsertUser(let u), .deleteUser(let u): return u
        case .membership(let u, _, _, _): return u
        default: return nil
        }
    }
}
