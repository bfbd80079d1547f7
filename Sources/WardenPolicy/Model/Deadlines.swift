/// How long each kind of action may take (SPEC §2, `deadlines`).
public struct Deadlines: Sendable, Hashable {
    public var provision: PolicyDuration
    public var revoke: PolicyDuration
    public var suspend: PolicyDuration
    public var deprovision: PolicyDuration

    public init(provision: PolicyDuration, revoke: PolicyDuration, suspend: PolicyDuration, deprovision: PolicyDuration) {
        self.provision = provision
        self.revoke = revoke
        self.suspend = suspend
        self.deprovision = deprovision
    }

    /// The defaults when Settings gives none: 24h, 24h, 1h, 4h.
    public static let standard = Deadlines(provision: .hours(24), revoke: .hours(24), suspend: .hours(1), deprovision: .hours(4))

    /// Deadlines given on an application; nil ones fall back to Settings.
    public struct Overrides: Sendable, Hashable {
        public var provision: PolicyDuration?
        public var revoke: PolicyDuration?
        public var suspend: PolicyDuration?
        public var deprovision: PolicyDuration?

        public init(provision: PolicyDuration? = nil, revoke: PolicyDuration? = nil,
                    suspend: PolicyDuration? = nil, deprovision: PolicyDuration? = nil) {
            self.provision = provision
            self.revoke = revoke
            self.suspend = suspend
            self.deprovision = deprovision
        }
    }

    /// These deadlines with the given overrides applied.
    public func applying(_ o: Overrides) -> Deadlines {
        Deadlines(provision: o.provision ?? provision, revoke: o.revoke ?? revoke,
                  suspend: o.suspend ?? suspend, deprovision: o.deprovision ?? deprovision)
    }
}
