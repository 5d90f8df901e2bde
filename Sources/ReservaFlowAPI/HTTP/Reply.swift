import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A finished answer: status, JSON bytes and extra headers. Handlers return these; `response` makes the
/// HTTP response, and idempotency records keep `status` and `body` to replay.
struct Reply: Sendable {
    var status: Int
    var body: [UInt8]
    var headers: [String: String] = [:]

    /// How every answer is written (URLs in bodies keep their slashes); `sorted` for comparing requests.
    static func encoder(sorted: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = sorted ? [.sortedKeys, .withoutEscapingSlashes] : [.withoutEscapingSlashes]
        return encoder
    }

    static func json<T: Encodable>(_ status: Int, _ value: T, headers: [String: String] = [:]) throws -> Reply {
        Reply(status: status, body: Array(try encoder().encode(value)), headers: headers)
    }

    static func error(_ e: APIError) -> Reply {
        let body = (try? encoder().encode(e.body)).map(Array.init) ?? Array(#"{"error":"Error interno","code":"internal"}"#.utf8)
        return Reply(status: e.status, body: body, headers: e.headers)
    }

    static let noContent = Reply(status: 204, body: [])

    var response: Response {
        var fields = HTTPFields()
        if !body.isEmpty { fields[.contentType] = "application/json; charset=utf-8" }
        for (k, v) in headers { if let name = HTTPField.Name(k) { fields[name] = v } }
        return Response(status: .init(code: status), headers: fields,
                        body: body.isEmpty ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
