// Writes the synthetic workload as standard Warden inputs, so the same files drive the CLI:
//   swift run -c release generate-workload OUT [--users N] [--events N] [--seed S]
// OUT/policies/ (Settings, owners, one file per app), OUT/seed.jsonl (the directory as WorkOS
// events: groups, users, memberships), OUT/events.jsonl (the change stream).
import Foundation
import WardenPolicy
import WardenTesting

var arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String, _ fallback: Int, in arguments: inout [String]) -> Int {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count, let v = Int(arguments[i + 1]) else { return fallback }
    arguments.removeSubrange(i...i + 1)
    return v
}
let users = option("--users", 100_000, in: &arguments)
let events = option("--events", 100_000, in: &arguments)
let seed = UInt64(option("--seed", 42, in: &arguments))
guard let out = arguments.first, !out.hasPrefix("-") else {
    FileHandle.standardError.write(Data("usage: generate-workload OUT [--users N] [--events N] [--seed S]\n".utf8))
    exit(1)
}
let workload = Workload(.init(users: users, events: events, seed: seed))
let root = URL(fileURLWithPath: out)
for file in workload.policyFiles {
    let url = root.appendingPathComponent(file.path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(file.bytes).write(to: url)
}
func write(_ lines: [String], _ name: String) throws {
    var data = Data()
    for line in lines {
        data.append(contentsOf: line.utf8)
        data.append(0x0A)
    }
    try data.write(to: root.appendingPathComponent(name))
}
try write(workload.seedEventLines(), "seed.jsonl")
try write(workload.eventLines(events), "events.jsonl")
print("wrote \(out): \(workload.policyFiles.count) policy files, \(users) users, \(workload.groups.count) groups, \(events) events")
// The same directory as one snapshot (SPEC §3.3), for `warden snapshot --baseline`.
let snapshot = JSONValue.object([
    ("users", .array(workload.users.map(Workload.userJSON))),
    ("groups", .array(workload.groups.map(Workload.groupJSON))),
    ("memberships", .array(workload.memberships.enumerated().flatMap { u, groups in
        groups.map { g in JSONValue.object([("user", .string(workload.users[u].id)), ("group", .string(workload.groups[Int(g)].id))]) }
    })),
])
try Data(snapshot.compactText.utf8).write(to: root.appendingPathComponent("snapshot.json"))
