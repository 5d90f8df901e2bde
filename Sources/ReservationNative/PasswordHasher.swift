import CSodium
import Foundation
import ReservationDomain

/// argon2id password hashes through libsodium (`$argon2id$v=19$...` strings that carry their own parameters).
public enum PasswordHasher {
    private static let ready: Bool = sodium_init() >= 0

    public static func hash(_ password: String) -> String {
        precondition(ready, "libsodium failed to initialise")
        var out = [CChar](repeating: 0, count: Int(crypto_pwhash_STRBYTES))
        let bytes = Array(password.utf8CString.dropLast())
        let rc = crypto_pwhash_str(&out, bytes, UInt64(bytes.count),
                                   UInt64(crypto_pwhash_OPSLIMIT_INTERACTIVE), Int(crypto_pwhash_MEMLIMIT_INTERACTIVE))
        precondition(rc == 0, "argon2id hashing ran out of memory")
        return String(decoding: out.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public static func verify(_ password: String, hash: String) -> Bool {
        guard ready else { return false }
        let bytes = Array(password.utf8CString.dropLast())
        return crypto_pwhash_str_verify(hash, bytes, UInt64(bytes.count)) == 0
    }
}
