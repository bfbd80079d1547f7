import Dispatch
import FuzzSupport
import WardenPolicy
import WardenSCIM

let directory = "directory-fuzz"
let now = Timestamp(milliseconds: 1_767_225_600_000)
let baseURL = "https://warden.example/scim/v2"

/// Two users (the first in the group) and a group, POSTed once as an IdP would; each input
/// starts from them.
let fixtures: [SCIMResource] = blocking {
    let repository = InMemorySCIMRepository()
    let posts: [(path: String, id: String, body: String)] = [
        ("/Users", "u-1", #"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "externalId":"ext-1","userName":"ada@example.com","name":{"givenName":"Ada","familyName":"Lovelace"},
             "displayName":"Ada Lovelace","title":"Engineer","active":true,
             "emails":[{"value":"ada@example.com","type":"work","primary":true},{"value":"ada@home.example","type":"home"}],
             "phoneNumbers":[{"value":"+1 555 0100","type":"mobile"}],"addresses":[{"type":"work","locality":"London"}],
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"R&D","manager":{"value":"u-2"}}}
            """#),
        ("/Users", "u-2", #"{"userName":"bob@example.com","active":true}"#),
        ("/Groups", "g-1", #"{"displayName":"Engineering","externalId":"ext-g","members":[{"value":"u-1"}]}"#),
    ]
    var out: [SCIMResource] = []
    for post in posts {
        let scim = SCIMService(repository: repository, configuration: .init(baseURL: baseURL, makeId: { post.id }))
        let response = try! await scim.handle(request("POST", post.path, Array(post.body.utf8)))
        precondition(response.status == 201, "fixture \(post.id) refused: \(response.status)")
        let type: SCIMResourceType = post.path == "/Users" ? .user : .group
        out.append(await repository.resource(type, id: post.id, directoryId: directory)!)
    }
    return out
}

func request(_ method: String, _ path: String, _ body: [UInt8]) -> SCIMRequest {
    SCIMRequest(method: method, path: path, headers: [("Content-Type", "application/scim+json")], body: body,
                directoryId: directory, now: now)
}

/// Holds a task's result for the thread that waits on it (the semaphore orders the accesses).
final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}

/// Runs `work` to completion on the concurrency pool; libFuzzer calls in synchronously.
func blocking<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
    let box = ResultBox<T>(), done = DispatchSemaphore(value: 0)
    Task {
        box.value = await work()
        done.signal()
    }
    done.wait()
    return box.value!
}

/// The input is a PATCH body, sent through the SCIM service to the user and to the group
/// (fresh copies each time). Refusals must be 4xx SCIM errors, never a thrown error or a 5xx.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let body = Array(input(data, size))
    let start = fixtures
    blocking {
        let repository = InMemorySCIMRepository()
        try! await repository.commit(start.map { .create($0) }, changes: [], directoryId: directory)
        let scim = SCIMService(repository: repository, configuration: .init(baseURL: baseURL, makeId: { "new-id" }))
        for target in ["/Users/u-1", "/Groups/g-1"] {
            let response: SCIMResponse
            do {
                response = try await scim.handle(request("PATCH", target, body))
            } catch {
                preconditionFailure("PATCH \(target) threw \(error)")
            }
            precondition(response.status == 200 || (400..<500).contains(response.status), "PATCH \(target) answered \(response.status)")
        }
    }
    return 0
}

@main enum Main {
    static func main() { runLibFuzzer(fuzz) }
}
