import Testing
import WardenEngine
import WardenPolicy
@testable import WardenSCIM

/// SCIM resources as Warden's directory model.
@Suite struct DirectoryMappingTests {
    static func user(_ body: String, revision: Int = 12) throws -> SCIMResource {
        SCIMResource(type: .user, id: "u-1", created: Timestamp(seconds: 100), lastModified: Timestamp(seconds: 200), revision: revision,
                     attributes: try ResourceBody.attributes(.parse(body), type: .user).canonical)
    }

    @Test(arguments: [
        (#"{"userName":"a","emails":[{"value":"h@x","type":"home"},{"value":"w@x","type":"Work"},{"value":"p@x","primary":true}]}"#, "p@x"),
        (#"{"userName":"a","emails":[{"value":"h@x","type":"home"},{"value":"w@x","type":"Work"}]}"#, "w@x"),
        (#"{"userName":"a","emails":[{"value":"h@x","type":"home"},{"value":"o@x"}]}"#, "h@x"),
        (#"{"userName":"a","emails":[{"value":"","primary":true},{"value":"o@x"}]}"#, "o@x"),
        (#"{"userName":"ada@example.com"}"#, "ada@example.com"),
        (#"{"userName":"ada"}"#, nil),
        (#"{"userName":"@example.com"}"#, nil),
        (#"{"userName":"ada@"}"#, nil),
    ] as [(String, String?)])
    func email(_ body: String, _ expected: String?) throws {
        #expect(try Self.user(body).directoryUser(directoryId: "d").email == expected)
    }

    @Test func everyMappedAttribute() throws {
        let resource = try Self.user(#"""
        {"userName":"ada@example.com","externalId":"00u1","name":{"givenName":"Ada","familyName":"Lovelace"},"title":"Engineer",
         "userType":"Employee","active":false,"nickName":"not mapped",
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701","costCenter":"CC1","organization":"Org",
           "division":"Div","department":"Eng","manager":{"value":"u-9","displayName":"ignored"}}}
        """#)
        #expect(resource.directoryUser(directoryId: "dir") == DirectoryUser(
            id: "u-1", directoryId: "dir", idpId: "00u1", email: "ada@example.com", firstName: "Ada", lastName: "Lovelace",
            state: .inactive,
            attributes: ["user_name": "ada@example.com", "job_title": "Engineer", "user_type": "Employee", "employee_number": "701",
                         "cost_center": "CC1", "organization": "Org", "division": "Div", "department": "Eng", "manager_id": "u-9"],
            createdAt: Timestamp(seconds: 100), version: Version(time: Timestamp(seconds: 200), event: "scim:User/u-1/0000000012")))
    }

    @Test func withoutExternalIdTheIdIsTheIdpIdAndAbsentActiveIsActive() throws {
        let user = try Self.user(#"{"userName":"a","title":""}"#).directoryUser(directoryId: "d")
        #expect(user.idpId == "u-1" && user.state == .active && user.attributes == ["user_name": "a"])
    }

    @Test func versionsSortByRevision() throws {
        #expect(try Self.user("{}", revision: 9).directoryVersion < Self.user("{}", revision: 10).directoryVersion)
    }

    @Test func groups() throws {
        let group = SCIMResource(type: .group, id: "g-1", created: Timestamp(seconds: 1), lastModified: Timestamp(seconds: 2), revision: 3,
                                 attributes: .parse(#"{"externalId":"ext","displayName":"Admins"}"#))
        #expect(group.directoryGroup(directoryId: "d") == DirectoryGroup(
            id: "g-1", directoryId: "d", name: "Admins", idpId: "ext", version: Version(time: Timestamp(seconds: 2), event: "scim:Group/g-1/0000000003")))
    }
}
