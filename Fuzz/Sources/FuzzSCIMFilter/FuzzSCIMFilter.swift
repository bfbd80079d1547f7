import FuzzSupport
import WardenPolicy
import WardenSCIM

let created = Timestamp(milliseconds: 1_767_225_600_000)

/// A user and a group with every kind of attribute a filter can compare.
let resources: [SCIMResource] = [
    SCIMResource(type: .user, id: "u-1", created: created, lastModified: created, revision: 3, attributes: try! JSONParser.parse(#"""
        {"externalId":"ext-1","userName":"Ada@Example.com","name":{"givenName":"Ada","familyName":"Lovelace"},
         "displayName":"Ada Lovelace","title":"Engineer","userType":"Employee","active":true,
         "emails":[{"value":"ada@example.com","type":"work","primary":true},{"value":"ada@home.example","type":"home"}],
         "phoneNumbers":[{"value":"+1 555 0100","type":"mobile"}],
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"42","department":"R&D",
           "manager":{"value":"u-0"}}}
        """#)),
    SCIMResource(type: .group, id: "g-1", created: created, lastModified: created, revision: 2, attributes: try! JSONParser.parse(#"""
        {"externalId":"ext-g","displayName":"Engineering","members":[{"value":"u-1","display":"Ada Lovelace"}]}
        """#)),
]

/// A `filter` query parameter compiled for users and for groups; what compiles is evaluated on
/// the fixed resources.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: input(data, size), as: UTF8.self)
    for type in SCIMResourceType.allCases {
        do {
            let filter = try SCIMFilter(text, for: type)
            _ = filter.lookup
            for resource in resources where resource.type == type { _ = filter.matches(resource) }
        } catch {
            precondition(error.status == 400, "filter refused with status \(error.status)")
        }
    }
    return 0
}

@main enum Main {
    static func main() { runLibFuzzer(fuzz) }
}
