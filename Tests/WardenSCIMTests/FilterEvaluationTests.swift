import Testing
import WardenPolicy
@testable import WardenSCIM

/// Resolution (unknown attributes, operators that do not fit) and evaluation, with `caseExact`.
@Suite struct FilterEvaluationTests {
    static let user = try! SCIMResource(
        type: .user, id: "u-1", created: Timestamp(iso8601: "2026-03-02T09:00:00Z")!,
        lastModified: Timestamp(iso8601: "2026-03-05T10:00:00Z")!, revision: 4,
        attributes: ResourceBody.attributes(.parse(#"""
        {"userName":"BJensen@Example.com","externalId":"EXT-1","name":{"givenName":"Barbara","familyName":"Jensen"},
         "displayName":"Babs Jensen","title":"Tour Guide","active":false,"userType":"Employee",
         "emails":[{"value":"bjensen@example.com","type":"work","primary":true},{"value":"babs@jensen.org","type":"home"}],
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701984","department":"Tour Operations",
           "manager":{"value":"m-1"}}}
        """#), type: .user).canonical)

    @Test(arguments: [
        (#"userName eq "bjensen@example.com""#, true),
        (#"USERNAME Eq "BJENSEN@EXAMPLE.COM""#, true),
        (#"userName eq "bjensen""#, false),
        (#"externalId eq "ext-1""#, false),
        (#"externalId eq "EXT-1""#, true),
        (#"id eq "u-1""#, true),
        (#"id eq "U-1""#, false),
        (#"displayName co "babs""#, true),
        (#"name.familyName sw "jen""#, true),
        (#"name.familyName ew "SEN""#, true),
        (#"name.givenName co "x""#, false),
        (#"emails co "jensen.org""#, true),
        (#"emails.value eq "BJENSEN@example.com""#, true),
        (#"emails[type eq "work"].value eq "bjensen@example.com""#, true),
        (#"emails[type eq "home"].value eq "bjensen@example.com""#, false),
        (#"emails[type eq "work" and value co "@example.com"]"#, true),
        (#"emails[type eq "home" and primary eq true]"#, false),
        (#"emails[not (type eq "work")]"#, true),
        ("active eq false", true),
        (#"active eq "False""#, true),
        ("active ne true", true),
        ("title pr", true),
        ("nickName pr", false),
        ("nickName eq null", true),
        ("title ne null", true),
        (#"title ne "Tour Guide""#, false),
        (#"nickName ne "x""#, true),
        ("not (title pr)", false),
        (#"userType eq "Intern" or title pr and active eq false"#, true),
        (#"(userType eq "Intern" or title pr) and active eq true"#, false),
        (#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701984""#, true),
        (#"employeeNumber eq "701984""#, true),
        (#"manager eq "m-1""#, true),
        (#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "m-1""#, true),
        (#"id eq "u-1" and manager eq "m-2""#, false),
        (#"meta.created lt "2026-03-03T00:00:00Z""#, true),
        (#"meta.lastModified gt "2026-03-05T10:00:00+01:00""#, true),
        (#"meta.lastModified gt "2026-03-05T10:00:00Z""#, false),
        (#"meta.resourceType eq "User""#, true),
        (#"meta.version eq "W/\"4\"""#, true),
        (#"userName gt "a" and userName lt "c""#, true),
        (#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "bj""#, true),
    ])
    func evaluates(_ text: String, _ expected: Bool) throws {
        #expect(try SCIMFilter(text, for: .user).matches(Self.user) == expected)
    }

    @Test(arguments: [
        (#"foo eq "x""#, "unknown attribute `foo` for User resources at character 1"),
        (#"urn:example:custom:1.0:User:x eq "y""#, "unknown schema `urn:example:custom:1.0:User` for User resources at character 1"),
        (#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User eq "x""#,
         "`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User` is a schema, not an attribute at character 1"),
        ("active gt true", "operator `gt` does not apply to boolean `active` at character 1"),
        (#"active eq "yes""#, "`active` is a boolean; compare it with true or false at character 1"),
        ("userName eq 5", "`userName` is a string; compare it with a quoted value at character 1"),
        (#"name eq "x""#, "`name` is complex; compare one of its sub-attributes at character 1"),
        (#"meta.created gt "yesterday""#, "`meta.created` is a date and time; compare it with a quoted ISO 8601 value at character 1"),
        (#"meta.created co "2026""#, "operator `co` does not apply to date `meta.created` at character 1"),
        (#"meta eq "x""#, "`meta` needs a sub-attribute, such as `meta.lastModified` at character 1"),
        (#"meta.location eq "x""#, "filtering on `meta.location` is not supported at character 1"),
        (#"groups.value eq "g""#, "filtering on `groups` is not supported at character 1"),
        (#"emails[foo eq "x"]"#, "`emails` has no sub-attribute `foo` at character 8"),
        (#"userName[type eq "x"]"#, "`userName` is not a complex attribute, so it cannot take `[...]` at character 1"),
        ("userName gt null", "`null` can only be compared with eq or ne at character 1"),
        (#"x509Certificates.value co "a""#, "operator `co` does not apply to binary `x509Certificates.value` at character 1"),
        (#"title eq "x" and bogus pr"#, "unknown attribute `bogus` for User resources at character 18"),
    ])
    func rejectsWhatDoesNotFit(_ text: String, _ detail: String) {
        #expect(throws: SCIMError(400, .invalidFilter, "invalid filter: " + detail)) { try SCIMFilter(text, for: .user) }
    }

    @Test func groupFiltersResolveAgainstTheGroupSchema() throws {
        #expect(throws: SCIMError(400, .invalidFilter, "invalid filter: unknown attribute `userName` for Group resources at character 1")) {
            try SCIMFilter(#"userName eq "x""#, for: .group)
        }
        #expect(try SCIMFilter(#"members[value eq "u-1"] and displayName eq "sales""#, for: .group).lookup == .displayName("sales"))
    }

    @Test(arguments: [
        (#"userName eq "Ada@Example.com""#, SCIMLookup.userName("ada@example.com")),
        (#"externalId eq "A1" and active eq true"#, .externalId("A1")),
        (#"active eq true and id eq "u-9""#, .id("u-9")),
    ])
    func impliesALookup(_ text: String, _ lookup: SCIMLookup) throws {
        #expect(try SCIMFilter(text, for: .user).lookup == lookup)
    }

    @Test(arguments: [#"userName eq "x" or title pr"#, #"not (userName eq "x")"#, #"userName co "x""#, #"displayName eq "x""#,
                      #"name.givenName eq "x""#])
    func impliesNoLookup(_ text: String) throws {
        #expect(try SCIMFilter(text, for: .user).lookup == nil)
    }
}
