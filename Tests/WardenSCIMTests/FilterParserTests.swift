import Testing
import WardenPolicy
@testable import WardenSCIM

/// The RFC 7644 §3.4.2.2 grammar: what parses into what, and where and why the rest fails.
@Suite struct FilterParserTests {
    @Test(arguments: [
        (#"userName eq "bjensen""#, #"(eq userName "bjensen")"#),
        (#"USERNAME EQ "x""#, #"(eq USERNAME "x")"#),
        (#"name.familyName co "O'Malley""#, #"(co name.familyName "O'Malley")"#),
        (#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J""#, #"(sw urn:ietf:params:scim:schemas:core:2.0:User:userName "J")"#),
        (#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "m1""#,
         #"(eq urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value "m1")"#),
        ("title pr", "(pr title)"),
        (#"meta.lastModified gt "2011-05-13T04:42:34Z""#, #"(gt meta.lastModified "2011-05-13T04:42:34Z")"#),
        (#"title pr and userType eq "Employee""#, #"(and (pr title) (eq userType "Employee"))"#),
        (#"title pr or userType eq "Intern""#, #"(or (pr title) (eq userType "Intern"))"#),
        ("a eq 1 or b eq 2 and c eq 3", "(or (eq a 1) (and (eq b 2) (eq c 3)))"),
        ("a eq 1 and b eq 2 or c eq 3", "(or (and (eq a 1) (eq b 2)) (eq c 3))"),
        ("a pr and b pr and c pr", "(and (pr a) (pr b) (pr c))"),
        (#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#,
         #"(and (eq userType "Employee") (or (co emails "example.com") (co emails.value "example.org")))"#),
        (#"userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")"#,
         #"(and (ne userType "Employee") (not (or (co emails "example.com") (co emails.value "example.org"))))"#),
        (#"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#,
         #"(or (emails[(and (eq type "work") (co value "@example.com"))]) (ims[(and (eq type "xmpp") (co value "@foo.com"))]))"#),
        (#"emails[type eq "work"].value eq "a@b.c""#, #"(emails[(eq type "work")] (eq value "a@b.c"))"#),
        (#"members[value eq "x"]"#, #"(members[(eq value "x")])"#),
        (#"userName eq "a \"q\" \u00e9\\ b\/""#, #"(eq userName "a \"q\" é\\ b/")"#),
        ("active eq true", "(eq active true)"),
        ("active eq FALSE", "(eq active false)"),
        ("title eq null", "(eq title null)"),
        ("n ge -1.5e3", "(ge n -1500)"),
        ("n lt 0.25", "(lt n 0.25)"),
        ("not(title pr)", "(not (pr title))"),
        ("((title pr))", "(pr title)"),
        (#"displayName eq "Sales and Marketing or not""#, #"(eq displayName "Sales and Marketing or not")"#),
        ("  userName   eq\t\"x\"   and  title pr  ", #"(and (eq userName "x") (pr title))"#),
        (#"$ref eq "x""#, #"(eq $ref "x")"#),
        ("x eq 1 OR y eq 2 AnD z pr", "(or (eq x 1) (and (eq y 2) (pr z)))"),
    ])
    func parses(_ text: String, _ expected: String) throws {
        #expect(try FilterParser.filter(text).sexp == expected)
    }

    @Test(arguments: [
        ("", "invalid filter: it is empty"),
        ("   ", "invalid filter: it is empty"),
        ("userName", "invalid filter: expected an operator after `userName`, found the end at character 9"),
        (#"userName "x""#, "invalid filter: expected an operator after `userName`, found `\"` at character 10"),
        (#"userName eqq "x""#, "invalid filter: unknown operator `eqq`; expected eq, ne, co, sw, ew, gt, ge, lt, le or pr at character 10"),
        ("userName eq", "invalid filter: expected a value (a quoted string, a number, true, false or null) after `eq`, found the end at character 12"),
        (#"userName eq "x"#, "invalid filter: unterminated string at character 13"),
        ("userName eq x", "invalid filter: expected a value (a quoted string, a number, true, false or null) after `eq`, found `x` at character 13"),
        (#"userName eq "x" and"#, "invalid filter: expected an attribute name, found the end at character 20"),
        (#"userName eq "x" foo"#, "invalid filter: expected `and`, `or` or the end of the filter, found `foo` at character 17"),
        (#"userName eq "x" and or title pr"#, "invalid filter: unknown operator `title`; expected eq, ne, co, sw, ew, gt, ge, lt, le or pr at character 24"),
        (#"(userName eq "x""#, "invalid filter: expected `)` to close the `(` at character 1, found the end at character 17"),
        (#"userName eq "x")"#, "invalid filter: expected `and`, `or` or the end of the filter, found `)` at character 16"),
        (#"(a pr]"#, "invalid filter: expected `and`, `or` or `)`, found `]` at character 6"),
        (#"emails[type eq "work""#, "invalid filter: expected `]` to close the `[` at character 7, found the end at character 22"),
        (#"emails[type eq "w" and value[x eq 1]]"#, "invalid filter: value filters cannot be nested at character 29"),
        (#"emails[type eq "w"]."#, "invalid filter: expected a sub-attribute name after `.`, found the end at character 21"),
        ("not title pr", "invalid filter: expected `(` after `not`, found `title` at character 5"),
        (#"userName eq "x\q""#, "invalid filter: invalid string: bad escape at character 13"),
        ("userName eq 01", "invalid filter: invalid number `01` at character 13"),
        ("userName eq 1.", "invalid filter: invalid number `1.` at character 13"),
        (#"1abc eq "x""#, "invalid filter: expected an attribute name, found `1` at character 1"),
        (#"name..x eq "a""#, "invalid filter: `name..x` is not a valid attribute path at character 1"),
        (#"a.b.c eq "a""#, "invalid filter: `a.b.c` is not a valid attribute path at character 1"),
        (#"urn: eq "a""#, "invalid filter: `urn:` is not a valid attribute path at character 1"),
        (#"userName eq "é" and %x pr"#, "invalid filter: expected an attribute name, found `%` at character 21"),
        (String(repeating: "(", count: 40) + "a pr" + String(repeating: ")", count: 40),
         "invalid filter: nested more than 32 levels deep at character 33"),
        ("a pr" + String(repeating: " and a pr", count: 500), "invalid filter: longer than 4096 characters"),
    ])
    func rejectsWithWhatAndWhere(_ text: String, _ detail: String) {
        #expect(throws: SCIMError(400, .invalidFilter, detail)) { try FilterParser.filter(text) }
    }

    @Test(arguments: [
        ("members", "members"),
        ("name.familyName", "name.familyName"),
        (#"members[value eq "2819c223"]"#, #"members[(eq value "2819c223")]"#),
        (#"emails[type eq "work"].value"#, #"emails[(eq type "work")].value"#),
        (#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"#,
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"),
        (#"urn:ietf:params:scim:schemas:core:2.0:User:emails[value eq "a:b"].display"#,
         #"urn:ietf:params:scim:schemas:core:2.0:User:emails[(eq value "a:b")].display"#),
    ])
    func parsesPatchPaths(_ text: String, _ expected: String) throws {
        #expect(try FilterParser.patchPath(text).sexp == expected)
    }

    @Test(arguments: [
        ("members[value eq]", "invalid path: expected a value (a quoted string, a number, true, false or null) after `eq`, found `]` at character 17"),
        ("members value", "invalid path: expected `[` or the end of the path, found `value` at character 9"),
        ("members[value pr]x", "invalid path: expected `[` or the end of the path, found `x` at character 18"),
        ("", "invalid path: it is empty"),
    ])
    func rejectsPatchPaths(_ text: String, _ detail: String) {
        #expect(throws: SCIMError(400, .invalidPath, detail)) { try FilterParser.patchPath(text) }
    }
}

extension FilterSyntax {
    /// An S-expression, for comparing trees in tables.
    var sexp: String {
        switch self {
        case let .compare(path, op, literal): return "(\(op.rawValue) \(path.name.text) \(literal.text))"
        case .present(let path): return "(pr \(path.name.text))"
        case .and(let terms): return "(and \(terms.map(\.sexp).joined(separator: " ")))"
        case .or(let terms): return "(or \(terms.map(\.sexp).joined(separator: " ")))"
        case .not(let inner): return "(not \(inner.sexp))"
        case let .valuePath(path, inner, then): return "(\(path.name.text)[\(inner.sexp)]\(then.map { " " + $0.sexp } ?? ""))"
        }
    }
}

extension PatchPathSyntax {
    var sexp: String { attribute.name.text + (filter.map { "[\($0.sexp)]" } ?? "") + (sub.map { ".\($0)" } ?? "") }
}

extension FilterLiteral {
    var text: String {
        switch self {
        case .string(let s): return JSONValue.string(s).compactText
        case .number(let n): return n.rounded() == n ? String(Int(n)) : "\(n)"
        case .bool(let b): return "\(b)"
        case .null: return "null"
        }
    }
}
