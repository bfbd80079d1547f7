internal import GRDB
internal import GRDBSQLite

/// A prepared statement driven straight through the SQLite C API, for the bulk paths (opening
/// the mirror, committing batches) where boxing every value for GRDB dominated the time. Used
/// only inside a GRDB read or write closure, on that closure's connection; errors carry SQLite's
/// message, never the bound values. Fixed SQL uses the connection's cached statement, prepared
/// once: a webhook commits a batch of one event, and preparing its statements took a fifth of it.
final class RawStatement {
    /// GRDB's statement, which owns the handle.
    private let statement: Statement
    private let handle: OpaquePointer
    private let connection: OpaquePointer

    /// SQLite copies bound text and blobs before `bind` returns.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    /// `cached: false` for SQL built per call (say, with a limit), which would fill the cache.
    /// Two cached ones alive at once with the same SQL share one handle: keep one per SQL text.
    init(_ db: Database, _ sql: String, cached: Bool = true) throws(StoreError) {
        guard let connection = db.sqliteConnection else { throw StoreError("the database connection is closed") }
        self.connection = connection
        do {
            statement = try cached ? db.cachedStatement(sql: sql) : db.makeStatement(sql: sql)
        } catch {
            throw StoreError("cannot prepare a statement: \(SQLiteStore.describe(error))")
        }
        handle = statement.sqliteStatement
        // A cached statement may keep the bindings and the position of its last use.
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// A query left before its last row would otherwise keep its read open.
    deinit { sqlite3_reset(handle) }

    func bind(_ index: Int32, _ value: String?) {
        guard var value else { return bindNull(index) }
        value.withUTF8 { utf8 in
            if let base = utf8.baseAddress {
                sqlite3_bind_text(handle, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(utf8.count), Self.transient)
            } else {
                sqlite3_bind_text(handle, index, "", 0, Self.transient)
            }
        }
    }

    func bind(_ index: Int32, _ value: Int64?) {
        guard let value else { return bindNull(index) }
        sqlite3_bind_int64(handle, index, value)
    }

    func bind(_ index: Int32, _ value: Int?) { bind(index, value.map(Int64.init)) }

    func bind(_ index: Int32, _ value: Bool) { sqlite3_bind_int64(handle, index, value ? 1 : 0) }

    func bind(_ index: Int32, blob: [UInt8]) {
        blob.withUnsafeBytes { raw in
            // A zero-length blob still needs a non-null pointer, or SQLite stores NULL.
            sqlite3_bind_blob(handle, index, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(raw.count), Self.transient)
        }
    }

    func bindNull(_ index: Int32) { sqlite3_bind_null(handle, index) }

    /// Binds a query argument of the kinds the store passes: text, integers, or nil.
    func bind(_ index: Int32, any value: (any DatabaseValueConvertible)?) throws(StoreError) {
        switch value {
        case nil: bindNull(index)
        case let v as String: bind(index, v)
        case let v as Int64: bind(index, v)
        case let v as Int: bind(index, v)
        case let v as Bool: bind(index, v)
        default: throw StoreError("unsupported query argument")
        }
    }

    /// Runs a statement that returns no rows, then makes it ready for the next bindings.
    func run() throws(StoreError) {
        let rc = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard rc == SQLITE_DONE || rc == SQLITE_ROW else { throw failure() }
    }

    /// Rows changed by the last `run`.
    var changes: Int { Int(sqlite3_changes(connection)) }

    /// Steps to the next row of a query: false at the end.
    func next() throws(StoreError) -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw failure()
        }
    }

    func reset() { sqlite3_reset(handle) }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

    func text(_ column: Int32) -> String {
        guard let p = sqlite3_column_text(handle, column) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, column))), as: UTF8.self)
    }

    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }

    /// The column's bytes, valid only inside `body`.
    func withBlob<T>(_ column: Int32, _ body: (UnsafeRawBufferPointer) throws(StoreError) -> T) throws(StoreError) -> T {
        let p = sqlite3_column_blob(handle, column)
        return try body(UnsafeRawBufferPointer(start: p, count: p == nil ? 0 : Int(sqlite3_column_bytes(handle, column))))
    }

    private func failure() -> StoreError {
        StoreError("database statement failed: \(String(cString: sqlite3_errmsg(connection)))")
    }
}
