import Testing
import WardenIngest
import WardenPolicy

/// The reference vectors and refusal cases of workos-dsync.md §5.
@Suite struct WebhookSignatureTests {
    static let secret = "whsec_test_fixture_secret"
    static let vectorTime = Timestamp(milliseconds: 1_700_000_000_000)
    static let body2 = #"{"id":"event_01HZZTESTVECTOR0000000002","event":"dsync.user.deleted","data":{"object":"directory_user","id":"directory_user_01HZZTEST0000000000000001","state":"inactive"},"created_at":"2023-11-14T22:13:20.000Z"}"#

    @Test func referenceVectorsVerify() throws {
        try WebhookSignature.verify(header: "t=1700000000000, v1=13d5e5702bdbc65ac6e62f54868263d34c9c5b64702409609e8123a1c36c248d",
                                    body: Array(#"{"id":"event_1"}"#.utf8), secret: Self.secret, now: Self.vectorTime)
        #expect(Array(Self.body2.utf8).count == 211)
        try WebhookSignature.verify(header: "t=1700000000000, v1=21120eb6ffba749b451dc1659f7ef4a9d3b5958a1bca155fd76d74e614438e5d",
                                    body: Array(Self.body2.utf8), secret: Self.secret, now: Self.vectorTime + PolicyDuration(seconds: 60))
        #expect(WebhookSignature.header(body: Array(Self.body2.utf8), secret: Self.secret, at: Self.vectorTime)
                == "t=1700000000000, v1=21120eb6ffba749b451dc1659f7ef4a9d3b5958a1bca155fd76d74e614438e5d")
    }

    @Test func lenientParsingOfValidHeaders() throws {
        let good = "21120eb6ffba749b451dc1659f7ef4a9d3b5958a1bca155fd76d74e614438e5d"
        let other = String(repeating: "a", count: 64)
        for header in ["v1=\(good), t=1700000000000", "t=1700000000000,v1=\(good)", " t=1700000000000 ,  v1=\(good) , v0=x",
                       "t=1700000000000, v1=\(other), v1=\(good)"] {
            try WebhookSignature.verify(header: header, body: Array(Self.body2.utf8), secret: Self.secret, now: Self.vectorTime)
        }
    }

    @Test(arguments: [
        ("", WebhookSignature.Failure.missingHeader),
        ("v1=21120eb6ffba749b451dc1659f7ef4a9d3b5958a1bca155fd76d74e614438e5d", .malformedHeader),
        ("t=1700000000000", .malformedHeader),
        ("t=1700000000000, t=1700000000000, v1=21120eb6ffba749b451dc1659f7ef4a9d3b5958a1bca155fd76d74e614438e5d", .malformedHeader),
        ("t=1700000000000, v1=21120EB6FFBA749B451DC1659F7EF4A9D3B5958A1BCA155FD76D74E614438E5D", .malformedHeader),
        ("t=1700000000000, v1=21120eb6", .malformedHeader),
        ("t=abc, v1=21120eb6ffba749b451dc1659f7ef4a9d3b5958a1bca155fd76d74e614438e5d", .malformedHeader),
        ("t=1700000000, v1=21120eb6ffba749b451dc1659f7ef4a9d3b5958a1bca155fd76d74e614438e5d", .stale),
        ("t=1700000000000, v1=31120eb6ffba749b451dc1659f7ef4a9d3b5958a1bca155fd76d74e614438e5d", .mismatch),
    ] as [(String, WebhookSignature.Failure)])
    func refusals(_ header: String, _ reason: WebhookSignature.Failure) {
        #expect(throws: reason) {
            try WebhookSignature.verify(header: header, body: Array(Self.body2.utf8), secret: Self.secret, now: Self.vectorTime)
        }
    }

    @Test func tamperedBodyWrongSecretAndToleranceAreRefused() throws {
        let header = WebhookSignature.header(body: Array(Self.body2.utf8), secret: Self.secret, at: Self.vectorTime)
        let tampered = Self.body2.replacingOccurrences(of: "inactive", with: "active")
        #expect(throws: WebhookSignature.Failure.mismatch) {
            try WebhookSignature.verify(header: header, body: Array(tampered.utf8), secret: Self.secret, now: Self.vectorTime)
        }
        #expect(throws: WebhookSignature.Failure.mismatch) {
            try WebhookSignature.verify(header: header, body: Array(Self.body2.utf8), secret: "whsec_other", now: Self.vectorTime)
        }
        try WebhookSignature.verify(header: header, body: Array(Self.body2.utf8), secret: Self.secret, now: Self.vectorTime + PolicyDuration(seconds: 179))
        #expect(throws: WebhookSignature.Failure.stale) {
            try WebhookSignature.verify(header: header, body: Array(Self.body2.utf8), secret: Self.secret, now: Self.vectorTime + PolicyDuration(seconds: 181))
        }
        #expect(throws: WebhookSignature.Failure.future) {
            try WebhookSignature.verify(header: header, body: Array(Self.body2.utf8), secret: Self.secret, now: Self.vectorTime + PolicyDuration(seconds: -181))
        }
    }
}
