import FuzzSupport
import WardenIngest
import WardenPolicy

let secret = "whsec_fuzz"
/// The `t` of the seed headers, so the fuzzer starts inside the tolerance window.
let now = Timestamp(milliseconds: 1_767_225_600_000)

/// The input is `<WorkOS-Signature header>\n<body>`. Fuzzed headers must be refused or accepted
/// without trapping; a header signed for the body must always verify.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = input(data, size)
    let newline = bytes.firstIndex(of: 0x0A) ?? bytes.endIndex
    let header = String(decoding: bytes[..<newline], as: UTF8.self)
    let body = newline < bytes.endIndex ? Array(bytes[(newline + 1)...]) : []
    _ = try? WebhookSignature.verify(header: header, body: body, secret: secret, now: now)
    let signed = WebhookSignature.header(body: body, secret: secret, at: now)
    do {
        try WebhookSignature.verify(header: signed, body: body, secret: secret, now: now)
    } catch {
        preconditionFailure("a header signed for the body was refused: \(error)")
    }
    return 0
}

@main enum Main {
    static func main() { runLibFuzzer(fuzz) }
}
