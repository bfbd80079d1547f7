import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import WardenEngine
import WardenPolicy

/// Warden as a SCIM 2.0 client of an application (SPEC §4.7): finds the app's user by the
/// connector's `match` attribute and carries out actions with POST, PATCH and DELETE.
struct SCIMAppClient {
    let config: Connector.SCIMConnector
    let token: String
    let client: HTTPClient
    var timeout: TimeAmount = .seconds(15)

    static let userSchema = "urn:ietf:params:scim:schemas:core:2.0:User"
    static let patchSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

    struct Answer {
        var status: Int
        var json: JSONValue?
        /// The SCIM error detail, or a short excerpt of the body.
        var message: String
    }

    func call(_ method: HTTPMethod, _ path: String, body: JSONValue? = nil) async throws -> Answer {
        let base = config.baseURL.hasSuffix("/") ? String(config.baseURL.dropLast()) : config.baseURL
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Accept", value: "application/scim+json")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/scim+json")
            request.body = .bytes(ByteBuffer(bytes: body.compactBytes))
        }
        let response = try await client.execute(request, timeout: timeout)
        let bytes = Array(buffer: try await response.body.collect(upTo: 8 << 20))
        let json = bytes.isEmpty ? nil : try? JSONParser.parse(bytes)
        let message = json?["detail"]?.stringValue ?? String(decoding: bytes.prefix(200), as: UTF8.self)
        return Answer(status: Int(response.status.code), json: json, message: message)
    }

    /// The `userName` Warden gives the user's account: the directory attribute `user_name` in
    /// `match: userName` mode (else the email), the email otherwise; the directory id without either.
    func userName(_ user: DirectoryUser) -> String {
        (config.match == .userName ? user.attributes["user_name"] : nil) ?? user.email ?? user.id
    }

    /// The SCIM filters that find the user's account, tried in order: `userName`, then for
    /// `match: email` the account's `emails` (as the live listing reads it).
    func matchFilters(_ user: DirectoryUser) -> [String] {
        func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        switch config.match {
        case .email:
            let email = quoted(user.email ?? user.id)
            return ["userName eq \(email)", "emails.value eq \(email)"]
        case .userName: return ["userName eq \(quoted(userName(user)))"]
        case .externalId: return ["externalId eq \(quoted(user.id))"]
        }
    }

    /// The app's user resource, or nil when it has none: `answer` is the last lookup, which a
    /// caller must check succeeded before taking "none" for the truth. An app that refuses the
    /// `emails.value` filter (400) cannot search by email, so its `userName` answer stands.
    func find(_ user: DirectoryUser) async throws -> (answer: Answer, resource: JSONValue?) {
        var last: Answer?
        for (i, filter) in matchFilters(user).enumerated() {
            let encoded = filter.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let a = try await call(.GET, "/Users?filter=\(encoded)&count=2")
            if i > 0, a.status == 400, let previous = last { return (previous, nil) }
            guard (200..<300).contains(a.status) else { return (a, nil) }
            if case .array(let found)? = a.json?["Resources"], let first = found.first { return (a, first) }
            last = a
        }
        return (last!, nil)
    }

    private func roleValues(_ roles: [String]) -> JSONValue {
        .array(roles.map { .object([("value", .string($0))]) })
    }

    private func patch(_ id: String, _ operations: [JSONValue]) async throws -> Answer {
        try await call(.PATCH, "/Users/\(id)", body: .object([("schemas", .array([.string(Self.patchSchema)])), ("Operations", .array(operations))]))
    }

    private func op(_ op: String, _ path: String, _ value: JSONValue? = nil) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("op", .string(op)), ("path", .string(path))]
        if let value { pairs.append(("value", value)) }
        return .object(pairs)
    }

    private func create(_ user: DirectoryUser, roles: [String]) async throws -> Answer {
        var pairs: [(String, JSONValue)] = [("schemas", .array([.string(Self.userSchema)])),
                                            ("userName", .string(userName(user))),
                                            ("externalId", .string(user.id)), ("active", .bool(true))]
        var name: [(String, JSONValue)] = []
        if let g = user.firstName { name.append(("givenName", .string(g))) }
        if let f = user.lastName { name.append(("familyName", .string(f))) }
        if !name.isEmpty { pairs.append(("name", .object(name))) }
        if let email = user.email {
            pairs.append(("emails", .array([.object([("value", .string(email)), ("type", .string("work")), ("primary", .bool(true))])])))
        }
        if !roles.isEmpty { pairs.append((config.rolesAttribute.rawValue, roleValues(roles))) }
        return try await call(.POST, "/Users", body: .object(pairs))
    }

    /// Carries out one action for `user` (the directory's record of the action's user).
    func execute(_ action: Action, user: DirectoryUser) async -> ExecutionResult {
        do {
            let (lookup, resource) = try await find(user)
            guard (200..<300).contains(lookup.status) else { return .from(status: lookup.status, message: "looking the user up: \(lookup.message)") }
            let id = resource?["id"]?.stringValue
            let roles = config.rolesAttribute.rawValue
            let a: Answer
            switch (action.type, id) {
            case (.provision, nil), (.restore, nil):
                a = try await create(user, roles: action.roles ?? [])
            case (.provision, let id?), (.restore, let id?):
                a = try await patch(id, [op("replace", "active", .bool(true)), op("replace", roles, roleValues(action.roles ?? []))])
            case (.grant, let id?):
                a = try await patch(id, [op("add", roles, roleValues([action.role ?? ""]))])
            case (.grant, nil):
                return .failed(status: nil, message: "the app has no account for this user to grant `\(action.role ?? "")` to")
            case (.revoke, let id?):
                a = try await patch(id, [op("remove", "\(roles)[value eq \"\(action.role ?? "")\"]")])
            case (.suspend, let id?):
                a = try await patch(id, [op("replace", "active", .bool(false))])
            case (.deprovision, let id?):
                a = config.deprovision == .delete ? try await call(.DELETE, "/Users/\(id)") : try await patch(id, [op("replace", "active", .bool(false))])
            case (.revoke, nil), (.suspend, nil), (.deprovision, nil):
                // The lookup succeeded and found no account: the removal's end state already holds.
                return .done(status: lookup.status, message: "no account in the app")
            }
            return .from(status: a.status, message: a.message)
        } catch {
            return .retry(status: nil, message: "\(error)")
        }
    }

    /// Every account of the app, read live (paged), as an export to reconcile: named by email
    /// (`match: email`), by directory id (`externalId`, and `userName` values that are a
    /// directory user's `userName`), else as the app writes them.
    func accounts(directory users: [DirectoryUser]) async throws -> [ExportedAccount] {
        let byUserName = config.match == .userName
            ? Dictionary(users.map { (userName($0).lowercased(), $0.id) }, uniquingKeysWith: { a, _ in a }) : [:]
        var out: [ExportedAccount] = []
        var start = 1
        while true {
            let a = try await call(.GET, "/Users?startIndex=\(start)&count=100")
            guard (200..<300).contains(a.status) else { throw ConnectorError("listing users: HTTP \(a.status): \(a.message)") }
            guard case .array(let page)? = a.json?["Resources"] else { break }
            for (i, r) in page.enumerated() {
                let key: String?
                switch config.match {
                case .email:
                    if case .array(let emails)? = r["emails"] {
                        key = emails.first { $0["primary"] == .bool(true) }?["value"]?.stringValue ?? emails.first?["value"]?.stringValue
                            ?? r["userName"]?.stringValue
                    } else {
                        key = r["userName"]?.stringValue
                    }
                case .userName: key = r["userName"]?.stringValue.map { byUserName[$0.lowercased()] ?? $0 }
                case .externalId: key = r["externalId"]?.stringValue
                }
                guard let key else { continue }
                var roles: [String] = []
                if case .array(let values)? = r[config.rolesAttribute.rawValue] {
                    roles = values.compactMap { $0["value"]?.stringValue ?? $0["display"]?.stringValue }
                }
                let active = r["active"] != .bool(false) && r["active"]?.stringValue?.lowercased() != "false"
                out.append(ExportedAccount(user: key, roles: roles, status: active ? .active : .suspended, line: start + i))
            }
            var total = 0
            if case .number(let n)? = a.json?["totalResults"] { total = Int(n) }
            start += page.count
            if page.isEmpty || start > total { break }
        }
        return out
    }
}

/// A connector that cannot do its job, said in words.
struct ConnectorError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
