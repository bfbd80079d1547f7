import Testing
import WardenPolicy
@testable import WardenSCIM

/// Request bodies into canonical attributes, and reading them back ignoring case.
@Suite struct ResourceBodyTests {
    static let ent = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

    @Test(arguments: [
        // readOnly, unknown, password and foreign-schema values are ignored; nulls and empty lists are absent
        (#"{"id":"x","meta":{"version":"1"},"groups":[{"value":"g"}],"password":"p","shoeSize":44,"roles":[],"title":null,"userName":"a"}"#,
         #"{"userName":"a"}"#),
        (#"{"userName":"a","urn:example:custom:2.0:User":{"badge":"7"},"urn:example:custom:2.0:User:badge":"7"}"#, #"{"userName":"a"}"#),
        // canonical order and spelling whatever the input's
        (#"{"ACTIVE":"false","userName":"a","EXTERNALID":"e","name":{"GIVENNAME":"G","formatted":"F"}}"#,
         #"{"externalId":"e","userName":"a","name":{"formatted":"F","givenName":"G"},"active":false}"#),
        // a single value for a multi-valued attribute, a bare string for a complex one
        (#"{"userName":"a","emails":"a@x","phoneNumbers":{"value":"1"}}"#,
         #"{"userName":"a","emails":[{"value":"a@x"}],"phoneNumbers":[{"value":"1"}]}"#),
        // the extension as an object, as URN-qualified keys, or unqualified; manager.displayName is readOnly
        (#"{"userName":"a","\#(ent)":{"department":"D","manager":{"value":"m","displayName":"Boss"}},"\#(ent):division":"V","costCenter":"C"}"#,
         #"{"userName":"a","\#(ent)":{"costCenter":"C","division":"V","department":"D","manager":{"value":"m"}}}"#),
        // numbers for strings become text
        (#"{"userName":"a","\#(ent)":{"employeeNumber":42}}"#, #"{"userName":"a","\#(ent)":{"employeeNumber":"42"}}"#),
    ])
    func canonicalAttributes(_ body: String, _ expected: String) throws {
        #expect(try ResourceBody.attributes(.parse(body), type: .user).canonical.compactText == expected)
    }

    @Test func attributesReadIgnoringCase() throws {
        let resource = SCIMResource(type: .user, id: "u", created: Timestamp(seconds: 0), lastModified: Timestamp(seconds: 0), revision: 1,
                                    attributes: try ResourceBody.attributes(.parse(#"""
            {"userName":"a","name":{"givenName":"G"},"emails":[{"value":"x@y","type":"work"},{"value":"z@y"}],
             "\#(Self.ent)":{"manager":{"value":"m"}}}
            """#), type: .user).canonical)
        #expect(resource[attribute: "USERNAME"] == .string("a"))
        #expect(resource[attribute: "Name.GivenName"] == .string("G"))
        #expect(resource[attribute: "emails.value"] == .parse(#"["x@y","z@y"]"#))
        #expect(resource[attribute: "\(Self.ent.uppercased()):Manager.Value"] == .string("m"))
        #expect(resource[attribute: "manager"] == .parse(#"{"value":"m"}"#))
        #expect(resource[attribute: "title"] == nil && resource[attribute: "bogus"] == nil)
    }
}
