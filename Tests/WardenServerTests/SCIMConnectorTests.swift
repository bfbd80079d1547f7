import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Synchronization
import Testing
import WardenEngine
import WardenPolicy
import WardenServer
import WardenStore
import WardenTesting

/// The SCIM connector's user lookup against a small SCIM app: `match: email` finds an account by
/// `userName`, then by `emails`; a removal whose account is absent is done, and says so.
@Suite struct SCIMConnectorTests {
    /// The app's accounts and what it was asked.
    final class App: Sendable {
        struct Account: Sendable {
            var id: String
            var userName: String
            var email: String?
        }
        let accounts: Mutex<[Account]>
        let requests = Mutex<[String]>([])
        /// Answer this status to `emails.value` filters (an app that cannot search by email).
        let emailFilterStatus: Int?
        init(_ accounts: [Account], emailFilterStatus: Int? = nil) {
            self.accounts = Mutex(accounts)
            self.emailFilterStatus = emailFilterStatus
        }
        var log: [String] { requests.withLock { $0 } }
    }

    static let token = "scim-app-token"

    static func json(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(status: status, headers: [.contentType: "application/scim+json"], body: .init(byteBuffer: .init(string: body)))
    }

    static func app(_ state: App) -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        router.get("/v2/Users") { request, _ -> Response in
            let filter = request.uri.queryParameters.get("filter") ?? ""
            state.requests.withLock { $0.append("GET \(filter)") }
            let parts = filter.split(separator: " ", maxSplits: 2).map(String.init)
            guard parts.count == 3, parts[1] == "eq" else { return Self.json(.badRequest, #"{"detail":"bad filter"}"#) }
            if parts[0] == "emails.value", let status = state.emailFilterStatus {
                return Self.json(.init(code: status), #"{"scimType":"invalidFilter","detail":"cannot filter on emails"}"#)
            }
            let value = String(parts[2].dropFirst().dropLast())
            let found = state.accounts.withLock { list in
                list.filter { parts[0] == "userName" ? $0.userName == value : $0.email == value }
            }
            let resources = found.map { #"{"id":"\#($0.id)","userName":"\#($0.userName)","active":true}"# }
            return Self.json(.ok, #"{"totalResults":\#(found.count),"Resources":[\#(resources.joined(separator: ","))]}"#)
        }
        router.patch("/v2/Users/:id") { _, context -> Response in
            state.requests.withLock { $0.append("PATCH \(context.parameters.get("id") ?? "")") }
            return Self.json(.ok, "{}")
        }
        router.delete("/v2/Users/:id") { _, context -> Response in
            state.requests.withLock { $0.append("DELETE \(context.parameters.get("id") ?? "")") }
            return Response(status: .noContent)
        }
        router.post("/v2/Users") { _, _ -> Response in
            state.requests.withLock { $0.append("POST") }
            return Self.json(.created, #"{"id":"new"}"#)
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    /// Dispatches GitHub's due actions (over the examples) to the app; returns frances.allen's
    /// leaver deprovision after the pass.
    func deprovisionFrances(_ state: App) async throws -> (Action, [DispatchAttempt]) {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        return try await Self.app(state).test(TestingSetup.live) { client in
            let host = try await ConnectorFixture.host(
                dir: dir, app: "github", connector: "scim: { base-url: \"http://127.0.0.1:\(client.port!)/v2\", token-env: APP_TOKEN, match: email }",
                clock: ConnectorFixture.wallClock)
            let frances = try #require(try host.store.actions(ActionQuery(statuses: [.pending], app: "github"))
                .first { $0.type == .deprovision && $0.user.email == "frances.allen@example.com" })
            _ = try await Dispatcher(host: host, client: .shared, holder: "t", environment: ["APP_TOKEN": Self.token],
                                     clock: ConnectorFixture.wallClock).runOnce(app: "github")
            return (try #require(try host.store.action(id: frances.id)), try host.store.attempts(action: frances.id))
        }
    }

    @Test func anAccountWhoseUserNameIsNotTheEmailIsFoundByItsEmails() async throws {
        let state = App([.init(id: "u-frances", userName: "fallen", email: "frances.allen@example.com")])
        let (action, attempts) = try await deprovisionFrances(state)
        #expect(state.log.contains(#"GET userName eq "frances.allen@example.com""#))
        #expect(state.log.contains(#"GET emails.value eq "frances.allen@example.com""#))
        #expect(state.log.contains("PATCH u-frances"), "deprovision: deactivate (the default)")
        #expect(action.status == .done && action.resolution?.message == "carried out by the scim connector")
        #expect(attempts.map(\.outcome) == ["done"] && attempts.first?.message == nil)
    }

    @Test func aRemovalWithNoAccountInTheAppIsDoneAndSaysSo() async throws {
        let state = App([])
        let (action, attempts) = try await deprovisionFrances(state)
        #expect(!state.log.contains { $0.hasPrefix("PATCH") || $0.hasPrefix("DELETE") })
        #expect(action.status == .done)
        #expect(action.resolution?.message == "no account in the app (scim connector)")
        #expect(attempts.first?.outcome == "done" && attempts.first?.message == "no account in the app")
    }

    @Test func anAppThatCannotSearchEmailsIsAnsweredByItsUserNameLookup() async throws {
        let state = App([], emailFilterStatus: 400)
        let (action, attempts) = try await deprovisionFrances(state)
        #expect(state.log.contains(#"GET emails.value eq "frances.allen@example.com""#))
        #expect(action.status == .done && attempts.first?.message == "no account in the app")
    }

    @Test func aFailingLookupIsRetriedNotTakenForAbsence() async throws {
        let state = App([], emailFilterStatus: 503)
        let (action, attempts) = try await deprovisionFrances(state)
        #expect(action.status == .pending)
        #expect(attempts.map(\.outcome) == ["retry"] && attempts.first?.status == 503)
    }
}
