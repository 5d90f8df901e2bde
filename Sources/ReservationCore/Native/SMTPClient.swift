import CCurl
import Foundation

public struct SMTPError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

/// One e-mail, with headers built so no field can inject another (CR/LF are refused, not stripped).
public struct MailMessage: Sendable {
    public var from: String
    public var to: String
    public var subject: String
    public var body: String
    /// Stable per notification, so a retried send is recognisable as the same message.
    public var messageID: String
    public var date: Date

    public init(from: String, to: String, subject: String, body: String, messageID: String, date: Date = Date()) {
        self.from = from
        self.to = to
        self.subject = subject
        self.body = body
        self.messageID = messageID
        self.date = date
    }

    /// RFC 5322 text with CRLF line ends; non-ASCII subjects are RFC 2047 encoded.
    public func rendered() throws(SMTPError) -> String {
        // Scalars, not Characters: "\r\n" is one Character that equals neither "\r" nor "\n".
        for (name, value) in [("From", from), ("To", to), ("Subject", subject), ("Message-ID", messageID)]
        where value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) {
            throw SMTPError(message: "\(name) contains a line break; refusing to send")
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let subjectHeader = subject.allSatisfy(\.isASCII) ? subject
            : "=?UTF-8?B?" + Data(subject.utf8).base64EncodedString() + "?="
        // No dot-stuffing here: libcurl escapes a leading "." itself, and doing it twice delivered "..".
        let bodyLines = body.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        return ([
            "From: \(from)", "To: \(to)", "Subject: \(subjectHeader)", "Message-ID: \(messageID)",
            "Date: \(formatter.string(from: date))", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit", "",
        ] + bodyLines).joined(separator: "\r\n") + "\r\n"
    }
}

/// Sends mail over SMTP with libcurl. `url` is smtp://host:port or smtps://user:pass@host:port.
public final class SMTPClient {
    private let url: String
    private let timeoutSeconds: Int

    /// curl_global_init is not thread-safe; run it once, before any handle exists.
    /// 3 is CURL_GLOBAL_ALL (SSL | WIN32), a macro Swift does not import.
    private static let globalInit: Void = { _ = curl_global_init(3) }()

    public init(url: String, timeoutSeconds: Int = 15) {
        _ = SMTPClient.globalInit
        self.url = url
        self.timeoutSeconds = timeoutSeconds
    }

    /// Payload handed to libcurl's read callback.
    private final class Upload {
        let bytes: [UInt8]
        var offset = 0
        init(_ text: String) { bytes = Array(text.utf8) }
    }

    public func send(_ message: MailMessage) throws(SMTPError) {
        let text = try message.rendered()
        guard let curl = curl_easy_init() else { throw SMTPError(message: "libcurl failed to initialise") }
        defer { curl_easy_cleanup(curl) }
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
            return (result, String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        guard result == CURLE_OK else {
            throw SMTPError(message: detail.isEmpty ? String(cString: curl_easy_strerror(result)) : detail)
        }
    }
}
