import CHiredis
import Foundation
import ReservationDomain
import Glibc

public enum RedisValue: Equatable, Sendable {
    case string(String)
    case integer(Int64)
    case array([RedisValue])
    case null
    case status(String)

    public var string: String? {
        switch self {
        case .string(let s), .status(let s): s
        case .integer(let i): String(i)
        default: nil
        }
    }

    public var integer: Int64? {
        switch self {
        case .integer(let i): i
        case .string(let s): Int64(s)
        default: nil
        }
    }

    public var array: [RedisValue] { if case .array(let a) = self { a } else { [] } }
}

public struct RedisError: Error, CustomStringConvertible, Sendable {
    public var message: String
    /// The connection is unusable (timeout, reset): drop it and reconnect.
    public var connectionLost: Bool
    public var description: String { message }
    /// An error reply's code: by Redis's protocol, its first word ("NOSCRIPT", "WRONGTYPE", "ERR").
    public var code: String? { connectionLost ? nil : message.split(separator: " ", maxSplits: 1).first.map(String.init) }

    public init(message: String, connectionLost: Bool) {
        self.message = message
        self.connectionLost = connectionLost
    }
}

/// One hiredis connection with short timeouts, so a dead Redis costs a host a fraction of a second, not a hang.
/// Not Sendable: owned by one thread, like the PostgreSQL connection.
public final class RedisConnection {
    private var ctx: UnsafeMutablePointer<redisContext>?
    public let host: String
    public let port: Int32
    public let password: String?
    public let database: Int

    public init(host: String, port: Int32, password: String? = nil, database: Int = 0,
                timeoutMillis: Int = 300) throws(RedisError) {
        self.host = host
        self.port = port
        self.password = password
        self.database = database
        let tv = timeval(tv_sec: timeoutMillis / 1000, tv_usec: Int((timeoutMillis % 1000) * 1000))
        guard let c = redisConnectWithTimeout(host, port, tv) else {
            throw RedisError(message: "cannot allocate a Redis context", connectionLost: true)
        }
        if c.pointee.err != 0 {
            let msg = RedisConnection.errorString(c)
            redisFree(c)
            throw RedisError(message: msg, connectionLost: true)
        }
        redisSetTimeout(c, tv)
        ctx = c
        if let password { _ = try command(["AUTH", password]) }
        if database != 0 { _ = try command(["SELECT", String(database)]) }
    }

    deinit { if let ctx { redisFree(ctx) } }

    /// Replies still owed for commands sent with `send` (read, and dropped, before the next command's).
    private var unreadReplies = 0
    /// SHA1 of the scripts this connection has loaded (EVALSHA sends 40 bytes instead of the script).
    private var scriptSHAs: [String: String] = [:]

    /// Runs one command. Arguments travel length-prefixed, so any guest name is safe.
    public func command(_ args: [String]) throws(RedisError) -> RedisValue {
        try dropUnreadReplies()
        guard let ctx else { throw RedisError(message: "connection closed", connectionLost: true) }
        let raw = Self.withArgv(args) { argc, argv, lengths in redisCommandArgv(ctx, argc, argv, lengths) }
        guard let raw else {
            // A NULL reply means the context is broken (timeout, reset). It cannot be reused.
            let msg = RedisConnection.errorString(ctx)
            redisFree(ctx)
            self.ctx = nil
            throw RedisError(message: msg.isEmpty ? "no reply" : msg, connectionLost: true)
        }
        let reply = raw.assumingMemoryBound(to: redisReply.self)
        defer { freeReplyObject(raw) }
        if reply.pointee.type == REDIS_REPLY_ERROR {
            throw RedisError(message: RedisConnection.text(reply), connectionLost: false)
        }
        return RedisConnection.convert(reply)
    }

    /// Sends one command without waiting for its reply (read, and dropped, before the next command's):
    /// Redis has it as soon as this returns, and runs it in order with everything else sent here.
    public func send(_ args: [String]) throws(RedisError) {
        try dropUnreadReplies()
        guard let ctx else { throw RedisError(message: "connection closed", connectionLost: true) }
        let appended = Self.withArgv(args) { argc, argv, lengths in redisAppendCommandArgv(ctx, argc, argv, lengths) }
        var done: Int32 = 0
        var ok = appended == REDIS_OK
        while ok && done == 0 { ok = redisBufferWrite(ctx, &done) == REDIS_OK }
        guard ok else { throw lost() }
        unreadReplies += 1
    }

    /// The arguments as hiredis's argv: one buffer and one length each, so any byte is safe in any argument.
    private static func withArgv<R>(_ args: [String],
                                    _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> R) -> R {
        let datas = args.map { Array($0.utf8) }
        let lengths = datas.map { Int($0.count) }
        var pointers: [UnsafeMutablePointer<CChar>?] = datas.map { bytes in
            let p = UnsafeMutablePointer<CChar>.allocate(capacity: max(1, bytes.count))
            bytes.withUnsafeBufferPointer { b in
                if let base = b.baseAddress { p.withMemoryRebound(to: UInt8.self, capacity: bytes.count) { $0.update(from: base, count: bytes.count) } }
            }
            return p
        }
        defer { pointers.forEach { $0?.deallocate() } }
        return lengths.withUnsafeBufferPointer { lens in
            pointers.withUnsafeMutableBufferPointer { pbuf in
                pbuf.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: pbuf.count) { argv in
                    body(Int32(args.count), argv, lens.baseAddress!)
                }
            }
        }
    }

    private func dropUnreadReplies() throws(RedisError) {
        while unreadReplies > 0, let ctx {
            var raw: UnsafeMutableRawPointer? = nil
            guard redisGetReply(ctx, &raw) == REDIS_OK, let raw else { throw lost() }
            freeReplyObject(raw)
            unreadReplies -= 1
        }
    }

    private func lost() -> RedisError {
        let msg = ctx.map(RedisConnection.errorString) ?? ""
        if let ctx { redisFree(ctx) }
        ctx = nil
        unreadReplies = 0
        return RedisError(message: msg.isEmpty ? "no reply" : msg, connectionLost: true)
    }

    /// EVAL by the script's SHA1 (loaded once per connection; again if Redis lost its script cache).
    public func evaluate(_ script: String, keys: [String], args: [String]) throws(RedisError) -> RedisValue {
        let sha: String
        if let known = scriptSHAs[script] {
            sha = known
        } else {
            guard let loaded = try command(["SCRIPT", "LOAD", script]).string else {
                throw RedisError(message: "SCRIPT LOAD gave no SHA1", connectionLost: false)
            }
            scriptSHAs[script] = loaded
            sha = loaded
        }
        do {
            return try command(["EVALSHA", sha, String(keys.count)] + keys + args)
        } catch {
            guard error.code == "NOSCRIPT" else { throw error }
            scriptSHAs[script] = nil
            return try command(["EVAL", script, String(keys.count)] + keys + args)
        }
    }

    public var isAlive: Bool { ctx != nil }

    private static func convert(_ r: UnsafeMutablePointer<redisReply>) -> RedisValue {
        switch r.pointee.type {
        case REDIS_REPLY_STRING: return .string(text(r))
        case REDIS_REPLY_STATUS: return .status(text(r))
        case REDIS_REPLY_INTEGER: return .integer(r.pointee.integer)
        case REDIS_REPLY_ARRAY:
            var items: [RedisValue] = []
            for i in 0..<Int(r.pointee.elements) {
                if let e = r.pointee.element[i] { items.append(convert(e)) }
            }
            return .array(items)
        default: return .null
        }
    }

    private static func text(_ r: UnsafeMutablePointer<redisReply>) -> String {
        guard let s = r.pointee.str else { return "" }
        let bytes = UnsafeRawBufferPointer(start: s, count: Int(r.pointee.len))
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func errorString(_ c: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: c.pointee.errstr) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
