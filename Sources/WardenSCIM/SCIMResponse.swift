public import WardenEngine
import WardenPolicy

/// What the SCIM service answers, and the directory changes the request produced.
public struct SCIMResponse: Sendable {
    public var status: Int
    /// `Content-Type: application/scim+json` whenever there is a body; `Location` on 201;
    /// `ETag` with a single resource; `Allow` on 405.
    public var headers: [(name: String, value: String)]
    /// JSON, or empty (204, 304).
    public var body: [UInt8]
    /// The changes for Warden's engine, in the order they happened; empty for reads, errors and
    /// writes that changed nothing.
    public var changes: [DirectoryChange]
    /// Names the write when there are changes: the `eventId` of the resource revision the
    /// request wrote (`scim:User/<id>/0000000003`), unique per write; a `ChangeEnvelope` id.
    public var eventId: String?

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = [], changes: [DirectoryChange] = [],
                eventId: String? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.changes = changes
        self.eventId = eventId
    }

    static let contentType = "application/scim+json"

    /// A JSON response.
    init(status: Int, json: JSONValue, headers: [(name: String, value: String)] = [], changes: [DirectoryChange] = [],
         eventId: String? = nil) {
        self.init(status: status, headers: [("Content-Type", Self.contentType)] + headers, body: json.compactBytes, changes: changes,
                  eventId: eventId)
    }

    /// An RFC 7644 §3.12 error response.
    public init(error: SCIMError, headers: [(name: String, value: String)] = []) {
        self.init(status: error.status, json: error.json, headers: headers)
    }

    /// The value of the header named `name`, ignoring case.
    public func header(_ name: String) -> String? { headers.last { sameName($0.name, name) }?.value }
}
