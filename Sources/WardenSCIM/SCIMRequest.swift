public import WardenPolicy

/// One HTTP request to the SCIM service, independent of any HTTP framework.
public struct SCIMRequest: Sendable {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE` (any case).
    public var method: String
    /// The path after `/scim/v2`, such as `/Users/2819c223` or `/Schemas/urn:...:User`; segments
    /// may be percent-encoded.
    public var path: String
    /// Query items decoded as `application/x-www-form-urlencoded` (`%XX` and `+` for a space:
    /// IdPs send `filter=userName+eq+%22x%22`), in order; the service reads `filter`,
    /// `startIndex`, `count`, `attributes` and `excludedAttributes`, names ignoring case.
    public var query: [(name: String, value: String)]
    /// Request headers; the service reads `Content-Type`, `If-Match` and `If-None-Match`.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// The directory the caller's bearer token belongs to.
    public var directoryId: String
    /// When the request was received: `meta` times and change versions.
    public var now: Timestamp

    public init(method: String, path: String, query: [(name: String, value: String)] = [],
                headers: [(name: String, value: String)] = [], body: [UInt8] = [], directoryId: String, now: Timestamp) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.directoryId = directoryId
        self.now = now
    }

    func header(_ name: String) -> String? { headers.last { sameName($0.name, name) }?.value }

    func queryItem(_ name: String) -> String? { query.last { sameName($0.name, name) }?.value }
}
