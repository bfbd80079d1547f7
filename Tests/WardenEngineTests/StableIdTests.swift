import Testing
import WardenEngine

/// Ids are stored and compared across runs and versions: a re-delivered event must map to the
/// action it created before, so the bytes hashed and the digits kept may never change. The
/// expected ids were computed outside Swift (Python's hashlib: SHA-256 over each part followed
/// by 0x1F, first 12 bytes in lowercase hex).
@Suite struct StableIdTests {
    @Test func actionIdsKeepTheirFormat() {
        #expect(StableId.action(event: "evt_01", user: "user_01", app: "github", type: .grant, role: "admin")
            == "act_4da5aca7247f62b10cbd3598")
        #expect(StableId.action(event: "evt_01", user: "user_01", app: "github", type: .deprovision, role: nil)
            == "act_38a84480ee788b2c7853c403")
    }

    @Test func violationIdsHashUTF8Bytes() {
        #expect(StableId.violation(kind: .deadlineMissed, app: "github", user: "user_é", subject: "act_x")
            == "vio_8e87143e348f1359d84d8bf6")
    }

    @Test func noPartsHashesTheEmptyInput() {
        #expect(StableId.make("x", []) == "x_e3b0c44298fc1c149afbf4c8")
    }
}
