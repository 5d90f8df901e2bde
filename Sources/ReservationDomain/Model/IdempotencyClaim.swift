import Foundation

/// A request that carries an Idempotency-Key, claimed before it runs.
public struct IdempotencyClaim: Hashable, Sendable {
    /// Whose key it is (`Principal.key`, or the caller's address when anonymous): keys are per caller.
    public var principal: String
    public var key: String
    /// A digest of what the request asks (method, path, body), to tell a retry from a different request.
    public var requestHash: String

    public init(principal: String, key: String, requestHash: String) {
        self.principal = principal
        self.key = key
        self.requestHash = requestHash
    }
}
