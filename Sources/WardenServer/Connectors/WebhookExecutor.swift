import AsyncHTTPClient
import NIOCore
import WardenEngine
import WardenIngest
import WardenPolicy

/// Posts an action's JSON to an executor, signed `Warden-Signature: t=..., v1=...`; 2xx means done.
struct WebhookExecutor {
    let url: String
    let secret: String
    let client: HTTPClient
    let clock: @Sendable () -> Timestamp

    func execute(_ action: Action) async -> ExecutionResult {
        let body = action.json.compactBytes
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Warden-Signature", value: WebhookSignature.header(body: body, secret: secret, at: clock()))
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: .seconds(15))
            let text = String(buffer: try await response.body.collect(upTo: 64 << 10))
            return .from(status: Int(response.status.code), message: String(text.prefix(200)))
        } catch {
            return .retry(status: nil, message: "\(error)")
        }
    }
}
