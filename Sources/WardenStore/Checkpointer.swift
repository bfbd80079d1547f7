import Dispatch
import Foundation
internal import GRDB
internal import GRDBSQLite
import Synchronization

/// Copies the WAL into the database file on a connection and thread of its own, instead of
/// inside a commit (SQLite's default). A checkpoint makes the file system flush, and a WAL append
/// waits for that flush (seen on ext4 here: 10 ms per checkpoint at least, 40–100 ms for one of
/// 32 MiB). So the WAL is copied once no commit came for `quietPeriod`, or, under steady writes,
/// once it holds `capFrames` frames; in that case a RESTART checkpoint follows the passive one,
/// so that the WAL starts over instead of growing.
final class Checkpointer: Sendable {
    private struct State {
        var connection: DatabaseQueue?
        /// Frames in the WAL after the last commit; zero once they are copied.
        var frames = 0
        var lastCommit = DispatchTime.now()
        /// A check or a checkpoint is queued.
        var scheduled = false
        var closed = false
    }

    private let path: String
    private let queue = DispatchQueue(label: "warden.checkpoint", qos: .utility)
    private let state = Mutex(State())
    private let quietPeriod: DispatchTimeInterval
    private let capFrames: Int

    /// 2,048 frames are 8 MiB of 4 KiB pages, about a second of webhooks at 500 a second.
    init(path: String, quietPeriod: DispatchTimeInterval = .milliseconds(500), capFrames: Int = 2048) {
        self.path = path
        self.quietPeriod = quietPeriod
        self.capFrames = capFrames
    }

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
            s.lastCommit = .now()
            guard !s.scheduled, !s.closed else { return false }
            s.scheduled = true
            return true
        }
        if schedule { queue.async { self.check() } }
    }

    /// On the queue: checkpoints when commits have paused or the WAL is full, else looks again
    /// when the quiet period would end.
    private func check() {
        let next = state.withLock { s -> DispatchTime? in
            if s.closed || s.frames == 0 {
                s.scheduled = false
                return nil
            }
            let quietAt = s.lastCommit + quietPeriod
            return s.frames >= capFrames || DispatchTime.now() >= quietAt ? .now() : quietAt
        }
        guard let next else { return }
        if next > .now() {
            queue.asyncAfter(deadline: next) { self.check() }
            return
        }
        let full = state.withLock { s in
            defer { s.frames = 0 }
            return s.frames >= capFrames
        }
        checkpoint(restart: full)
        queue.async { self.check() }
    }

    private func checkpoint(restart: Bool) {
        // A failed checkpoint leaves the WAL as it is; a later one copies it.
        try? state.withLock { s in
            if s.connection == nil {
                // Not once the database is gone: opening would create an empty one.
                guard FileManager.default.fileExists(atPath: path) else { throw StoreError("no database at `\(path)`") }
                var config = Configuration()
                config.busyMode = .timeout(10)
                s.connection = try DatabaseQueue(path: path, configuration: config)
            }
            return s.connection!
        }.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)")
            if restart { try db.execute(sql: "PRAGMA wal_checkpoint(RESTART)") }
        }
    }

    /// Waits for a running checkpoint and closes the connection; commits are no longer watched.
    func close() {
        state.withLock { $0.closed = true }
        queue.sync {}
        try? state.withLock { $0.connection }?.close()
    }
}
