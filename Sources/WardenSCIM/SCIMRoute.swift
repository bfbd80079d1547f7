/// What a path after `/scim/v2` names. Endpoint names match ignoring case; a trailing `/` is
/// fine; segments are percent-decoded.
enum SCIMRoute: Hashable {
    /// `/Users`, `/Groups`
    case collection(SCIMResourceType)
    /// `/Users/.search`, `/Groups/.search`, or `/.search` (nil: every type)
    case search(SCIMResourceType?)
    /// `/Users/{id}`, `/Groups/{id}`
    case resource(SCIMResourceType, String)
    case serviceProviderConfig
    /// `/ResourceTypes`, `/ResourceTypes/{id}`
    case resourceTypes(String?)
    /// `/Schemas`, `/Schemas/{urn}`
    case schemas(String?)
    /// `/Bulk`, `/Me`: valid SCIM endpoints this server does not implement.
    case notImplemented(String)
    case unknown

    init(path: String) {
        let segments = path.split(separator: "/").map { Self.percentDecoded(String($0)) }
        guard let first = segments.first, segments.count <= 2 else {
            self = .unknown
            return
        }
        let second = segments.count == 2 ? segments[1] : nil
        if let type = SCIMResourceType.allCases.first(where: { sameName($0.endpoint, "/" + first) }) {
            switch second {
            case nil: self = .collection(type)
            case ".search"?: self = .search(type)
            case let id?: self = .resource(type, id)
            }
        } else if sameName(first, "ResourceTypes") {
            self = .resourceTypes(second)
        } else if sameName(first, "Schemas") {
            self = .schemas(second)
        } else if second != nil {
            self = .unknown
        } else if first == ".search" {
            self = .search(nil)
        } else if sameName(first, "ServiceProviderConfig") {
            self = .serviceProviderConfig
        } else if sameName(first, "Bulk") || sameName(first, "Me") {
            self = .notImplemented(first)
        } else {
            self = .unknown
        }
    }

    /// The methods this route answers (for 405 and `Allow`).
    var methods: [String] {
        switch self {
        case .collection: return ["GET", "POST"]
        case .search: return ["POST"]
        case .resource: return ["GET", "PUT", "PATCH", "DELETE"]
        case .serviceProviderConfig, .resourceTypes, .schemas: return ["GET"]
        case .notImplemented, .unknown: return []
        }
    }

    private static func percentDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let b = utf8.popFirst() {
            if b == UInt8(ascii: "%"), utf8.count >= 2, let v = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(v)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
