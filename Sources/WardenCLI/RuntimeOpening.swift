import Foundation
import WardenPolicy
import WardenRuntime
import WardenStore

/// Opening the database with the policies, for commands that plan.
enum RuntimeOpening {
    static func open(_ global: GlobalOptions, clock: @escaping @Sendable () -> Timestamp = Clock.now) throws -> Runtime {
        let policies = try PolicyLoading.loadValid(global)
        do {
            let runtime = try Runtime(databasePath: global.databasePath, policies: policies, clock: clock)
            if runtime.opening.policiesChanged, let delta = runtime.opening.delta {
                Output.error("policies changed since the last run: \(delta.createdActions.count) new actions (cause policy_change)")
            }
            KeptUntilExit.keep(runtime)
            return runtime
        } catch {
            Output.error("error: \(error)")
            throw Exit.failure
        }
    }

    /// The store alone, for commands that only read.
    static func store(_ global: GlobalOptions) throws -> SQLiteStore {
        do {
            return try SQLiteStore(path: global.databasePath)
        } catch {
            Output.error("error: \(error)")
            throw Exit.failure
        }
    }
}

/// Runs a store call, turning its failure into a clean exit.
func storeCall<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let e as Exit {
        throw e
    } catch {
        Output.error("error: \(error)")
        throw Exit.failure
    }
}

/// Runtimes the command line frees by exiting rather than one object at a time: a runtime over a
/// 100,000-user directory holds millions of small allocations, and releasing them takes longer
/// than exiting does. Their databases are still closed properly (checkpointed) by `closeAll`.
enum KeptUntilExit {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var runtimes: [Runtime] = []

    static func keep(_ runtime: Runtime) {
        lock.withLock { runtimes.append(runtime) }
    }

    /// Closes the kept runtimes' databases; call when the command is done.
    static func closeAll() {
        lock.withLock { for r in runtimes { r.store.close() } }
    }
}
