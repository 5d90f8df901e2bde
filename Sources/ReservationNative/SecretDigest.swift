import CSodium
import Foundation
import ReservationDomain

/// Digests for secrets handed to browsers and mail readers (libsodium's BLAKE2b).
public enum SecretDigest {
    private static let ready: Bool = sodium_init() >= 0

    /// What the database keeps of a bearer token: its digest, never the token.
    public static func hash(_ token: String) -> String {
        digest(Array(token.utf8), key: [])
    }

    /// A keyed digest (a MAC): the confirm link's token is `mac(secret, reservation id)`, so the link needs
    /// no row of its own and cannot be forged without the secret.
    public static func mac(key: String, _ message: String) -> String {
        digest(Array(message.utf8), key: Array(key.utf8.prefix(Int(crypto_generichash_KEYBYTES_MAX))))
    }

    /// Compares in time independent of where the two differ.
    public static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count, ready else { return false }
        return sodium_memcmp(x, y, x.count) == 0
    }

    /// A random URL-safe token of `bytes` random bytes.
    public static func randomToken(bytes count: Int = 32) -> String {
        precondition(ready, "libsodium failed to initialise")
        var buf = [UInt8](repeating: 0, count: count)
        randombytes_buf(&buf, count)
        return Data(buf).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    private static func digest(_ message: [UInt8], key: [UInt8]) -> String {
        precondition(ready, "libsodium failed to initialise")
        var out = [UInt8](repeating: 0, count: 32)
        let rc = key.isEmpty
            ? crypto_generichash(&out, 32, message, UInt64(message.count), nil, 0)
            : crypto_generichash(&out, 32, message, UInt64(message.count), key, key.count)
        precondition(rc == 0, "BLAKE2b failed")
        return Digits.hex(out)
    }
}
