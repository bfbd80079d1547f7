// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Warden",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "warden", targets: ["warden"]),
        .library(name: "WardenEngine", targets: ["WardenEngine"]),
        .library(name: "WardenIngest", targets: ["WardenIngest"]),
        .library(name: "WardenPolicy", targets: ["WardenPolicy"]),
        .library(name: "WardenReports", targets: ["WardenReports"]),
        .library(name: "WardenSCIM", targets: ["WardenSCIM"]),
        .library(name: "WardenTesting", targets: ["WardenTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
    ],
    targets: [
        .target(
            name: "WardenPolicy",
            dependencies: [.product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        .target(
            name: "WardenEngine",
            dependencies: ["WardenPolicy", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        .target(
            name: "WardenIngest",
            dependencies: ["WardenPolicy", "WardenEngine", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        .target(
            name: "WardenStore",
            dependencies: ["WardenPolicy", "WardenEngine", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift")],
            swiftSettings: strict),
        .target(
            name: "WardenRuntime",
            dependencies: ["WardenPolicy", "WardenEngine", "WardenIngest", "WardenStore"],
            swiftSettings: strict),
        .target(
            name: "WardenReports",
            dependencies: ["WardenPolicy", "WardenEngine"],
            swiftSettings: strict),
        .target(
            name: "WardenSCIM",
            dependencies: ["WardenPolicy", "WardenEngine"],
            swiftSettings: strict),
        .target(
            name: "WardenServer",
            dependencies: [
                "WardenPolicy", "WardenEngine", "WardenIngest", "WardenStore", "WardenRuntime", "WardenReports", "WardenSCIM",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            swiftSettings: strict),
        .target(
            name: "WardenTesting",
            dependencies: ["WardenPolicy", "WardenEngine", "WardenIngest", "WardenRuntime"],
            swiftSettings: strict),
        .target(
            name: "WardenCLI",
            dependencies: [
                "WardenPolicy", "WardenEngine", "WardenIngest", "WardenStore", "WardenRuntime", "WardenReports", "WardenServer",
                "WardenTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        .executableTarget(name: "warden", dependencies: ["WardenCLI"], swiftSettings: strict),
        .testTarget(name: "WardenPolicyTests", dependencies: ["WardenPolicy", "WardenTesting"], swiftSettings: strict),
        .testTarget(name: "WardenEngineTests", dependencies: ["WardenEngine", "WardenTesting"], swiftSettings: strict),
        .testTarget(name: "WardenIngestTests", dependencies: ["WardenIngest", "WardenTesting"], swiftSettings: strict),
        .testTarget(name: "WardenStoreTests", dependencies: ["WardenStore", "WardenRuntime", "WardenTesting", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: strict),
        .testTarget(name: "WardenRuntimeTests", dependencies: ["WardenRuntime", "WardenTesting"], swiftSettings: strict),
        .testTarget(name: "WardenReportsTests", dependencies: ["WardenReports", "WardenTesting"], swiftSettings: strict),
        .testTarget(name: "WardenServerTests", dependencies: [
            "WardenServer", "WardenStore", "WardenSCIM", "WardenTesting", .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ], swiftSettings: strict),
        .testTarget(name: "WardenSCIMTests", dependencies: ["WardenSCIM", "WardenTesting"], swiftSettings: strict),
        .testTarget(name: "CorpusTests", dependencies: ["WardenEngine", "WardenIngest", "WardenRuntime", "WardenStore", "WardenTesting"], swiftSettings: strict),
        .testTarget(name: "WardenCLITests", dependencies: ["WardenCLI", "WardenIngest", "WardenTesting"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
