import ArgumentParser
import AsyncHTTPClient
import Foundation
import WardenPolicy
import WardenReports
import WardenServer
import WardenStore

/// `warden notify`: POST each owner's JSON report to its `notify.webhook`, signed.
struct NotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Deliver each owner's JSON report to its notify.webhook, signed with WARDEN_NOTIFY_SECRET (Warden-Signature).")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only this owner.")
    var owner: String?

    @Flag(help: "Show what would be sent; send nothing.")
    var dryRun = false

    @Option(help: "Retries after the first attempt, on 5xx, timeouts and connection errors.")
    var retries = 3

    @Option(help: "Delay before the first retry (doubles each time), e.g. 1s.")
    var retryDelay = "1s"

    @Option(help: "Report time (ISO-8601; default: now).")
    var now: TimeArgument?

    func run() async throws {
        let policies = try PolicyLoading.loadValid(global)
        if let owner, policies.owner(owner) == nil {
            Output.error("error: unknown owner `\(owner)`\(Suggest.didYouMean(owner, in: policies.owners.map(\.id)).map { "; \($0)" } ?? "")")
            throw Exit.failure
        }
        let store = try RuntimeOpening.store(global)
        let time = now?.timestamp ?? Clock.now()
        let violations = try storeCall { try store.violations(ViolationQuery(statuses: [.open])) }
        let reports = OwnerReports.build(violations: violations, policies: policies, at: time, owner: owner,
                                         lastNotified: try storeCall { try store.lastDelivered() })
        let env = ProcessInfo.processInfo.environment
        let secret = env["WARDEN_NOTIFY_SECRET"] ?? env["WARDEN_NOTIFY_SECRET_FILE"].flatMap {
            FileManager.default.contents(atPath: $0).flatMap { String(data: $0, encoding: .utf8)?.trimmingSpaces() }
        }
        guard dryRun || secret != nil else {
            Output.error("error: set WARDEN_NOTIFY_SECRET (or WARDEN_NOTIFY_SECRET_FILE) to sign the reports")
            throw Exit.failure
        }
        guard let delay = PolicyDuration(parsing: retryDelay) else {
            Output.error("error: --retry-delay `\(retryDelay)` is not a duration")
            throw Exit.failure
        }
        var notifier = Notifier(client: .shared, secret: secret ?? "", clock: Clock.now)
        notifier.retries = max(0, retries)
        notifier.firstDelay = .seconds(delay.seconds)
        var failed = 0
        for report in reports {
            guard let url = policies.owner(report.owner.id)?.notifyWebhook else { continue }
            if dryRun {
                Output.line("would send \(report.owner.id): \(report.items.count) open violations to \(url)")
                continue
            }
            let attempts = await notifier.deliver(report, to: url)
            try storeCall { try store.record(deliveries: attempts, at: Clock.now()) }
            let last = attempts.last
            if last?.outcome == "delivered" {
                Output.line("\(report.owner.id): delivered \(report.items.count) open violations (attempt \(last!.attempt), HTTP \(last!.status ?? 0))")
            } else {
                failed += 1
                Output.error("\(report.owner.id): not delivered after \(attempts.count) attempts: "
                             + (last?.status.map { "HTTP \($0)" } ?? last?.message ?? "unknown error"))
            }
        }
        if failed > 0 { throw Exit.failure }
    }
}
