import FuzzSupport
import WardenIngest
import WardenPolicy

/// JSON bytes (one event, or an array of events as in an events file) through the WorkOS decoder.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let json = try? JSONParser.parse(input(data, size)) else { return 0 }
    let events: [JSONValue]
    if case .array(let items) = json { events = items } else { events = [json] }
    for event in events {
        do {
            let decoded = try WorkOSDecoder.decode(event)
            _ = decoded.envelope
        } catch {
            precondition(!error.code.isEmpty, "error without a code")
            _ = error.description
        }
    }
    return 0
}

@main enum Main {
    static func main() { runLibFuzzer(fuzz) }
}
