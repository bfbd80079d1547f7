internal import Crypto
import Foundation
internal import GRDB
public import WardenEngine
public import WardenPolicy

/// The hash-chained audit log (SPEC §4.6).
public enum AuditLog {
    /// The `prev_hash` of the first entry.
    public static let genesis = String(repeating: "0", count: 64)

    /// SHA-256 (hex) of an entry: previous hash, time (ms), kind, subject and canonical content,
    /// each followed by a newline.
    public static func hash(prev: String, at: Int64, kind: String, subject: String, content: String) -> String {
        var h = SHA256()
        for part in [prev, String(at), kind, subject, content] {
            var part = part
            part.withUTF8 { h.update(bufferPointer: UnsafeRawBufferPointer($0)) }
            withUnsafeBytes(of: UInt8(0x0A)) { h.update(bufferPointer: $0) }
        }
        return h.finalize().withUnsafeBytes { Hex.encode(buffer: $0) }
    }

    static func sha256(_ bytes: [UInt8]) -> String { SHA256.hash(data: bytes).withUnsafeBytes { Hex.encode(buffer: $0) } }

    /// One entry to append.
    struct Entry {
        let at: Timestamp
        let kind: String
        let subject: String
        let content: String
    }

    /// The entries a batch produces, in a fixed order: events, policy version, actions, violations.
    static func entries(for batch: StoreBatch, at time: Timestamp) -> [Entry] {
        var out: [Entry] = []
        for e in batch.events {
            let content = JSONValue.object([
                ("id", e.id.map(JSONValue.string) ?? .null), ("claimed_id", e.claimedId.map(JSONValue.string) ?? .null),
                ("type", e.type.map(JSONValue.string) ?? .null), ("source", .string(e.source)), ("outcome", .string(e.outcome.rawValue)),
                ("reason", e.reason.map(JSONValue.string) ?? .null),
                ("effective_at", e.effectiveAt.map { .string($0.iso8601) } ?? .null),
                ("received_at", .string(e.receivedAt.iso8601)), ("payload_sha256", .string(sha256(e.payload))),
            ]).compactText
            out.append(Entry(at: e.receivedAt, kind: "event", subject: e.id ?? e.claimedId ?? "rejected", content: content))
        }
        for id in batch.duplicates {
            out.append(Entry(at: time, kind: "duplicate", subject: id, content: #"{"delivered_again":true}"#))
        }
        if let hash = batch.meta["policy_hash"] {
            out.append(Entry(at: time, kind: "policy_load", subject: hash, content: JSONValue.object([("policy_hash", .string(hash))]).compactText))
        }
        for a in batch.actions { out.append(Entry(at: time, kind: "action", subject: a.id, content: String(decoding: a.jsonBytes, as: UTF8.self))) }
        for v in batch.violations { out.append(Entry(at: time, kind: "violation", subject: v.id, content: String(decoding: v.jsonBytes, as: UTF8.self))) }
        for d in batch.deliveries {
            out.append(Entry(at: d.at, kind: "delivery", subject: d.owner, content: JSONValue.object([
                ("owner", .string(d.owner)), ("url", .string(d.url)), ("attempt", .number(Double(d.attempt))),
                ("status", d.status.map { .number(Double($0)) } ?? .null), ("outcome", .string(d.outcome)),
                ("message", d.message.map(JSONValue.string) ?? .null), ("report_sha256", .string(d.reportSHA256)),
            ]).compactText))
        }
        return out
    }

    /// Appends entries after the current head, inside the caller's transaction.
    static func append(_ entries: [Entry], in db: Database) throws {
        guard !entries.isEmpty else { return }
        let head = try RawStatement(db, "SELECT value FROM meta WHERE key = 'audit_head'")
        var prev = try head.next() ? head.text(0) : genesis
        head.reset()
        let insert = try RawStatement(db, "INSERT INTO audit (at, kind, subject, content, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)")
        for e in entries {
            let h = hash(prev: prev, at: e.at.milliseconds, kind: e.kind, subject: e.subject, content: e.content)
            insert.bind(1, e.at.milliseconds)
            insert.bind(2, e.kind)
            insert.bind(3, e.subject)
            insert.bind(4, e.content)
            insert.bind(5, prev)
            insert.bind(6, h)
            try insert.run()
            prev = h
        }
        // The head is kept beside the chain, so dropping the newest entries is noticed too.
        let setHead = try RawStatement(db, "INSERT OR REPLACE INTO meta (key, value) VALUES ('audit_head', ?)")
        setHead.bind(1, prev)
        try setHead.run()
    }
}

/// What `warden audit verify` found.
public struct AuditVerification: Sendable {
    public var entries: Int
    /// The first entry that does not verify, and why.
    public var firstBroken: (seq: Int64, reason: String)?
    public var ok: Bool { firstBroken == nil }
}

/// One audit entry as exported.
public struct AuditEntry: Sendable {
    public var seq: Int64
    public var at: Timestamp
    public var kind: String
    public var subject: String
    public var content: String
    public var prevHash: String
    public var hash: String
}

extension SQLiteStore {
    /// Recomputes the chain from the first entry and names the first entry that breaks it.
    public func verifyAudit() throws(StoreError) -> AuditVerification {
        try read { db in
            var prev = AuditLog.genesis
            var expectedSeq: Int64?
            var count = 0
            let rows = try Row.fetchCursor(db, sql: "SELECT seq, at, kind, subject, content, prev_hash, hash FROM audit ORDER BY seq")
            while let row = try rows.next() {
                count += 1
                let seq: Int64 = row[0]
                if let expected = expectedSeq, seq != expected {
                    let missing = expected == seq - 1 ? "entry \(expected) is missing" : "entries \(expected)…\(seq - 1) are missing"
                    return AuditVerification(entries: count, firstBroken: (seq, missing))
                }
                expectedSeq = seq + 1
                let stored: String = row[6]
                guard (row[5] as String) == prev else {
                    return AuditVerification(entries: count, firstBroken: (seq, "its prev_hash does not match the previous entry's hash"))
                }
                let recomputed = AuditLog.hash(prev: prev, at: row[1], kind: row[2], subject: row[3], content: row[4])
                guard recomputed == stored else {
                    return AuditVerification(entries: count, firstBroken: (seq, "its content does not match its hash"))
                }
                prev = stored
            }
            if let head = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'audit_head'"), head != prev {
                return AuditVerification(entries: count, firstBroken: ((expectedSeq ?? 1), "the newest entries are missing (the chain ends before the recorded head)"))
            }
            return AuditVerification(entries: count, firstBroken: nil)
        }
    }

    /// Audit entries at or after `since`, in order.
    public func auditEntries(since: Timestamp? = nil) throws(StoreError) -> [AuditEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT seq, at, kind, subject, content, prev_hash, hash FROM audit WHERE at >= ? ORDER BY seq",
                             arguments: [since?.milliseconds ?? Int64.min]).map { row in
                AuditEntry(seq: row[0], at: Timestamp(milliseconds: row[1]), kind: row[2], subject: row[3], content: row[4],
                           prevHash: row[5], hash: row[6])
            }
        }
    }
}
