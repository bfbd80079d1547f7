/// What one attempt to carry out an action came to.
public enum ExecutionResult: Sendable, Hashable {
    /// Carried out (HTTP status of the last call), with a note when there was nothing to do.
    case done(status: Int?, message: String? = nil)
    /// Refused by the app (4xx): the action fails with the app's message.
    case failed(status: Int?, message: String)
    /// Worth trying again later (5xx, timeout, connection error).
    case retry(status: Int?, message: String)

    /// Classifies an HTTP answer: 2xx done, 4xx failed (except 408 and 429), anything else retry.
    static func from(status: Int, message: @autoclosure () -> String) -> ExecutionResult {
        switch status {
        case 200..<300: return .done(status: status)
        case 408, 429: return .retry(status: status, message: message())
        case 400..<500: return .failed(status: status, message: message())
        default: return .retry(status: status, message: message())
        }
    }
}
