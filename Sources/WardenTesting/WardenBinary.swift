public import Foundation

/// Runs the built `warden` executable, for end-to-end tests.
public enum WardenBinary {
    /// The `warden` next to the running test bundle (SwiftPM builds it with the tests).
    public static let url: URL = {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for dir in [here, here.deletingLastPathComponent()] where FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("warden").path) {
            return dir.appendingPathComponent("warden")
        }
        return Repository.root.appendingPathComponent(".build/debug/warden")
    }()

    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `warden` with `arguments` in `directory` and waits for it without holding a thread of the
    /// cooperative pool (in-process test servers need those threads to answer the binary).
    public static func run(_ arguments: [String], in directory: URL = Repository.root, environment: [String: String] = [:],
                           stdin: Data? = nil) async throws -> Result {
        let process = try start(arguments, in: directory, environment: environment, stdin: stdin)
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: collect(process))
            }
        }
    }

    /// Reads both pipes to their end (concurrently, so neither can fill and stall the child) and waits for exit.
    static func collect(_ process: Process) -> Result {
        let out = process.standardOutput as! Pipe
        let err = process.standardError as! Pipe
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Starts `warden` without waiting (its output goes to pipes the caller may read).
    public static func start(_ arguments: [String], in directory: URL = Repository.root, environment: [String: String] = [:],
                             stdin: Data? = nil) throws -> Process {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        process.environment = env
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        if let stdin {
            let pipe = Pipe()
            process.standardInput = pipe
            try process.run()
            pipe.fileHandleForWriting.write(stdin)
            try pipe.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
        return process
    }
}
