import Foundation
import ReservationDomain

/// Secrets read from files, as containers hand them over (`/run/secrets/NAME`): a URL setting names the
/// server and its user, and a `*_PASSWORD_FILE` setting holds the password that goes into it, so that no
/// password sits in a compose file, an environment listing or `ps`. `LINK_SECRET_FILE` holds the link key.
enum SecretFiles {
    /// Each URL setting and the setting naming the file with its password.
    static let passwords: [(url: String, file: String)] = [
        ("DATABASE_URL", "DATABASE_PASSWORD_FILE"),
        ("MIGRATION_DATABASE_URL", "MIGRATION_DATABASE_PASSWORD_FILE"),
        ("REDIS_URL", "REDIS_PASSWORD_FILE"),
        ("SMTP_URL", "SMTP_PASSWORD_FILE"),
    ]
    static let linkSecret = "LINK_SECRET_FILE"
    static var keys: [String] { passwords.map(\.file) + [linkSecret] }

    /// The file's content without the line break an editor or `echo` leaves at its end.
    static func read(_ path: String, setting: String) throws(ReservationError) -> String {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .invalid(field: setting, message: "Cannot read \(path): mount the secret there or unset \(setting).")
        }
        let value = text.trimmingCharacters(in: .newlines)
        guard !value.isEmpty else { throw .invalid(field: setting, message: "\(path) is empty: write the secret into it.") }
        return value
    }

    /// `url` with `password` as its password: a URL's user part gets `:password` (percent-encoded), a
    /// libpq `key=value` string gets `password='...'`. A URL that already has a password is refused: two
    /// places for one secret would differ sooner or later.
    static func inserting(password: String, into url: String, setting: String, fileSetting: String) throws(ReservationError) -> String {
        guard let schemeEnd = url.range(of: "://") else {
            if url.contains("password=") { throw both(setting, fileSetting) }
            let quoted = password.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
            return url + " password='\(quoted)'"
        }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        let encoded = password.addingPercentEncoding(withAllowedCharacters: unreserved) ?? password
        guard let at = authority.lastIndex(of: "@") else {
            // No user (Redis): the password alone, as `redis://:password@host`.
            return url[..<schemeEnd.upperBound] + ":" + encoded + "@" + rest
        }
        guard !authority[..<at].contains(":") else { throw both(setting, fileSetting) }
        return url[..<at] + ":" + encoded + url[at...]
    }

    private static func both(_ setting: String, _ fileSetting: String) -> ReservationError {
        .invalid(field: fileSetting, message: "\(setting) has a password and \(fileSetting) names another: keep one of them.")
    }

    private static let unreserved = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
