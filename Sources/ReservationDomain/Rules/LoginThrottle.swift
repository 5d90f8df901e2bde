import Foundation

/// Failed-login lockout with backoff: free tries, then 30 s doubling per further failure, capped at
/// 15 minutes so no one (an attacker included) can lock an account forever.
public enum LoginThrottle {
    public static let freeAttempts = 5
    public static let baseSeconds = 30.0
    public static let maxSeconds = 900.0

    /// How long the account is locked after the `failures`-th consecutive failure (0 for none).
    public static func lockSeconds(afterFailures failures: Int) -> Double {
        guard failures >= freeAttempts else { return 0 }
        let exponent = min(failures - freeAttempts, 10)
        return min(baseSeconds * pow(2, Double(exponent)), maxSeconds)
    }
}
