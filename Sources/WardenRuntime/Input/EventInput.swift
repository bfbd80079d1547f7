public import WardenPolicy

/// One event as read from input: where it was, its bytes, and its JSON (or why it is not JSON).
public struct InputEvent: Sendable {
    /// 1-based line (JSONL) or item number (a JSON array) in its file.
    public var line: Int
    public var bytes: [UInt8]
    public var json: Result<JSONValue, JSONParser.Failure>

    public init(line: Int, bytes: [UInt8], json: Result<JSONValue, JSONParser.Failure>) {
        self.line = line
        self.bytes = bytes
        self.json = json
    }

    /// One body on its own (a webhook's), parsed here, numbered 1.
    public init(parsing bytes: [UInt8]) {
        self.init(line: 1, bytes: bytes, json: Result { () throws(JSONParser.Failure) in try JSONParser.parse(bytes) })
    }
}

/// Splits event input into events: one JSON object, a JSON array of objects, or JSON Lines.
/// JSON Lines are parsed lazily, one event at a time, so large files stream.
public struct EventInput: Sequence, IteratorProtocol, Sendable {
    /// Largest single event accepted.
    public static let maxEventBytes = 1 << 20

    private let bytes: [UInt8]
    private var whole: [InputEvent]?
    private var offset = 0
    private var lineNumber = 0

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        let start = bytes.firstIndex { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF }
        guard let start else {
            whole = []
            return
        }
        if bytes[start] == UInt8(ascii: "["), case .array(let items)? = try? JSONParser.parse(bytes, limits: .init(maxDepth: 66)) {
            whole = items.enumerated().map { i, item in InputEvent(line: i + 1, bytes: Array(item.compactText.utf8), json: .success(item)) }
        } else if bytes[start] == UInt8(ascii: "{"), let first = bytes[start...].firstIndex(of: 0x0A),
                  bytes[(first + 1)...].contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }),
                  (try? JSONParser.parse(bytes[start..<first])) == nil, let value = try? JSONParser.parse(bytes), case .object = value {
            // One object pretty-printed over several lines.
            whole = [InputEvent(line: 1, bytes: bytes, json: .success(value))]
        }
    }

    /// Every event at once (small inputs and tests).
    public static func read(_ bytes: [UInt8]) -> [InputEvent] { Array(EventInput(bytes)) }

    public mutating func next() -> InputEvent? {
        if whole != nil {
            return whole!.isEmpty ? nil : whole!.removeFirst()
        }
        while offset < bytes.count {
            lineNumber += 1
            let end = bytes[offset...].firstIndex(of: 0x0A) ?? bytes.count
            let range = offset..<end
            offset = end + 1
            if bytes[range].allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            if range.count > Self.maxEventBytes {
                let failure = JSONParser.Failure(message: "event larger than \(Self.maxEventBytes >> 20) MiB", line: 1, column: 1)
                return InputEvent(line: lineNumber, bytes: Array(bytes[range].prefix(1024)), json: .failure(failure))
            }
            let line = Array(bytes[range])
            do {
                return InputEvent(line: lineNumber, bytes: line, json: .success(try JSONParser.parse(line)))
            } catch {
                return InputEvent(line: lineNumber, bytes: line, json: .failure(error))
            }
        }
        return nil
    }
}
