// swift-tools-version: 6.1
import PackageDescription

/// libFuzzer targets for Warden's parsers, one executable each. Build with the sanitizers on every
/// module (scripts/fuzz.sh, docs/fuzzing.md): `swift build -c release -Xswiftc -sanitize=fuzzer,address`.
let targets: [(name: String, uses: [String])] = [
    ("FuzzPolicyLoader", ["WardenPolicy"]),
    ("FuzzWorkOSEvent", ["WardenPolicy", "WardenIngest"]),
    ("FuzzWebhookSignature", ["WardenPolicy", "WardenIngest"]),
    ("FuzzSCIMFilter", ["WardenPolicy", "WardenSCIM"]),
    ("FuzzSCIMPatch", ["WardenPolicy", "WardenSCIM"]),
    ("FuzzAccountExport", ["WardenEngine", "WardenIngest"]),
]

let package = Package(
    name: "WardenFuzz",
    platforms: [.macOS(.v14)],
    products: targets.map { .executable(name: $0.name, targets: [$0.name]) },
    dependencies: [.package(name: "Warden", path: "..")],
    targets: [
        .target(name: "CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer"]),
    ] + targets.map { target in
        .executableTarget(name: target.name, dependencies: ["FuzzSupport"] + target.uses.map { .product(name: $0, package: "Warden") })
    },
    swiftLanguageModes: [.v6]
)
