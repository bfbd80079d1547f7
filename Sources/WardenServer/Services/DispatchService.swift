import Logging
import ServiceLifecycle

/// Runs the dispatcher every `interval` while any app has a connector.
struct DispatchService: Service {
    let dispatcher: Dispatcher
    let interval: Duration
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let s = try await dispatcher.runOnce()
                    if !s.done.isEmpty || !s.failed.isEmpty || !s.retrying.isEmpty {
                        logger.info("dispatch", metadata: ["done": "\(s.done.count)", "failed": "\(s.failed.count)", "retrying": "\(s.retrying.count)"])
                    }
                } catch {
                    logger.error("dispatch failed", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
