public import Hummingbird
import NIOCore
import WardenPolicy

/// JSON responses, and errors as `{"error": {"code", "message", "field"?}}`.
enum Reply {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        bytes(value.compactBytes + [0x0A], status: status, contentType: "application/json")
    }

    static func bytes(_ bytes: [UInt8], status: HTTPResponse.Status = .ok, contentType: String) -> Response {
        Response(status: status, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func error(_ status: HTTPResponse.Status, _ code: String, _ message: String, field: String? = nil) -> Response {
        var pairs: [(String, JSONValue)] = [("code", .string(code)), ("message", .string(message))]
        if let field { pairs.append(("field", .string(field))) }
        return json(.object([("error", .object(pairs))]), status: status)
    }

    /// The bearer token check of a route: 503 when no token is configured (never open), 401 otherwise.
    static func unauthorized(_ request: Request, tokens: TokenSet, realm: String) -> Response? {
        guard !tokens.isEmpty else {
            return error(.serviceUnavailable, "not_configured", "this route has no token configured; set WARDEN_API_TOKEN")
        }
        let header = request.headers[.authorization] ?? ""
        guard header.hasPrefix("Bearer "), tokens.contains(String(header.dropFirst(7))) else {
            var r = error(.unauthorized, "unauthorized", "a valid bearer token is required")
            r.headers[.wwwAuthenticate] = "Bearer realm=\"\(realm)\""
            return r
        }
        return nil
    }
}
