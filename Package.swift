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
        .library(name: "WardenPolicy", targets: ["WardenPolicy"]),
        .library(name: "WardenTesting", targets: ["WardenTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
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
            dependencies: ["WardenPolicy", "WardenEngine", .product(name: "GRDB", package: "GRDB.swift")],
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
            name: "WardenTesting",
            dependencies: ["WardenPolicy", "WardenEngine", "WardenIngest", "WardenRuntime"],
            swiftSettings: strict),
        .target(
            name: "WardenCLI",
            dependencies: [
                "WardenPolicy", "WardenEngine", "WardenIngest", "WardenStore", "WardenRuntime", "WardenReports", "WardenTesting",
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
        .testTarget(name: "CorpusTests", dependencies: ["WardenEngine", "WardenIngest", "WardenRuntime", "WardenStore", "WardenTesting"], swiftSettings: strict),
        .testTarget(name: "WardenCLITests", dependencies: ["WardenCLI", "WardenTesting"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
