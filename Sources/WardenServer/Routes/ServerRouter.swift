package import Hummingbird
package import WardenPolicy

/// Every route of the server on one router. `router.routes` lists them: the credential tests
/// take the list from here, so a new route is checked as soon as it exists.
package func buildRouter(host: EngineHost, config: ServerConfig, clock: @escaping @Sendable () -> Timestamp,
                         makeSCIMId: @escaping @Sendable () -> String) -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self)
    WebhookRoutes(host: host, config: config, clock: clock).add(to: router)
    APIRoutes(host: host, config: config, clock: clock).add(to: router)
    SCIMRoutes(host: host, config: config, clock: clock, makeId: makeSCIMId).add(to: router)
    HealthRoutes(host: host).add(to: router)
    return router
}
