import CLibFuzzer

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// libFuzzer's test callback: one input, 0 to keep fuzzing (traps and sanitizer reports are findings).
public typealias FuzzTest = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

/// Hands the process to libFuzzer (command-line flags and corpus folders as usual) with `test`
/// as the target; each target's `@main` calls this.
public func runLibFuzzer(_ test: FuzzTest) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, test))
}

/// The input as a buffer (libFuzzer may pass a null pointer for the empty input).
public func input(_ data: UnsafePointer<UInt8>?, _ size: Int) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: size == 0 ? nil : data, count: size)
}
