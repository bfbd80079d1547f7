import Foundation
public import WardenEngine
import WardenIngest
public import WardenPolicy

/// The outcome of one policy test.
public struct PolicyTestResult: Sendable {
    public var name: String
    public var span: SourceSpan
    public var failures: [StepFailure]
    /// Every violation at the end of the test, for invariants that hold across tests.
    public var violations: [Violation]
    public var passed: Bool { failures.isEmpty }

    /// One failing step: which, where, and every difference found.
    public struct StepFailure: Sendable {
        public var step: Int
        public var verb: String
        public var span: SourceSpan
        public var problems: [String]
    }
}

/// Runs `PolicyTest` documents over an in-memory directory with a pinned clock (SPEC §6),
/// through the same engine the CLI and server use.
public struct PolicyTestRunner: Sendable {
    public let policies: PolicySet

    public init(policies: PolicySet) { self.policies = policies }

    public func run(_ test: PolicyTest) -> PolicyTestResult {
        var state = EngineState(policies: policies)
        var builder = TestDirectory()
        var appliedEvents = Set<String>()
        var time = test.steps.first?.at ?? Timestamp(milliseconds: 0)
        var failures: [PolicyTestResult.StepFailure] = []
        for (i, step) in test.steps.enumerated() {
            time = step.at ?? time
            var problems: [String] = []
            do {
                try perform(step.verb, at: time, state: &state, builder: &builder, applied: &appliedEvents, testFile: test.span.file)
            } catch {
                problems.append(error.description)
            }
            if let expect = step.expect {
                problems += ExpectationMatcher(state: state, time: time).check(expect)
            }
            if !problems.isEmpty {
                failures.append(.init(step: i + 1, verb: step.verb.keyword, span: step.span, problems: problems))
            }
        }
        return PolicyTestResult(name: test.name, span: test.span, failures: failures, violations: state.sortedViolations)
    }

    private func perform(_ verb: PolicyTest.Verb, at time: Timestamp, state: inout EngineState,
                         builder: inout TestDirectory, applied: inout Set<String>, testFile: String) throws(StepError) {
        func existing(_ key: String) throws(StepError) -> DirectoryUser {
            guard let u = state.directory.userIndex(idOrEmail: key) else {
                throw StepError("no user `\(key)`: add it with a `join` step first")
            }
            return state.directory.user(u)
        }
        let id = builder.nextEventId()
        let version = Version(time: time, event: id)
        let change: DirectoryChange
        switch verb {
        case .join(let spec):
            if state.directory.userIndex(idOrEmail: spec.user) != nil { throw StepError("user `\(spec.user)` already joined") }
            change = builder.join(spec, version: version)
        case .update(let spec):
            change = builder.update(try existing(spec.user), spec, version: version)
        case .deactivate(let user):
            change = builder.update(try existing(user), .init(user: user, state: "inactive"), version: version)
        case .reactivate(let user):
            change = builder.update(try existing(user), .init(user: user, state: "active"), version: version)
        case .delete(let user):
            change = builder.delete(try existing(user), version: version)
        case let .addToGroup(user, group):
            change = builder.membership(try existing(user), group: group, added: true, version: version)
        case let .removeFromGroup(user, group):
            change = builder.membership(try existing(user), group: group, added: false, version: version)
        case .event(let json):
            let event: WorkOSEvent
            do {
                event = try WorkOSDecoder.decode(json)
            } catch {
                throw StepError("the event is malformed: \(error)")
            }
            // An event id already applied is a no-op (SPEC §3.1), as in the runtime.
            guard applied.insert(event.id).inserted else { return }
            _ = state.apply(event.envelope)
            return
        case .ack(let spec):
            let user = try existing(spec.user)
            let matching = state.openActions(user: user.id, app: spec.app).filter { a in
                (spec.type == nil || a.type.rawValue == spec.type) && (spec.role == nil || a.role == spec.role) && a.status != .held
            }
            guard !matching.isEmpty else { throw StepError("no open action of `\(spec.user)` in `\(spec.app)` matches the `ack`") }
            for action in matching.sorted(by: { $0.id < $1.id }) {
                do {
                    _ = try state.acknowledge(action.id, success: !spec.failed, at: time, message: spec.message)
                } catch {
                    throw StepError(error.message)
                }
            }
            return
        case .check:
            _ = state.check(at: time)
            return
        case .snapshot(let spec):
            _ = state.apply(snapshot: builder.snapshot(spec, in: state.directory, version: version), id: id, at: time)
            return
        case .reload(let folder):
            var next = state.policies
            if let folder { next = try Self.policies(folder, besides: testFile) }
            _ = state.reload(next, at: time)
            return
        }
        _ = state.apply(ChangeEnvelope(id: id, time: time, change: change, origin: .test))
    }
}

extension PolicyTestRunner {
    /// The valid policies of a folder named by a `reload` step, relative to the test's file.
    static func policies(_ folder: String, besides file: String) throws(StepError) -> PolicySet {
        let path = folder.hasPrefix("/") ? folder : URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(folder).standardized.path
        let loaded: PolicyLoadResult
        do {
            loaded = try PolicyLoader.load(directory: path)
        } catch {
            throw StepError("cannot read the policies `\(folder)`: \(error)")
        }
        let errors = loaded.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty else {
            throw StepError("the policies `\(folder)` have errors:\n" + errors.map { "      " + $0.rendered }.joined(separator: "\n"))
        }
        return loaded.policies
    }
}

struct StepError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
