import Dispatch
import Foundation
internal import GRDB
internal import GRDBSQLite
import Synchronization

/// Copies the WAL into the database file on a connection and thread of its own, instead of
/// inside a commit (SQLite's default). The copy is a PASSIVE checkpoint, at most every `interval`
/// while commits come. It takes no write lock, so commits go on during its I/O. A checkpoint
/// inside a commit held webhook answers for 40–100 ms (BENCHMARKS.md). Under steady writes the
/// WAL is never wholly copied when the next commit starts, so it does not start over and keeps
/// growing; once it holds `restartFrames` frames a RESTART checkpoint follows. That one keeps the
/// write lock through its fsyncs, so both files are synced just before it, without a lock: its
/// own fsyncs then write only what the last few commits added (a 35–150 ms hold became 2–4 ms).
final class Checkpointer: Sendable {
    private struct State {
        var connection: DatabaseQueue?
        /// Frames in the WAL after the last commit; zero once a checkpoint has started after it.
        var frames = 0
        var lastCheckpoint = DispatchTime.now()
        /// A check or a checkpoint is queued.
        var scheduled = false
        var closed = false
    }

    /// The shortest time between two checkpoints.
    private static let interval = DispatchTimeInterval.milliseconds(500)
    /// 65,536 frames are 256 MiB of 4 KiB pages: about 18 s of webhooks at 500 a second.
    private static let restartFrames = 65536

    private let path: String
    private let queue = DispatchQueue(label: "warden.checkpoint", qos: .utility)
    private let state = Mutex(State())

    init(path: String) { self.path = path }

    /// Makes `connection` report its commits here (SQLite's WAL hook; this replaces its own
    /// checkpoint inside commits). The store keeps the checkpointer alive while it is open.
    func watch(_ connection: OpaquePointer) {
        sqlite3_wal_hook(connection, { context, _, _, frames in
            Unmanaged<Checkpointer>.fromOpaque(context!).takeUnretainedValue().committed(frames: Int(frames))
            return SQLITE_OK
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    private func committed(frames: Int) {
        let schedule = state.withLock { s -> Bool in
            s.frames = frames
            guard !s.scheduled, !s.closed else { return false }
            s.scheduled = true
            return true
        }
        if schedule { queue.async { self.check() } }
    }

    /// On the queue: checkpoints when there were commits since the last checkpoint and
    /// `interval` has passed since it, else looks again when it will have.
    private func check() {
        let due = state.withLock { s -> DispatchTime? in
            if s.closed || s.frames == 0 {
                s.scheduled = false
                return nil
            }
            return s.lastCheckpoint + Self.interval
        }
        guard let due else { return }
        if due > .now() {
            queue.asyncAfter(deadline: due) { self.check() }
            return
        }
        let frames = state.withLock { s in
            defer { (s.frames, s.lastCheckpoint) = (0, .now()) }
            return s.frames
        }
        checkpoint(restart: frames >= Self.restartFrames)
        queue.async { self.check() }
    }

    /// On the queue, the only place that opens or uses the connection; it is opened outside the
    /// lock, which every commit takes.
    private func checkpoint(restart: Bool) {
        // A failed checkpoint leaves the WAL as it is; a later one copies it.
        guard let connection = state.withLock({ $0.connection }) ?? open() else { return }
        try? connection.writeWithoutTransaction { db in
            guard let c = db.sqliteConnection else { return }
            Self.sync(c, SQLITE_FCNTL_JOURNAL_POINTER)
            try db.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)")
            guard restart else { return }
            // A second PASSIVE copies what came during the first, so the RESTART copies only the
            // last few commits, and its fsyncs, under the write lock, write only those.
            for mode in ["PASSIVE", "RESTART"] {
                Self.sync(c, SQLITE_FCNTL_JOURNAL_POINTER)
                Self.sync(c, SQLITE_FCNTL_FILE_POINTER)
                try db.execute(sql: "PRAGMA wal_checkpoint(\(mode))")
            }
        }
    }

    /// Syncs the connection's database file (`SQLITE_FCNTL_FILE_POINTER`) or its WAL
    /// (`SQLITE_FCNTL_JOURNAL_POINTER`) through SQLite's own handle, which takes no lock. (A
    /// descriptor of our own would do, but closing it would drop SQLite's POSIX locks on the file.)
    private static func sync(_ connection: OpaquePointer, _ file: Int32) {
        var handle: UnsafeMutablePointer<sqlite3_file>?
        guard sqlite3_file_control(connection, "main", file, &handle) == SQLITE_OK,
              let handle, let sync = handle.pointee.pMethods?.pointee.xSync else { return }
        _ = sync(handle, SQLITE_SYNC_NORMAL | SQLITE_SYNC_DATAONLY)
    }

    private func open() -> DatabaseQueue? {
        // Not once the database is gone: opening would create an empty one.
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        var config = Configuration()
        config.busyMode = .timeout(10)
        let connection = try? DatabaseQueue(path: path, configuration: config)
        state.withLock { $0.connection = connection }
        return connection
    }

    /// Waits for a running checkpoint and closes the connection; commits are no longer watched.
    func close() {
        state.withLock { $0.closed = true }
        queue.sync {}
        try? state.withLock { $0.connection }?.close()
    }
}
