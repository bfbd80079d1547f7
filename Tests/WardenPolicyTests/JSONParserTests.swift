import Testing
import WardenPolicy

@Suite struct JSONParserTests {
    @Test func parsesKeepingKeyOrder() throws {
        let v = try JSONParser.parse(#"{"b":1,"a":[true,false,null,"x"],"c":{"d":-1.5e2}}"#)
        #expect(v.compactText == #"{"b":1,"a":[true,false,null,"x"],"c":{"d":-150}}"#)
        #expect(v["a"] == .array([.bool(true), .bool(false), .null, .string("x")]))
    }

    @Test func unescapes() throws {
        let v = try JSONParser.parse(#""a\"b\\c\/\n\u00e9\ud83d\ude00""#)
        #expect(v == .string("a\"b\\c/\né😀"))
    }

    @Test(arguments: [
        (#"{"a":1,}"#, 1, 8), ("[1,2", 1, 5), ("{\n  \"a\": tru }", 2, 8), (#""\ud800""#, 1, 9), ("01", 1, 2), ("", 1, 1),
        ("\"a\u{01}\"", 1, 3), (#"{"a":1,"b":{"a":2},"a":3}"#, 1, 20),
    ])
    func reportsWhere(_ text: String, _ line: Int, _ column: Int) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(text) }
        do {
            _ = try JSONParser.parse(text)
        } catch {
            #expect(error.line == line)
            #expect(error.column == column, "\(error)")
        }
    }

    @Test func writesEscapesAndRoundTrips() throws {
        let value = JSONValue.object([("k\"ey", .string("a\"b\\c\nd\re\tf\u{01}g é 😀")), ("n", .number(-12)), ("x", .number(1.5)),
                                      ("l", .array([.null, .bool(true), .bool(false)]))])
        #expect(value.compactText == #"{"k\"ey":"a\"b\\c\nd\re\tf\u0001g é 😀","n":-12,"x":1.5,"l":[null,true,false]}"#)
        #expect(try JSONParser.parse(value.compactText) == value)
    }

    /// Two parsers could read different values from `{"state":"active","state":"inactive"}`, so
    /// a repeated key is refused, in a small object and in one past the scan's size.
    @Test(arguments: [3, 40])
    func refusesARepeatedKey(_ size: Int) throws {
        let keys = (0..<size).map { #""k\#($0)":\#($0)"# }
        #expect(try JSONParser.parse("{" + keys.joined(separator: ",") + "}")["k2"] == .number(2))
        let repeated = "{" + (keys + [#""k2":0"#]).joined(separator: ",") + "}"
        #expect(throws: JSONParser.Failure(message: #"the key "k2" appears twice in this object"#, line: 1,
                                           column: repeated.count - 6)) { try JSONParser.parse(repeated) }
    }

    @Test func limitsDepth() {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(deep) }
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect((try? JSONParser.parse(ok)) != nil)
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
    }
}
