// swift-tools-version: 6.1
// Benchmarks live in their own package so everyday builds and CI never compile ordo-one/benchmark
// or a release build of the whole graph. Run from this folder: `swift package benchmark`.
import PackageDescription

let package = Package(
    name: "WardenBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Warden", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "EngineBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "WardenEngine", package: "Warden"),
                .product(name: "WardenIngest", package: "Warden"),
                .product(name: "WardenPolicy", package: "Warden"),
                .product(name: "WardenReports", package: "Warden"),
                .product(name: "WardenTesting", package: "Warden"),
            ],
            path: "Benchmarks/EngineBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
        .executableTarget(
            name: "generate-workload",
            dependencies: [.product(name: "WardenPolicy", package: "Warden"), .product(name: "WardenTesting", package: "Warden")],
            path: "Generate"),
    ],
    swiftLanguageModes: [.v6]
)
