/// The schemas Warden serves: core User, the enterprise extension and core Group (RFC 7643 §4, §8.7).
/// Every attribute listed here is stored and returned exactly as written, so `/Schemas` advertises
/// only what round-trips. `password` is deliberately absent: it is accepted and dropped.
extension SCIMSchema {
    public static let coreUserURN = "urn:ietf:params:scim:schemas:core:2.0:User"
    public static let enterpriseUserURN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    public static let coreGroupURN = "urn:ietf:params:scim:schemas:core:2.0:Group"

    public static let user = SCIMSchema(id: coreUserURN, name: "User", description: "User Account", attributes: [
        SCIMAttribute("userName", .string, required: true, uniqueness: .server,
                      description: "Unique identifier for the user, used to sign in; compared without regard to case."),
        SCIMAttribute("name", .complex, description: "The components of the user's name.", subAttributes: [
            text("formatted", "The full name, formatted for display."),
            text("familyName", "The family (last) name."),
            text("givenName", "The given (first) name."),
            text("middleName", "The middle name(s)."),
            text("honorificPrefix", "Honorific prefix, such as `Ms.`."),
            text("honorificSuffix", "Honorific suffix, such as `III`."),
        ]),
        text("displayName", "The name of the user, suitable for display."),
        text("nickName", "The casual name of the user."),
        SCIMAttribute("profileUrl", .reference, description: "A URI of the user's online profile.", referenceTypes: ["external"]),
        text("title", "The user's job title."),
        text("userType", "The relationship between the organization and the user, such as `Employee`."),
        text("preferredLanguage", "The preferred written or spoken language, such as `en-US`."),
        text("locale", "The default location, for localizing currency, dates and numbers."),
        text("timezone", "The time zone, in IANA format such as `Europe/Paris`."),
        SCIMAttribute("active", .boolean, description: "Whether the user may sign in; false is the offboarding signal."),
        plural("emails", "Email addresses.", types: ["work", "home", "other"]),
        plural("phoneNumbers", "Phone numbers.", types: ["work", "home", "mobile", "fax", "pager", "other"]),
        plural("ims", "Instant messaging addresses.", types: ["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"]),
        plural("photos", "URLs of photos of the user.", value: .reference, types: ["photo", "thumbnail"]),
        SCIMAttribute("addresses", .complex, multiValued: true, description: "Physical mailing addresses.", subAttributes: [
            text("formatted", "The full address, formatted for display."),
            text("streetAddress", "The street address."),
            text("locality", "The city or locality."),
            text("region", "The state or region."),
            text("postalCode", "The zip or postal code."),
            text("country", "The country, as an ISO 3166-1 alpha-2 code."),
            SCIMAttribute("type", .string, description: "A label: `work`, `home` or `other`.", canonicalValues: ["work", "home", "other"]),
            SCIMAttribute("primary", .boolean, description: "Whether this is the primary address."),
        ]),
        SCIMAttribute("groups", .complex, multiValued: true, mutability: .readOnly,
                      description: "The groups the user belongs to, derived from group membership.", subAttributes: [
            SCIMAttribute("value", .string, caseExact: true, mutability: .readOnly, description: "The id of the group."),
            SCIMAttribute("$ref", .reference, mutability: .readOnly, description: "The URI of the group.", referenceTypes: ["Group"]),
            SCIMAttribute("display", .string, mutability: .readOnly, description: "The group's display name."),
            SCIMAttribute("type", .string, mutability: .readOnly, description: "`direct` or `indirect` membership.",
                          canonicalValues: ["direct", "indirect"]),
        ]),
        plural("entitlements", "Entitlements of the user."),
        plural("roles", "Roles of the user."),
        plural("x509Certificates", "X.509 certificates issued to the user.", value: .binary),
    ])

    public static let enterpriseUser = SCIMSchema(id: enterpriseUserURN, name: "EnterpriseUser", description: "Enterprise User",
                                                  attributes: [
        text("employeeNumber", "The employee number assigned by the organization."),
        text("costCenter", "The cost center."),
        text("organization", "The organization."),
        text("division", "The division."),
        text("department", "The department."),
        SCIMAttribute("manager", .complex, description: "The user's manager.", subAttributes: [
            SCIMAttribute("value", .string, caseExact: true, description: "The id of the manager's User resource."),
            SCIMAttribute("$ref", .reference, description: "The URI of the manager's User resource.", referenceTypes: ["User"]),
            SCIMAttribute("displayName", .string, mutability: .readOnly, description: "The manager's display name."),
        ]),
    ])

    public static let group = SCIMSchema(id: coreGroupURN, name: "Group", description: "Group", attributes: [
        SCIMAttribute("displayName", .string, required: true, description: "A human-readable name for the group."),
        SCIMAttribute("members", .complex, multiValued: true, description: "The members of the group (users only).", subAttributes: [
            SCIMAttribute("value", .string, caseExact: true, mutability: .immutable, description: "The id of the member's User resource."),
            SCIMAttribute("$ref", .reference, mutability: .immutable, description: "The URI of the member.",
                          referenceTypes: ["User", "Group"]),
            SCIMAttribute("display", .string, description: "The member's display name, as the client sent it."),
            SCIMAttribute("type", .string, mutability: .immutable, description: "The member's resource type.",
                          canonicalValues: ["User", "Group"]),
        ]),
    ])

    /// `id`, `externalId` and `meta` (RFC 7643 §3.1): on every resource, not listed under `/Schemas`.
    static let commonAttributes: [SCIMAttribute] = [
        SCIMAttribute("id", .string, caseExact: true, mutability: .readOnly, returned: .always, uniqueness: .server,
                      description: "The server-assigned identifier."),
        SCIMAttribute("externalId", .string, caseExact: true, description: "The client's identifier for the resource."),
        SCIMAttribute("meta", .complex, mutability: .readOnly, description: "Resource metadata.", subAttributes: [
            SCIMAttribute("resourceType", .string, caseExact: true, mutability: .readOnly, description: "The resource type."),
            SCIMAttribute("created", .dateTime, mutability: .readOnly, description: "When the resource was created."),
            SCIMAttribute("lastModified", .dateTime, mutability: .readOnly, description: "When the resource last changed."),
            SCIMAttribute("location", .reference, caseExact: true, mutability: .readOnly, description: "The resource's URI."),
            SCIMAttribute("version", .string, caseExact: true, mutability: .readOnly, description: "The resource's weak ETag."),
        ]),
    ]

    private static func text(_ name: String, _ description: String) -> SCIMAttribute {
        SCIMAttribute(name, .string, description: description)
    }

    /// A multi-valued `value`/`display`/`type`/`primary` attribute such as `emails`.
    private static func plural(_ name: String, _ description: String, value: SCIMAttribute.DataType = .string,
                               types: [String] = []) -> SCIMAttribute {
        SCIMAttribute(name, .complex, multiValued: true, description: description, subAttributes: [
            SCIMAttribute("value", value, caseExact: value == .binary, description: "The value.",
                          referenceTypes: value == .reference ? ["external"] : []),
            SCIMAttribute("display", .string, description: "A human-readable form of the value."),
            SCIMAttribute("type", .string, description: "A label for the value's function.", canonicalValues: types),
            SCIMAttribute("primary", .boolean, description: "Whether this is the preferred value."),
        ])
    }
}
