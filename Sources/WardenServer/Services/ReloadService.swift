import Logging
import ServiceLifecycle
import UnixSignals
import WardenPolicy

/// Reloads the policies on SIGHUP. A broken policy set is refused and logged; the old one keeps running.
struct ReloadService: Service {
    let host: EngineHost
    let folder: String
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() { await reload() }
    }

    func reload() async {
        do {
            let loaded = try PolicyLoader.load(directory: folder)
            let errors = loaded.diagnostics.filter { $0.severity == .error }
            guard errors.isEmpty else {
                logger.error("policy reload refused; the previous policies keep running", metadata: ["errors": "\(errors.count)"])
                for d in errors.prefix(20) { logger.error("\(d.rendered)") }
                return
            }
            let delta = try await host.reload(loaded.policies)
            logger.notice("policies reloaded", metadata: ["hash": "\(loaded.policies.contentHash.prefix(16))",
                                                          "actions": "\(delta.createdActions.count)"])
        } catch {
            logger.error("policy reload failed; the previous policies keep running", metadata: ["error": "\(error)"])
        }
    }
}
