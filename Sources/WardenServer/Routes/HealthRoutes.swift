import Hummingbird
import WardenPolicy

/// `/healthz` (the process answers), `/readyz` (database reachable, policies loaded), `/metrics`.
struct HealthRoutes {
    let host: EngineHost

    func add(to router: Router<BasicRequestContext>) {
        router.get("/healthz") { _, _ in Reply.json(.object([("status", .string("ok"))])) }
        router.get("/readyz") { _, _ in
            let db = host.store.ping()
            let apps = await host.policies.applications.count
            let ready = db && apps > 0
            return Reply.json(.object([("status", .string(ready ? "ready" : "not ready")), ("database", .bool(db)),
                                       ("applications", .number(Double(apps)))]), status: ready ? .ok : .serviceUnavailable)
        }
        router.get("/metrics") { _, _ in
            Reply.bytes(Array(try ServerMetrics.render(store: host.store).utf8), contentType: "text/plain; version=0.0.4")
        }
    }
}
