import WardenPolicy

/// `urn:ietf:params:scim:api:messages:2.0:ListResponse`, with integer counts.
struct ListResponse {
    var totalResults: Int
    var startIndex: Int
    var resources: [JSONValue]

    var json: JSONValue {
        .object([
            ("schemas", .array([.string("urn:ietf:params:scim:api:messages:2.0:ListResponse")])),
            ("totalResults", .number(Double(totalResults))), ("startIndex", .number(Double(startIndex))),
            ("itemsPerPage", .number(Double(resources.count))), ("Resources", .array(resources)),
        ])
    }
}
