import Logging
import ServiceLifecycle

/// Runs `check` semantics (deadlines, expiries, escalation) every `interval`.
struct DeadlineService: Service {
    let host: EngineHost
    let interval: Duration
    let logger: Logger

    /// Ends at graceful shutdown (the sleep is cancelled, a check in progress completes).
    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let delta = try await host.check()
                    if !delta.violations.isEmpty || !delta.actions.isEmpty {
                        logger.info("deadline check", metadata: ["violations": "\(delta.violations.count)", "actions": "\(delta.actions.count)"])
                    }
                } catch {
                    logger.error("deadline check failed", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
