import ArgumentParser
import Foundation

/// Runs the command line and turns `Exit` into the process exit code.
public enum WardenMain {
    public static func run(_ arguments: [String]? = nil) async {
        do {
            var command = try WardenCommand.parseAsRoot(arguments)
            if var async = command as? any AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
            KeptUntilExit.closeAll()
        } catch let exit as Exit {
            KeptUntilExit.closeAll()
            Foundation.exit(exit.code)
        } catch {
            KeptUntilExit.closeAll()
            WardenCommand.exit(withError: error)
        }
    }
}
