import FuzzSupport
import WardenEngine
import WardenIngest

/// CSV or JSON export bytes through the reader; accounts must be named and unique.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let result = try? AccountExport.read(Array(input(data, size))) else { return 0 }
    var seen = Set<String>()
    for account in result.accounts {
        precondition(!account.user.isEmpty, "account without a user")
        precondition(seen.insert(account.user.lowercased()).inserted, "user listed twice")
    }
    for problem in result.problems { _ = problem.description }
    return 0
}

@main enum Main {
    static func main() { runLibFuzzer(fuzz) }
}
