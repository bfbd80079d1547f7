/// Everything loaded from a policy folder. Arrays keep a stable order: by file, then position.
public struct PolicySet: Sendable, Hashable {
    public var owners: [Owner]
    public var applications: [Application]
    public var exceptions: [PolicyException]
    public var settings: Settings
    public var tests: [PolicyTest]
    /// SHA-256 over the loaded files (paths and bytes), hex; identifies the policy version.
    public var contentHash: String

    public init(owners: [Owner] = [], applications: [Application] = [], exceptions: [PolicyException] = [],
                settings: Settings = Settings(), tests: [PolicyTest] = [], contentHash: String = "") {
        self.owners = owners
        self.applications = applications
        self.exceptions = exceptions
        self.settings = settings
        self.tests = tests
        self.contentHash = contentHash
    }

    public func owner(_ id: String) -> Owner? { owners.first { $0.id == id } }
    public func application(_ id: String) -> Application? { applications.first { $0.id == id } }
}
