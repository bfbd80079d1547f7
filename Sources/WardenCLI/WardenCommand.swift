public import ArgumentParser

/// `warden`: the command-line entry point. Each subcommand lives in its own file.
public struct WardenCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "warden",
        abstract: "Identity lifecycle enforcement: directory changes in, enforcement actions and owned violations out.",
        version: "0.1.0",
        subcommands: [
            ValidateCommand.self, TestCommand.self, IngestCommand.self, ActionsCommand.self, AckCommand.self,
            CheckCommand.self, ViolationsCommand.self, EventsCommand.self, ExplainCommand.self, SnapshotCommand.self, ApproveCommand.self, RejectCommand.self,
            AuditCommand.self, PlanCommand.self, SchemaCommand.self, ReconcileCommand.self, ReportCommand.self, NotifyCommand.self, EnforceCommand.self, ServeCommand.self, SyncCommand.self, DemoCommand.self,
        ])

    public init() {}
}
