internal import Crypto
import Foundation
internal import Yams

/// The result of loading a policy folder: the policies (when usable) and every problem found.
public struct PolicyLoadResult: Sendable {
    public var policies: PolicySet
    /// Errors and warnings, sorted by file, line and column.
    public var diagnostics: [Diagnostic]
    /// The files read, relative paths as used in spans.
    public var files: [String]

    public var hasErrors: Bool { diagnostics.hasErrors }
}

/// A policy file's path and text.
public struct PolicySource: Sendable, Hashable {
    public var path: String
    public var bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }
}

/// Reads `*.yaml` / `*.yml` policy files strictly, collecting all problems (SPEC §2).
public enum PolicyLoader {
    /// Larger policy files are refused.
    public static let maxFileBytes = 4 << 20

    /// Loads every policy file under `directory`, recursively, in path order. Throws only when the
    /// folder cannot be read at all; problems in files become diagnostics.
    public static func load(directory: String, now: Timestamp? = nil) throws -> PolicyLoadResult {
        load(sources: try readSources(directory: directory), now: now)
    }

    /// The policy files under `directory` (sorted), with paths as `directory/relative`.
    public static func readSources(directory: String) throws -> [PolicySource] {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw PolicyFolderError(message: "policy folder `\(directory)` does not exist or is not a folder")
        }
        guard let walker = fm.enumerator(atPath: directory) else {
            throw PolicyFolderError(message: "cannot read policy folder `\(directory)`")
        }
        var paths: [String] = []
        while let rel = walker.nextObject() as? String {
            if rel.hasSuffix(".yaml") || rel.hasSuffix(".yml") { paths.append(rel) }
        }
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        return try paths.sorted().map { rel in
            let full = base + "/" + rel
            let failure = PolicyFolderError(message: "cannot read policy file `\(full)`")
            guard let handle = FileHandle(forReadingAtPath: full) else { throw failure }
            defer { try? handle.close() }
            // One byte past the limit is enough to refuse a file; a huge one is never read whole.
            guard let data = try? handle.read(upToCount: maxFileBytes + 1) ?? Data() else { throw failure }
            return PolicySource(path: full, bytes: Array(data))
        }
    }

    /// Loads the given sources. `now`, when given, enables the expired-exception warning.
    public static func load(sources: [PolicySource], now: Timestamp? = nil) -> PolicyLoadResult {
        var diagnostics: [Diagnostic] = []
        var documents: [PolicyDocument] = []
        var hasher = SHA256()
        for source in sources.sorted(by: { $0.path < $1.path }) {
            hasher.update(data: Array(source.path.utf8) + [0])
            hasher.update(data: source.bytes + [0])
            let (docs, problems) = parse(source)
            documents += docs
            diagnostics += problems
        }
        var set = PolicySet(contentHash: Hex.encode(hasher.finalize()))
        var settingsSeen = false
        var firstSettings: SourceSpan?
        for doc in documents {
            switch doc {
            case .owner(let o): set.owners.append(o)
            case .application(let a): set.applications.append(a)
            case .exception(let e): set.exceptions.append(e)
            case .test(let t): set.tests.append(t)
            case .settings(let s):
                if let first = firstSettings {
                    diagnostics.append(.error("policy_duplicate_settings", "there is more than one Settings document", at: s.span,
                                              help: "merge it into the first one, at \(first)"))
                } else {
                    set.settings = s
                    settingsSeen = true
                    firstSettings = s.span
                }
            }
        }
        diagnostics += PolicyValidator.validate(set, settingsSeen: settingsSeen, now: now)
        return PolicyLoadResult(policies: set, diagnostics: diagnostics.sortedForDisplay(), files: sources.map(\.path).sorted())
    }

    /// Parses one file into documents; YAML syntax errors stop that file.
    static func parse(_ source: PolicySource) -> ([PolicyDocument], [Diagnostic]) {
        let start = SourceSpan(file: source.path, line: 1, column: 1)
        guard source.bytes.count <= maxFileBytes else {
            return ([], [.error("policy_file_too_large", "file is larger than \(maxFileBytes >> 20) MiB", at: start)])
        }
        guard let text = String(validating: source.bytes, as: UTF8.self) else {
            return ([], [.error("policy_invalid_utf8", "file is not valid UTF-8", at: invalidUTF8Span(source))])
        }
        if let mark = AliasKeyCheck.firstAliasKey(in: text) {
            return ([], [.error("policy_yaml_alias_key", "an alias cannot be a mapping key, nor part of one",
                                at: SourceSpan(file: source.path, line: mark.line, column: mark.column),
                                help: "keys are plain strings; this file was not loaded")])
        }
        let reader = NodeReader(file: source.path, byteCount: source.bytes.count)
        var documents: [PolicyDocument] = []
        do {
            let parser = try Parser(yaml: text, resolver: .basic)
            while let root = try parser.nextRoot() {
                if case .scalar(let s) = root, s.string.isEmpty { continue }
                if let doc = reader.document(root) { documents.append(doc) }
            }
        } catch let error as YamlError {
            reader.error("policy_yaml_syntax", yamlMessage(error), at: yamlSpan(error, file: source.path), help: yamlHelp(error))
        } catch {
            reader.error("policy_yaml_syntax", "cannot parse YAML", at: start)
        }
        return (documents, reader.diagnostics)
    }

    /// Where the first byte that is not UTF-8 is (columns count characters, as YAML marks do).
    private static func invalidUTF8Span(_ source: PolicySource) -> SourceSpan {
        var line = 1, column = 1
        var bytes = source.bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        while case .valid(let scalar) = parser.parseScalar(from: &bytes) {
            if scalar.first == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
        }
        return SourceSpan(file: source.path, line: line, column: column)
    }

    private static func yamlSpan(_ error: YamlError, file: String) -> SourceSpan {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return SourceSpan(file: file, line: mark.line, column: mark.column)
        case .duplicatedKeysInMapping(_, let context):
            return SourceSpan(file: file, line: max(1, context.mark.line), column: max(1, context.mark.column))
        case .reader(_, let offset, _, let yaml):
            let prefix = yaml.utf8.prefix(offset ?? 0)
            let line = prefix.filter { $0 == UInt8(ascii: "\n") }.count + 1
            let column = prefix.count - (prefix.lastIndex(of: UInt8(ascii: "\n")).map { prefix.distance(from: prefix.startIndex, to: $0) + 1 } ?? 0) + 1
            return SourceSpan(file: file, line: line, column: column)
        default:
            return SourceSpan(file: file, line: 1, column: 1)
        }
    }

    private static func yamlHelp(_ error: YamlError) -> String? {
        switch error {
        case .duplicatedKeysInMapping:
            return "YAML allows each key once per mapping; remove or merge the repeated one (this file was not loaded)"
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _):
            if problem.contains("mapping values are not allowed") {
                return "check the indentation above, and quote values that contain `: `"
            }
            if problem.contains("tab") { return "indent with spaces, not tabs" }
            return "this file was not loaded; fix the syntax and run `warden validate` again"
        default:
            return nil
        }
    }

    private static func yamlMessage(_ error: YamlError) -> String {
        switch error {
        case .parser(_, let problem, _, _) where problem.hasPrefix("Maximum nesting level"):
            return "invalid YAML: nested more than 1000 levels deep"
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _), .composer(let context, let problem, _, _):
            let ctx = context.map { " \($0.text)" } ?? ""
            return "invalid YAML: \(problem)\(ctx)"
        case .reader(let problem, _, _, _):
            return "invalid YAML: \(problem)"
        case .duplicatedKeysInMapping(let keys, _):
            return "key " + keys.map { "`\($0)`" }.joined(separator: ", ") + " appears more than once in the same mapping"
        default:
            return "invalid YAML"
        }
    }
}

/// The policy folder itself cannot be read.
public struct PolicyFolderError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
