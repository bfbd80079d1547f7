import WardenPolicy

/// The discovery documents (RFC 7644 §4): what this service provider supports.
enum SCIMDiscovery {
    static func serviceProviderConfig(baseURL: String, maxResults: Int) -> JSONValue {
        .object([
            ("schemas", .array([.string("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig")])),
            ("documentationUri", .string("https://www.rfc-editor.org/info/rfc7644")),
            ("patch", .object([("supported", .bool(true))])),
            ("bulk", .object([("supported", .bool(false)), ("maxOperations", .number(0)), ("maxPayloadSize", .number(0))])),
            ("filter", .object([("supported", .bool(true)), ("maxResults", .number(Double(maxResults)))])),
            ("changePassword", .object([("supported", .bool(false))])),
            ("sort", .object([("supported", .bool(false))])),
            ("etag", .object([("supported", .bool(true))])),
            ("authenticationSchemes", .array([.object([
                ("type", .string("oauthbearertoken")), ("name", .string("OAuth Bearer Token")),
                ("description", .string("Bearer token in the Authorization header")),
                ("specUri", .string("https://www.rfc-editor.org/info/rfc6750")), ("primary", .bool(true)),
            ])])),
            ("meta", .object([("resourceType", .string("ServiceProviderConfig")),
                              ("location", .string("\(baseURL)/ServiceProviderConfig"))])),
        ])
    }

    static var schemas: [SCIMSchema] { [.user, .enterpriseUser, .group] }

    /// A ListResponse holding all of `resources`.
    static func list(_ resources: [JSONValue]) -> JSONValue {
        ListResponse(totalResults: resources.count, startIndex: 1, resources: resources).json
    }
}
