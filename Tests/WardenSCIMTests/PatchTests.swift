import Testing
import WardenPolicy
@testable import WardenSCIM

/// RFC 7644 §3.5.2 PATCH semantics and the IdP quirks, on canonical attributes.
@Suite struct PatchTests {
    static let ent = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

    /// Applies `operations` (a JSON list) to the resource `start` describes; returns the
    /// canonical attributes as compact JSON.
    static func patch(_ start: String, _ operations: String, type: SCIMResourceType = .user) throws -> String {
        var applier = PatchApplier(id: "id-1", values: try ResourceBody.attributes(.parse(start), type: type))
        for operation in try PatchOperation.list(.parse(#"{"Operations":\#(operations)}"#)) { try applier.apply(operation) }
        return applier.values.canonical.compactText
    }

    @Test(arguments: [
        // add without a path: single-valued set, multi-valued appended
        (#"{"userName":"a"}"#, #"[{"op":"add","value":{"title":"T","emails":[{"value":"x@y"}]}}]"#,
         #"{"userName":"a","title":"T","emails":[{"value":"x@y"}]}"#),
        // add with a path appends without duplicates (value compared ignoring case, type when both have one)
        (#"{"userName":"a","emails":[{"value":"a@x","type":"work"}]}"#,
         #"[{"op":"add","path":"emails","value":[{"value":"A@x","type":"work"},{"value":"b@x"}]}]"#,
         #"{"userName":"a","emails":[{"value":"a@x","type":"work"},{"value":"b@x"}]}"#),
        // replace a multi-valued attribute without a filter: the whole list
        (#"{"userName":"a","emails":[{"value":"a@x"},{"value":"b@x"}]}"#, #"[{"op":"replace","path":"emails","value":[{"value":"c@x"}]}]"#,
         #"{"userName":"a","emails":[{"value":"c@x"}]}"#),
        // Q1 capitalised op, Q2 string boolean
        (#"{"userName":"a","active":true}"#, #"[{"op":"Replace","path":"active","value":"False"}]"#, #"{"userName":"a","active":false}"#),
        (#"{"userName":"a"}"#, #"[{"OP":"REPLACE","Value":{"Active":"TRUE"}}]"#, #"{"userName":"a","active":true}"#),
        // Q6 create-on-absent, and replace in place when present
        (#"{"userName":"a"}"#, #"[{"op":"Replace","path":"emails[type eq \"work\"].value","value":"n@x"}]"#,
         #"{"userName":"a","emails":[{"value":"n@x","type":"work"}]}"#),
        (#"{"userName":"a","emails":[{"value":"h@x","type":"home"},{"value":"w@x","type":"work","primary":true}]}"#,
         #"[{"op":"Add","path":"emails[type eq \"work\"].value","value":"n@x"}]"#,
         #"{"userName":"a","emails":[{"value":"h@x","type":"home"},{"value":"n@x","type":"work","primary":true}]}"#),
        (#"{"userName":"a"}"#, #"[{"op":"add","path":"phoneNumbers[type eq \"mobile\"].value","value":"+1 555"},{"op":"replace","path":"addresses[type eq \"work\"].streetAddress","value":"1 Main St"},{"op":"replace","path":"addresses[type eq \"work\"].locality","value":"Springfield"}]"#,
         #"{"userName":"a","phoneNumbers":[{"value":"+1 555","type":"mobile"}],"addresses":[{"streetAddress":"1 Main St","locality":"Springfield","type":"work"}]}"#),
        // a filter with eq joined by and also seeds the new element
        (#"{"userName":"a"}"#, #"[{"op":"add","path":"emails[type eq \"work\" and primary eq true]","value":{"value":"p@x"}}]"#,
         #"{"userName":"a","emails":[{"value":"p@x","type":"work","primary":true}]}"#),
        // sub-attributes of single-valued complex attributes
        (#"{"userName":"a"}"#, #"[{"op":"Replace","path":"name.familyName","value":"Lovelace"},{"op":"add","path":"NAME.givenName","value":"Ada"}]"#,
         #"{"userName":"a","name":{"familyName":"Lovelace","givenName":"Ada"}}"#),
        (#"{"userName":"a","name":{"givenName":"Ada","familyName":"Byron"}}"#, #"[{"op":"replace","path":"name","value":{"familyName":"Lovelace"}}]"#,
         #"{"userName":"a","name":{"familyName":"Lovelace","givenName":"Ada"}}"#),
        // URN-qualified paths, Q5 bare manager, Entra's list-wrapped manager
        (#"{"userName":"a"}"#, #"[{"op":"Replace","path":"\#(ent):department","value":"Sales"},{"op":"Add","path":"\#(ent):manager","value":"m-1"}]"#,
         #"{"userName":"a","\#(ent)":{"department":"Sales","manager":{"value":"m-1"}}}"#),
        (#"{"userName":"a"}"#, #"[{"op":"Add","path":"\#(ent):manager","value":[{"$ref":null,"value":"m-2"}]}]"#,
         #"{"userName":"a","\#(ent)":{"manager":{"value":"m-2"}}}"#),
        (#"{"userName":"a","\#(ent)":{"manager":{"value":"m-1"}}}"#, #"[{"op":"replace","path":"\#(ent):manager.value","value":"m-3"}]"#,
         #"{"userName":"a","\#(ent)":{"manager":{"value":"m-3"}}}"#),
        // Q4 dotted and URN keys without a path
        (#"{"userName":"a","\#(ent)":{"department":"D"}}"#,
         #"[{"op":"replace","value":{"name.givenName":"G","\#(ent):employeeNumber":"42","\#(ent):manager.value":"m2","urn:ietf:params:scim:schemas:core:2.0:User:title":"CTO"}}]"#,
         #"{"userName":"a","name":{"givenName":"G"},"title":"CTO","\#(ent)":{"employeeNumber":"42","department":"D","manager":{"value":"m2"}}}"#),
        // the extension as an object, without a path or as the path
        (#"{"userName":"a","\#(ent)":{"department":"D","division":"X"}}"#, #"[{"op":"replace","value":{"\#(ent)":{"department":"E"}}}]"#,
         #"{"userName":"a","\#(ent)":{"division":"X","department":"E"}}"#),
        (#"{"userName":"a","\#(ent)":{"department":"D"}}"#, #"[{"op":"add","path":"\#(ent)","value":{"costCenter":"c"}}]"#,
         #"{"userName":"a","\#(ent)":{"costCenter":"c","department":"D"}}"#),
        (#"{"userName":"a","\#(ent)":{"department":"D"}}"#, #"[{"op":"remove","path":"\#(ent)"}]"#, #"{"userName":"a"}"#),
        // remove
        (#"{"userName":"a","title":"T","name":{"givenName":"G","familyName":"F"}}"#,
         #"[{"op":"remove","path":"name.givenName"},{"op":"remove","path":"title"}]"#, #"{"userName":"a","name":{"familyName":"F"}}"#),
        (#"{"userName":"a","emails":[{"value":"h@x","type":"home"},{"value":"w@x","display":"W","type":"work"}]}"#,
         #"[{"op":"remove","path":"emails[type eq \"home\"]"},{"op":"remove","path":"emails[type eq \"work\"].display"}]"#,
         #"{"userName":"a","emails":[{"value":"w@x","type":"work"}]}"#),
        (#"{"userName":"a","emails":[{"value":"w@x","type":"work"}]}"#, #"[{"op":"remove","path":"emails[type eq \"other\"]"}]"#,
         #"{"userName":"a","emails":[{"value":"w@x","type":"work"}]}"#),
        (#"{"userName":"a","emails":[{"value":"w@x","type":"work"}]}"#, #"[{"op":"remove","path":"emails[type eq \"work\"].value"}]"#,
         #"{"userName":"a","emails":[{"type":"work"}]}"#),
        // password is accepted and dropped; unknown extension URNs are ignored (Q7)
        (#"{"userName":"a"}"#, #"[{"op":"replace","value":{"password":"s3cret!"}},{"op":"replace","path":"password","value":"x"},{"op":"add","path":"urn:ietf:params:scim:schemas:extension:CustomExtension:2.0:User:badge","value":"7"}]"#,
         #"{"userName":"a"}"#),
        // primary stays unique
        (#"{"userName":"a","emails":[{"value":"a@x","primary":true}]}"#, #"[{"op":"add","path":"emails","value":[{"value":"b@x","primary":true}]}]"#,
         #"{"userName":"a","emails":[{"value":"a@x","primary":false},{"value":"b@x","primary":true}]}"#),
        // null is absent: add null does nothing, replace null removes
        (#"{"userName":"a","title":"T","nickName":"N"}"#, #"[{"op":"add","path":"title","value":null},{"op":"replace","path":"nickName","value":null}]"#,
         #"{"userName":"a","title":"T"}"#),
        // readOnly id equal to the current one is accepted (Q12); meta and schemas in a value are ignored
        (#"{"userName":"a"}"#, #"[{"op":"replace","value":{"id":"id-1","schemas":["x"],"meta":{"version":"W/\"9\""},"title":"T"}}]"#,
         #"{"userName":"a","title":"T"}"#),
    ])
    func user(_ start: String, _ operations: String, _ expected: String) throws {
        #expect(try Self.patch(start, operations) == expected)
    }

    @Test(arguments: [
        // members: remove all, Q3 legacy removal of listed members only, filtered removal, add without duplicates
        (#"[{"op":"remove","path":"members"}]"#, #"{"displayName":"G"}"#),
        (#"[{"op":"Remove","path":"members","value":[{"$ref":null,"value":"u1"},{"value":"u3"}]}]"#,
         #"{"displayName":"G","members":[{"value":"u2"}]}"#),
        (#"[{"op":"remove","path":"members[value eq \"u2\"]"}]"#, #"{"displayName":"G","members":[{"value":"u1","display":"One"}]}"#),
        (#"[{"op":"add","path":"members","value":[{"value":"u2","display":"Two"},{"value":"u4"}]}]"#,
         #"{"displayName":"G","members":[{"value":"u1","display":"One"},{"value":"u2"},{"value":"u4"}]}"#),
        (#"[{"op":"replace","path":"members","value":[{"value":"u9"}]}]"#, #"{"displayName":"G","members":[{"value":"u9"}]}"#),
        (#"[{"op":"replace","path":"members[value eq \"u2\"].display","value":"Two"}]"#,
         #"{"displayName":"G","members":[{"value":"u1","display":"One"},{"value":"u2","display":"Two"}]}"#),
        // Q12: Okta's rename carries the group's own id
        (#"[{"op":"replace","value":{"id":"id-1","displayName":"New"}}]"#,
         #"{"displayName":"New","members":[{"value":"u1","display":"One"},{"value":"u2"}]}"#),
    ])
    func group(_ operations: String, _ expected: String) throws {
        let start = #"{"displayName":"G","members":[{"value":"u1","display":"One"},{"value":"u2"}]}"#
        #expect(try Self.patch(start, operations, type: .group) == expected)
    }

    @Test(arguments: [
        (#"[{"op":"remove"}]"#, SCIMError(400, .noTarget, "operation 1: `remove` needs a `path`")),
        (#"[{"op":"replace","value":{"id":"other"}}]"#, SCIMError(400, .mutability, "operation 1: `id` is read-only")),
        (#"[{"op":"add","path":"groups","value":[{"value":"g"}]}]"#, SCIMError(400, .mutability, "operation 1: `groups` is read-only")),
        (#"[{"op":"replace","path":"meta.created","value":"2020-01-01T00:00:00Z"}]"#,
         SCIMError(400, .mutability, "operation 1: `meta.created` is read-only")),
        (#"[{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName","value":"Boss"}]"#,
         SCIMError(400, .mutability, "operation 1: `manager.displayName` is read-only")),
        (#"[{"op":"remove","path":"id"}]"#, SCIMError(400, .mutability, "operation 1: `id` is read-only")),
        (#"[{"op":"add","path":"title","value":"x"},{"op":"replace","path":"titel","value":"T"}]"#,
         SCIMError(400, .invalidPath, "operation 2: unknown attribute `titel` for User resources")),
        (#"[{"op":"replace","path":"title[value eq \"x\"]","value":"T"}]"#,
         SCIMError(400, .invalidPath, "operation 1: `title` is not a multi-valued complex attribute, so it cannot take `[...]`")),
        (#"[{"op":"replace","path":"name.familyName.x","value":"T"}]"#,
         SCIMError(400, .invalidPath, "invalid path: `name.familyName.x` is not a valid attribute path at character 1")),
        (#"[{"op":"replace","path":"emails[type eq \"work\"","value":"T"}]"#,
         SCIMError(400, .invalidPath, "invalid path: expected `]` to close the `[` at character 7, found the end at character 22")),
        (#"[{"op":"replace","path":"emails[typo eq \"work\"].value","value":"T"}]"#,
         SCIMError(400, .invalidPath, "invalid path: `emails` has no sub-attribute `typo` at character 8")),
        (#"[{"op":"replace","path":"emails[value co \"zzz\"].type","value":"work"}]"#,
         SCIMError(400, .noTarget, "operation 1: no value matches `emails[value co \"zzz\"].type`")),
        (#"[{"op":"replace","path":"active","value":"maybe"}]"#, SCIMError(400, .invalidValue, "`active` must be a boolean, found a string")),
        (#"[{"op":"add","value":"title"}]"#, SCIMError(400, .invalidValue, "operation 1: without a `path`, `value` must be an object of attributes")),
        (#"[{"op":"move","path":"title"}]"#, SCIMError(400, .invalidSyntax, "operation 1: `op` must be `add`, `replace` or `remove`")),
        (#"[{"op":"add","path":7,"value":"x"}]"#, SCIMError(400, .invalidPath, "operation 1: `path` must be a string, found a number")),
        (#"["add"]"#, SCIMError(400, .invalidSyntax, "operation 1 must be an object, found a string")),
        (#"[]"#, SCIMError(400, .invalidSyntax, "the body needs `Operations`, a non-empty list")),
        (#"[{"op":"remove","path":"emails","value":[{"$ref":null}]}]"#,
         SCIMError(400, .invalidValue, "operation 1: `value` lists nothing to remove from `emails`")),
    ])
    func rejects(_ operations: String, _ error: SCIMError) {
        #expect(throws: error) { try Self.patch(#"{"userName":"a","emails":[{"value":"a@x","type":"home"}]}"#, operations) }
    }

    @Test func immutableMemberValuesDoNotChange() {
        #expect(throws: SCIMError(400, .mutability, "operation 1: `value` is immutable")) {
            try Self.patch(#"{"displayName":"G","members":[{"value":"u1"}]}"#,
                           #"[{"op":"replace","path":"members[value eq \"u1\"].value","value":"u2"}]"#, type: .group)
        }
    }
}
