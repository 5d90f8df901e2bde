import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1.1 channel with two watchers added to each connection's pipeline: one in front of
/// the HTTP decoder (it sees the first raw byte of a request and can write an answer as bytes) and one
/// after the codec (it sees request heads and ends and the response's parts, and the parser's errors).
/// Each connection first takes one of `slots` (the hard cap on connections served at once).
struct APIChannel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value
    let inner: HTTP1Channel
    let limits: ConnectionLimits
    let slots: ConnectionSlots

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        guard slots.admit(channel, logger: logger) else {
            return channel.eventLoop.makeFailedFuture(ConnectionCapReached())
        }
        // A failed setup must close the connection itself: NIO's async server neither registers nor
        // closes a child whose initializer failed, and its socket would stay open with no timer on it.
        let future = build(channel: channel, logger: logger)
        future.whenFailure { _ in channel.close(promise: nil) }
        return future
    }

    private func build(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let watch = ConnectionWatch(limits: limits)
        do {
            // Its handlerAdded starts the header timeout: from here, just after accept, not from
            // registration, which waits behind the server's other work when it is busy.
            try channel.pipeline.syncOperations.addHandler(RawBytesWatch(watch), position: .first)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        // Hummingbird builds the pipeline synchronously (makeCompletedFuture): its codec is there now.
        let future = inner.setup(channel: channel, logger: logger)
        do {
            let codec = try channel.pipeline.syncOperations.handler(type: HTTP1ToHTTPServerCodec.self)
            try channel.pipeline.syncOperations.addHandler(RequestPartsWatch(watch), position: .after(codec))
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return future
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}
