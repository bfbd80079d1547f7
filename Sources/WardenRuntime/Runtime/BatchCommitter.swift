import Dispatch
import WardenStore

/// Commits batches on a background thread, one at a time, so that a long ingest decodes and
/// plans the next batch while SQLite writes (and the audit log hashes) the previous one.
final class BatchCommitter: @unchecked Sendable {
    private let store: SQLiteStore
    private let queue = DispatchQueue(label: "warden.commit")
    private let finished = DispatchSemaphore(value: 0)
    /// Written by the commit thread before it signals `finished`; read after waiting on it.
    private var failure: StoreError?
    private var inFlight = false

    init(store: SQLiteStore) { self.store = store }

    /// Starts committing `batch` (on the calling thread when `inline`); the previous one must
    /// have been waited for.
    func submit(_ batch: StoreBatch, inline: Bool = false) {
        precondition(!inFlight, "one batch at a time")
        inFlight = true
        let commit: @Sendable () -> Void = { [store] in
            do throws(StoreError) {
                try store.write(batch)
            } catch {
                self.failure = error
            }
            self.finished.signal()
        }
        if inline { commit() } else { queue.async(execute: commit) }
    }

    /// Waits until the batch in flight (if any) is committed, and rethrows its failure.
    func wait() throws(StoreError) {
        guard inFlight else { return }
        finished.wait()
        inFlight = false
        if let failure {
            self.failure = nil
            throw failure
        }
    }
}
