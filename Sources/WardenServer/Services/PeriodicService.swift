import Logging
import ServiceLifecycle

/// Runs `work` every `interval` until graceful shutdown (the sleep is cancelled; a pass in
/// progress completes). A pass that fails is logged and the next one runs as planned.
struct PeriodicService: Service {
    let name: String
    let interval: Duration
    let logger: Logger
    /// One pass; returns what to log about it, or nil when there is nothing to say.
    let work: @Sendable () async throws -> Logger.Metadata?

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    if let metadata = try await work() { logger.info("\(name)", metadata: metadata) }
                } catch {
                    logger.error("\(name) failed", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
