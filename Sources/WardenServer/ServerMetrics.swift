import Foundation
public import Metrics
public import Prometheus
import WardenEngine
import WardenStore

/// Prometheus metrics through swift-metrics. The metrics system is process-wide, so it is
/// bootstrapped once and every server in the process reports into the same registry.
public enum ServerMetrics {
    /// The registry `/metrics` serves.
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(5), .milliseconds(50), .milliseconds(500), .seconds(5), .seconds(60), .seconds(600), .seconds(3600),
            .seconds(4 * 3600), .seconds(24 * 3600), .seconds(72 * 3600), .seconds(7 * 24 * 3600),
        ]
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    static func event(type: String, outcome: String) {
        _ = registry
        Counter(label: "warden_events_total", dimensions: [("type", type), ("outcome", outcome)]).increment()
    }

    static func webhookFailure(_ reason: String) {
        _ = registry
        Counter(label: "warden_webhook_verification_failures_total", dimensions: [("reason", reason)]).increment()
    }

    /// Directory change (the action's effective time) to action acknowledged done.
    static func propagationLag(_ seconds: Int64) {
        _ = registry
        Metrics.Timer(label: "warden_propagation_lag_seconds", preferredDisplayUnit: .seconds).recordSeconds(max(0, seconds))
    }

    /// Refreshes the gauges that count stored state, then renders the registry.
    static func render(store: SQLiteStore) throws -> String {
        _ = registry
        for (type, status, count) in try store.actionCounts() {
            Gauge(label: "warden_actions", dimensions: [("type", type), ("status", status)]).record(count)
        }
        let open = try store.openViolationCounts()
        for severity in Severity.allCases {
            Gauge(label: "warden_open_violations", dimensions: [("severity", severity.rawValue)]).record(open[severity.rawValue] ?? 0)
        }
        return registry.emitToString()
    }
}
