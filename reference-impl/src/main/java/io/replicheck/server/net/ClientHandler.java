package io.replicheck.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.replicheck.server.core.Client;
import io.replicheck.server.core.ClientConnection;
import io.replicheck.server.core.ClientKind;
import io.replicheck.server.core.ServerCore;
import io.replicheck.server.resp.ByteBufReplySink;
import io.replicheck.server.resp.ReplySink;
import io.replicheck.server.resp.RespParser;
import io.replicheck.server.resp.RespProtocolException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * One client connection: accumulates input, parses and executes complete commands on the core (this
 * handler runs on the core's thread), and writes the replies of a whole read batch with one flush.
 * While the client is blocked (BLPOP, CLIENT PAUSE, WAIT) its further input waits in the buffer. A
 * protocol error is answered as redis does and closes this connection only.
 *
 * <p>Connection takeover (replication): {@link #channel()} and {@link #writeRaw} let a command such
 * as PSYNC turn the connection into a replica stream; commands the replica sends (REPLCONF ACK)
 * keep arriving through the core as usual.
 */
public final class ClientHandler extends ChannelInboundHandlerAdapter implements ClientConnection {
  private final ServerCore core;
  private final QueryBufferLimits limits;
  private final RespParser parser = new RespParser();
  private ChannelHandlerContext ctx;
  private ByteBufReplySink sink;
  private ByteBuf in;
  private Client client;
  private boolean closing;
  private boolean flushScheduled;
  private boolean rawFlushScheduled;
  private boolean processing;

  /** This client's pending request as last reported to the limits. */
  private long accounted;

  public ClientHandler(ServerCore core, QueryBufferLimits limits) {
    this.core = core;
    this.limits = limits;
  }

  public Channel channel() {
    return ctx.channel();
  }

  public Client client() {
    return client;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.sink = new ByteBufReplySink(ctx.alloc());
    if (core.clientCount() >= core.config().maxclients) {
      core.stats().rejectedConnections++;
      ctx.writeAndFlush(
              ctx.alloc()
                  .buffer()
                  .writeBytes(
                      "-ERR max number of clients reached\r\n".getBytes(StandardCharsets.US_ASCII)))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    if (core.config().protectedMode && core.config().requirepass.isEmpty() && !isLoopback()) {
      core.stats().rejectedConnections++;
      ctx.writeAndFlush(
              ctx.alloc()
                  .buffer()
                  .writeBytes(
                      ("-DENIED Redis is running in protected mode because protected mode is enabled and no "
                              + "password is set for the default user. In this mode connections are only accepted from "
                              + "the loopback interface. Disable protected mode or set a password.\r\n")
                          .getBytes(StandardCharsets.US_ASCII)))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    client = core.newClient(this, ClientKind.NORMAL);
    limits.add(this);
  }

  private boolean isLoopback() {
    SocketAddress a = ctx.channel().remoteAddress();
    return a instanceof InetSocketAddress i
        && i.getAddress() != null
        && i.getAddress().isLoopbackAddress();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf buf = (ByteBuf) msg;
    if (client == null || closing) {
      buf.release();
      return;
    }
    core.stats().netInputBytes.addAndGet(buf.readableBytes());
    core.stats().totalReadsProcessed++;
    if (!limits.admit(this, buf)) {
      buf.release();
      return;
    }
    if (in == null) {
      in = buf;
    } else {
      if (in.writableBytes() < buf.readableBytes() || in.refCnt() != 1 || in.isReadOnly()) {
        int need = in.readableBytes() + buf.readableBytes();
        // Grow geometrically so a large bulk arriving in many reads is copied O(log n) times.
        // Never past the query buffer limit: what is admitted fits in it.
        long limit = Math.min(core.config().clientQueryBufferLimit, Integer.MAX_VALUE - 8L);
        long grown = Math.min(limit, Math.max(1024L, 2L * in.readableBytes()));
        int cap = (int) Math.max(need, grown);
        ByteBuf merged = ctx.alloc().buffer(cap);
        merged.writeBytes(in);
        in.release();
        in = merged;
      }
      in.writeBytes(buf);
      buf.release();
    }
    processInput();
  }

  /** Parses and runs every complete command in the buffer, unless blocked or closing. */
  private void processInput() {
    if (processing) {
      return;
    }
    processing = true;
    try {
      parser.setMaxBulkLen(core.config().protoMaxBulkLen);
      while (in != null
          && in.isReadable()
          && !closing
          && client.blocker() == null
          && !client.isClosed()) {
        byte[][] argv;
        try {
          parser.setAuthRequired(!client.isAuthenticated());
          argv = parser.parse(in);
        } catch (RespProtocolException e) {
          sink.error(e.replyText());
          closeAfterReply();
          break;
        }
        if (argv == null) {
          break;
        }
        if (argv.length > 0) {
          core.process(client, argv);
        } else {
          core.blankRequest(client);
        }
      }
      if (in != null) {
        if (!in.isReadable()) {
          in.release();
          in = null;
        } else if (in.readerIndex() > 64 * 1024) {
          in.discardReadBytes();
        }
      }
      account();
    } finally {
      processing = false;
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    flushNow();
  }

  private void flushNow() {
    if (ctx == null) {
      return;
    }
    ByteBuf out = sink.take();
    if (out != null) {
      core.stats().netOutputBytes.addAndGet(out.readableBytes());
      core.stats().totalWritesProcessed++;
      if (closing) {
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
        return;
      }
      ctx.writeAndFlush(out, ctx.voidPromise());
    } else if (closing) {
      ctx.close();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    // Backpressure: a client that does not read its replies stops being read from.
    ctx.channel().config().setAutoRead(ctx.channel().isWritable());
    ctx.fireChannelWritabilityChanged();
  }

  /** What this client's pending request holds: unparsed bytes and the request being read. */
  private long pendingBytes() {
    return (in == null ? 0 : in.readableBytes()) + parser.pendingFrameBytes();
  }

  private void account() {
    long now = closing ? 0 : pendingBytes();
    limits.resized(this, accounted, now);
    accounted = now;
  }

  long accountedBytes() {
    return accounted;
  }

  /** Closes the connection at once, without a reply (a client over a query buffer limit). */
  void abort() {
    limits.remove(this);
    accounted = 0;
    closing = true;
    if (in != null) {
      in.release();
      in = null;
    }
    ctx.close();
  }

  /** The first 64 bytes of the pending input, quoted as redis's sdscatrepr. */
  String initialBytes(ByteBuf incoming) {
    ByteBuf b = in != null && in.isReadable() ? in : incoming;
    int n = Math.min(64, b.readableBytes());
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < n; i++) {
      int c = b.getByte(b.readerIndex() + i) & 0xff;
      switch (c) {
        case '\\', '"' -> out.append('\\').append((char) c);
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case 7 -> out.append("\\a");
        case '\b' -> out.append("\\b");
        default ->
            out.append(c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\x%02x", c));
      }
    }
    return out.append('"').toString();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    limits.remove(this);
    if (client != null) {
      core.clientClosed(client);
    }
    if (in != null) {
      in.release();
      in = null;
    }
    sink.release();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  // ---- ClientConnection ----

  @Override
  public ReplySink sink() {
    return sink;
  }

  @Override
  public void setProtocol(int protocol) {
    sink.setProtocol(protocol);
  }

  @Override
  public void flushSoon() {
    if (flushScheduled || ctx == null) {
      return;
    }
    flushScheduled = true;
    ctx.executor()
        .execute(
            () -> {
              flushScheduled = false;
              flushNow();
            });
  }

  @Override
  public void closeAfterReply() {
    closing = true;
    flushSoon();
  }

  @Override
  public void close() {
    closing = true;
    if (ctx != null) {
      ByteBuf out = sink.take();
      if (out != null) {
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
      } else {
        ctx.close();
      }
    }
  }

  @Override
  public void unblocked() {
    if (ctx == null) {
      return;
    }
    ctx.executor()
        .execute(
            () -> {
              if (in != null && in.isReadable()) {
                processInput();
              }
              flushNow();
            });
  }

  @Override
  public String remoteAddress() {
    return format(ctx == null ? null : ctx.channel().remoteAddress());
  }

  @Override
  public String localAddress() {
    return format(ctx == null ? null : ctx.channel().localAddress());
  }

  static String format(SocketAddress a) {
    if (a instanceof InetSocketAddress i) {
      String host = i.getAddress() != null ? i.getAddress().getHostAddress() : i.getHostString();
      return host + ":" + i.getPort();
    }
    return "?:0";
  }

  @Override
  public long pendingOutputBytes() {
    if (ctx == null) {
      return 0;
    }
    // Replies not yet flushed count too: a subscriber's messages wait there between flushes.
    long encoded = sink.pendingBytes();
    return ctx.channel().unsafe().outboundBuffer() == null
        ? encoded
        : encoded + ctx.channel().unsafe().outboundBuffer().totalPendingWriteBytes();
  }

  /**
   * Writes raw bytes after any pending replies (replica streams, RDB transfer). With {@code flush}
   * the socket is flushed once the event loop is done with its current batch, as redis writes a
   * replica's buffer once per event loop turn (beforeSleep): a flush per propagated command would
   * cost a send per command. Takes ownership of {@code data}. Safe from any thread: off the event
   * loop the write is queued to it, keeping the order of calls from one thread.
   */
  public void writeRaw(ByteBuf data, boolean flush) {
    if (!ctx.executor().inEventLoop()) {
      ctx.executor().execute(() -> writeRaw(data, flush));
      return;
    }
    ByteBuf out = sink.take();
    if (out != null) {
      ctx.write(out, ctx.voidPromise());
    }
    core.stats().netReplOutputBytes += data.readableBytes();
    // Nobody waits on these writes: the void promise spares a promise per write (a failed write
    // closes the channel through exceptionCaught).
    ctx.write(data, ctx.voidPromise());
    if (flush && !rawFlushScheduled) {
      rawFlushScheduled = true;
      ctx.executor().execute(rawFlushTask);
    }
  }

  /** The deferred flush of {@link #writeRaw}, made once. */
  private final Runnable rawFlushTask =
      () -> {
        rawFlushScheduled = false;
        ctx.flush();
      };
}
