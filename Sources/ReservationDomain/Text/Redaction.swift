import Foundation

/// Secrets out of every message: connection strings in both libpq forms (`postgresql://user:pw@host/db`
/// and `host=... password=pw`) and Redis URLs, including strings too malformed to parse as URLs (those are
/// exactly the ones that end up quoted in error messages).
public enum Redaction {
    /// The string with any password replaced by `***`.
    public static func connectionString(_ text: String) -> String {
        var out = text
        // scheme://user:password@ — the password runs to the last '@' before the host.
        out = out.replacingOccurrences(of: #"(://[^/@:\s]*:)[^\s]*@"#, with: "$1***@", options: .regularExpression)
        // URL query form: ?password=...&
        out = out.replacingOccurrences(of: #"([?&]password=)[^&\s]*"#, with: "$1***", options: [.regularExpression, .caseInsensitive])
        // key=value form: password='quoted \' value' or password=bare
        out = out.replacingOccurrences(of: #"((?<![?&])password\s*=\s*)('(?:[^'\\]|\\.)*'?|\S+)"#, with: "$1***",
                                       options: [.regularExpression, .caseInsensitive])
        return out
    }

    /// The password a connection string carries, when it carries one.
    public static func password(in connection: String) -> String? {
        if let u = URLComponents(string: connection), u.scheme != nil {
            if let p = u.password, !p.isEmpty { return p }
            if let q = u.queryItems?.first(where: { $0.name == "password" })?.value, !q.isEmpty { return q }
            return nil
        }
        guard let r = connection.range(of: #"password\s*=\s*('(?:[^'\\]|\\.)*'|\S+)"#, options: [.regularExpression, .caseInsensitive])
        else { return nil }
        var value = String(connection[r].split(separator: "=", maxSplits: 1)[1]).trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("'") && value.hasSuffix("'") && value.count >= 2 { value = String(value.dropFirst().dropLast()) }
        return value.isEmpty ? nil : value
    }

    /// A message from a library that was handed `connection`: its password, wherever quoted, becomes `***`.
    public static func message(_ message: String, connection: String) -> String {
        var out = connectionString(message)
        // Very short passwords would mask ordinary words; their quoted forms are caught by the patterns above.
        if let pw = password(in: connection), pw.count >= 4 {
            out = out.replacingOccurrences(of: pw, with: "***")
            if let decoded = pw.removingPercentEncoding, decoded != pw, decoded.count >= 4 {
                out = out.replacingOccurrences(of: decoded, with: "***")
            }
        }
        return out
    }
}

/// A URL with its password replaced, safe for logs and screens.
public func redactedURL(_ url: String) -> String { Redaction.connectionString(url) }
