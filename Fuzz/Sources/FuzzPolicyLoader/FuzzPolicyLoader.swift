import FuzzSupport
import WardenPolicy

/// Within a day of the seed policies' dates, so the expired-exception check runs.
let now = Timestamp(iso8601: "2026-03-01T00:00:00Z")!

/// One policy file's bytes through the loader and validator; every diagnostic rendered.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let source = PolicySource(path: "policies/fuzz.yaml", bytes: Array(input(data, size)))
    let result = PolicyLoader.load(sources: [source], now: now)
    for diagnostic in result.diagnostics {
        precondition(!diagnostic.code.isEmpty && !diagnostic.message.isEmpty, "diagnostic without a code or message")
        _ = diagnostic.rendered
    }
    return 0
}

@main enum Main {
    static func main() { runLibFuzzer(fuzz) }
}
