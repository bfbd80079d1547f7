import WardenEngine
import WardenRuntime
import WardenStore

extension EngineHost {
    /// Commits one SCIM request through the engine (`Runtime.commitSCIM`).
    func commitSCIM(_ writes: [SCIMRowWrite], changes: [DirectoryChange], input: SCIMInput) throws -> EngineDelta {
        try runtime.commitSCIM(writes, changes: changes, input: input)
    }

    /// The existing identity a new SCIM resource joins (`Runtime.scimIdentity`).
    func scimIdentity(type: String, directoryId: String, externalId: String?, second: String?) throws -> String? {
        try runtime.scimIdentity(type: type, directoryId: directoryId, externalId: externalId, second: second)
    }
}
