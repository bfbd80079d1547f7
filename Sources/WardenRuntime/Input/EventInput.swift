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
}

/// Splits event input into events: one JSON object, a JSON array of objects, or JSON Lines.
public enum EventInput {
    /// Largest single event accepted.
    public static let maxEventBytes = 1 << 20

    public static func read(_ bytes: [UInt8]) -> [InputEvent] {
        let start = bytes.firstIndex { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF }
        guard let start else { return [] }
        if bytes[start] == UInt8(ascii: "[") {
            // A JSON array: each element is one event, numbered from 1.
            if case .array(let items)? = try? JSONParser.parse(bytes, limits: .init(maxDepth: 66)) {
                return items.enumerated().map { i, item in
                    InputEvent(line: i + 1, bytes: Array(item.compactText.utf8), json: .success(item))
                }
            }
        }
        // A single JSON object (possibly pretty-printed over several lines).
        if let whole = try? JSONParser.parse(bytes), case .object = whole {
            return [InputEvent(line: 1, bytes: bytes, json: .success(whole))]
        }
        var events: [InputEvent] = []
        var lineNumber = 0
        var lineStart = 0
        for i in 0...bytes.count where i == bytes.count || bytes[i] == 0x0A {
            lineNumber += 1
            let line = Array(bytes[lineStart..<i])
            lineStart = i + 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            if line.count > maxEventBytes {
                let failure = JSONParser.Failure(message: "event larger than \(maxEventBytes >> 20) MiB", line: 1, column: 1)
                events.append(InputEvent(line: lineNumber, bytes: Array(line.prefix(1024)), json: .failure(failure)))
                continue
            }
            do {
                events.append(InputEvent(line: lineNumber, bytes: line, json: .success(try JSONParser.parse(line))))
            } catch {
                events.append(InputEvent(line: lineNumber, bytes: line, json: .failure(error)))
            }
        }
        return events
    }
}
