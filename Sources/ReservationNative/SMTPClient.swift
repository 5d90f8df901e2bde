import CCurl
import Foundation
import ReservationDomain

public struct SMTPError: Error, CustomStringConvertible, Sendable {
    public var message: String
    /// The server's reply code when it gave one (550, 451 ...).
    public var responseCode: Int = 0
    /// Nothing will change by trying again: the server refused for good (5xx), or the message itself is
    /// unsendable (a header with a line break, an address that is not one).
    public var permanent: Bool = false
    public var description: String { message }
}

/// One e-mail, with headers built so no field can inject another (CR/LF are refused, not stripped).
public struct MailMessage: Sendable {
    public var from: String
    /// Shown beside the sender's address (the venue's name); encoded when not ASCII.
    public var fromName: String?
    public var to: String
    public var subject: String
    public var body: String
    /// Stable per notification, so a retried send is recognisable as the same message.
    public var messageID: String
    public var date: Date

    public init(from: String, fromName: String? = nil, to: String, subject: String, body: String, messageID: String,
                date: Date = Date()) {
        self.from = from
        self.fromName = fromName
        self.to = to
        self.subject = subject
        self.body = body
        self.messageID = messageID
        self.date = date
    }

    /// RFC 2047: non-ASCII text as base64 encoded-words of at most 75 characters, split on character
    /// boundaries and folded onto continuation lines, so a long subject stays a valid header.
    public static func encodedWords(_ text: String) -> String {
        guard !text.allSatisfy(\.isASCII) else { return text }
        var words: [String] = []
        var chunk = ""
        for ch in text {
            // 39 bytes of UTF-8 become 52 characters of base64, 64 with the "=?UTF-8?B?" and "?=" around
            // them: under 75 for the word, under 78 for the line even after "Subject: ".
            if chunk.utf8.count + String(ch).utf8.count > 39 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(ch)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?" + Data($0.utf8).base64EncodedString() + "?=" }.joined(separator: "\r\n ")
    }

    /// RFC 5322 text with CRLF line ends; non-ASCII subjects are RFC 2047 encoded.
    public func rendered() throws(SMTPError) -> String {
        // Scalars, not Characters: "\r\n" is one Character that equals neither "\r" nor "\n".
        for (name, value) in [("From", from), ("From", fromName ?? ""), ("To", to), ("Subject", subject), ("Message-ID", messageID)]
        where value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) {
            throw SMTPError(message: "\(name) contains a line break; refusing to send", permanent: true)
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let subjectHeader = MailMessage.encodedWords(subject)
        // A display name is a quoted string when ASCII (quotes and backslashes escaped), encoded words otherwise.
        let fromHeader = fromName.map { name in
            let shown = name.allSatisfy(\.isASCII)
                ? "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
                : MailMessage.encodedWords(name)
            return "\(shown) <\(from)>"
        } ?? from
        // No dot-stuffing here: libcurl escapes a leading "." itself, and doing it twice delivered "..".
        let bodyLines = body.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        return ([
            "From: \(fromHeader)", "To: \(to)", "Subject: \(subjectHeader)", "Message-ID: \(messageID)",
            "Date: \(formatter.string(from: date))", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit", "",
        ] + bodyLines).joined(separator: "\r\n") + "\r\n"
    }
}

/// Sends mail over SMTP with libcurl. `url` is `smtp://[user:pass@]host[:port]` (STARTTLS when the server
/// offers it), `smtp+starttls://...` (STARTTLS required) or `smtps://...` (TLS from the first byte).
/// Credentials in the URL are used for AUTH. One handle is kept for the client's life, so a batch of
/// messages reuses one connection. Not thread-safe: one client per thread.
public final class SMTPClient {
    private let url: String
    private let requireTLS: Bool
    private let timeoutSeconds: Int
    private var handle: UnsafeMutableRawPointer?

    /// curl_global_init is not thread-safe; run it once, before any handle exists.
    /// 3 is CURL_GLOBAL_ALL (SSL | WIN32), a macro Swift does not import.
    private static let globalInit: Void = { _ = curl_global_init(3) }()

    public init(url: String, timeoutSeconds: Int = 15) {
        _ = SMTPClient.globalInit
        if url.hasPrefix("smtp+starttls://") {
            self.url = "smtp://" + url.dropFirst("smtp+starttls://".count)
            requireTLS = true
        } else {
            self.url = url
            requireTLS = false
        }
        self.timeoutSeconds = timeoutSeconds
    }

    deinit { if let handle { curl_easy_cleanup(handle) } }

    /// Closes the connection (the next send opens a new one).
    public func close() {
        if let handle { curl_easy_cleanup(handle) }
        handle = nil
    }

    /// Payload handed to libcurl's read callback.
    private final class Upload {
        let bytes: [UInt8]
        var offset = 0
        init(_ text: String) { bytes = Array(text.utf8) }
    }

    public func send(_ message: MailMessage) throws(SMTPError) {
        let text = try message.rendered()
        if handle == nil { handle = curl_easy_init() }
        guard let curl = handle else { throw SMTPError(message: "libcurl failed to initialise") }
        var recipients: UnsafeMutablePointer<curl_slist>? = nil
        recipients = curl_slist_append(recipients, "<\(message.to)>")
        defer { curl_slist_free_all(recipients) }
        let upload = Upload(text)
        let box = Unmanaged.passRetained(upload)
        defer { box.release() }
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

        var rc = rf_curl_set_string(curl, CURLOPT_URL, url)
        rc = rc == CURLE_OK ? rf_curl_set_string(curl, CURLOPT_MAIL_FROM, "<\(message.from)>") : rc
        rc = rc == CURLE_OK ? rf_curl_set_slist(curl, CURLOPT_MAIL_RCPT, recipients) : rc
        rc = rc == CURLE_OK ? rf_curl_set_long(curl, CURLOPT_UPLOAD, 1) : rc
        // 1 is CURLUSESSL_TRY (STARTTLS when offered), 3 CURLUSESSL_ALL (required): enum constants Swift
        // imports only as a C enum type.
        rc = rc == CURLE_OK ? rf_curl_set_long(curl, CURLOPT_USE_SSL, requireTLS ? 3 : 1) : rc
        // Signals would interrupt the daemon's other threads; timeouts are enforced without them.
        rc = rc == CURLE_OK ? rf_curl_set_long(curl, CURLOPT_NOSIGNAL, 1) : rc
        rc = rc == CURLE_OK ? rf_curl_set_long(curl, CURLOPT_TIMEOUT, timeoutSeconds) : rc
        rc = rc == CURLE_OK ? rf_curl_set_long(curl, CURLOPT_CONNECTTIMEOUT, 5) : rc
        rc = rc == CURLE_OK ? rf_curl_set_pointer(curl, CURLOPT_READDATA, box.toOpaque()) : rc
        rc = rc == CURLE_OK ? rf_curl_set_read_callback(curl, { buffer, size, count, userdata in
            guard let buffer, let userdata else { return 0 }
            let upload = Unmanaged<Upload>.fromOpaque(userdata).takeUnretainedValue()
            let n = min(size * count, upload.bytes.count - upload.offset)
            guard n > 0 else { return 0 }
            upload.bytes.withUnsafeBufferPointer { src in
                UnsafeMutableRawPointer(buffer).copyMemory(from: src.baseAddress! + upload.offset, byteCount: n)
            }
            upload.offset += n
            return n
        }) : rc
        guard rc == CURLE_OK else { throw SMTPError(message: String(cString: curl_easy_strerror(rc))) }
        let (result, detail) = errorBuffer.withUnsafeMutableBufferPointer { buf -> (CURLcode, String) in
            _ = rf_curl_set_pointer(curl, CURLOPT_ERRORBUFFER, buf.baseAddress)
            let result = curl_easy_perform(curl)
            _ = rf_curl_set_pointer(curl, CURLOPT_ERRORBUFFER, nil)
            return (result, String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        guard result == CURLE_OK else {
            let code = Int(rf_curl_response_code(curl))
            // A failed conversation may leave the connection in any state: start the next send afresh.
            close()
            let reason = Redaction.connectionString(detail.isEmpty ? String(cString: curl_easy_strerror(result)) : detail)
            throw SMTPError(message: code > 0 ? "\(reason) (server replied \(code))" : reason, responseCode: code,
                            permanent: (500...599).contains(code))
        }
    }
}
