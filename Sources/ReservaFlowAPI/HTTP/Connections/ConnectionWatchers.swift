import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// In front of the HTTP decoder: notes the first byte of a request, and writes our own answers as bytes.
final class RawBytesWatch: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    let watch: ConnectionWatch

    init(_ watch: ConnectionWatch) { self.watch = watch }

    func handlerAdded(context: ChannelHandlerContext) {
        watch.raw = context
        // Added in the child channel's initializer, just after accept: the header timeout starts now, not
        // at registration, which a busy server reaches later (and a timer can close an unregistered channel).
        watch.activated()
    }

    func handlerRemoved(context: ChannelHandlerContext) { watch.closed() }

    func channelActive(context: ChannelHandlerContext) {
        watch.activated()
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        watch.closed()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // After our own answer what arrives is dropped: the decoder may be in its error state.
        guard !watch.closing else { return }
        watch.bytesArrived()
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            watch.inputClosed()
            if watch.closing { return }
        }
        context.fireUserInboundEventTriggered(event)
    }
}

/// After the codec: request heads and ends, response heads and ends, and the parser's errors.
final class RequestPartsWatch: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart
    let watch: ConnectionWatch

    init(_ watch: ConnectionWatch) { self.watch = watch }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: watch.headRead()
        case .end: watch.endRead()
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if watch.closing {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        switch unwrapOutboundIn(data) {
        case .head: watch.responseHeadWritten()
        case .end: watch.responseEndWritten()
        case .body: break
        }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // The parser's and the codec's refusals are answered here (Hummingbird would send an empty 400);
        // anything else (a reset connection) goes on as before.
        if error is HTTPParserError || error is HTTP1TypeConversionError || error is ByteToMessageDecoderError {
            watch.protocolError(error)
            return
        }
        context.fireErrorCaught(error)
    }
}
