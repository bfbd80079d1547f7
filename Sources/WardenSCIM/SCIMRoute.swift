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
        let segments = path.split(separator: "/").map { percentDecoded(String($0)) }
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
}
