package io.replicheck.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.replicheck.server.resp.ByteBufReplySink;
import io.replicheck.server.resp.ReplySink;
import io.replicheck.server.resp.RespParser;
import io.replicheck.server.resp.RespProtocolException;
import io.replicheck.server.core.Client;
import io.replicheck.server.core.ClientConnection;
import io.replicheck.server.core.ClientKind;
import io.replicheck.server.core.ServerCore;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * One client connection: accumulates input, parses and executes complete commands on the core
 * (this handler runs on the core's thread), and writes the replies of a whole read batch with one
 * flush. While the client is blocked (BLPOP, CLIENT PAUSE, WAIT) its further input waits in the
 * buffer. A protocol error is answered as redis does and closes this connection only.
 *
 * <p>Connection takeover (replication): {@link #channel()} and {@link #writeRaw} let a command
 * such as PSYNC turn the connection into a replica stream; commands the replica sends (REPLCONF
 * ACK) keep arriving through the core as usual.
 */
public final class ClientHandler extends ChannelInboundHandlerAdapter implements ClientConnection {
  /** redis's client-query-buffer-limit default. */
  static final int QUERY_BUFFER_LIMIT = 1024 * 1024 * 1024;

  private final ServerCore core;
  private final RespParser parser = new RespParser();
  private ChannelHandlerContext ctx;
  private ByteBufReplySink sink;
  private ByteBuf in;
  private Client client;
  private boolean closing;
  private boolean flushScheduled;
  private boolean processing;

  public ClientHandler(ServerCore core) {
    this.core = core;
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
      ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(
          "-ERR max number of clients reached\r\n".getBytes(StandardCharsets.US_ASCII)))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    if (core.config().protectedMode && core.config().requirepass.isEmpty() && !isLoopback()) {
      core.stats().rejectedConnections++;
      ctx.writeAndFlush(ctx.alloc().buffer().writeBytes((
          "-DENIED Redis is running in protected mode because protected mode is enabled and no "
          + "password is set for the default user. In this mode connections are only accepted from "
          + "the loopback interface. Disable protected mode or set a password.\r\n")
          .getBytes(StandardCharsets.US_ASCII))).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    client = core.newClient(this, ClientKind.NORMAL);
  }

  private boolean isLoopback() {
    SocketAddress a = ctx.channel().remoteAddress();
    return a instanceof InetSocketAddress i && i.getAddress() != null && i.getAddress().isLoopbackAddress();
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
    if (in == null) {
      in = buf;
    } else {
      if (in.writableBytes() < buf.readableBytes() || in.refCnt() != 1 || in.isReadOnly()) {
        int need = in.readableBytes() + buf.readableBytes();
        // Grow geometrically so a large bulk arriving in many reads is copied O(log n) times.
        int cap = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(1024L, Math.max(need, 2L * in.readableBytes())));
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
      while (in != null && in.isReadable() && !closing && client.blocker() == null && !client.isClosed()) {
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
        }
      }
      if (in != null) {
        if (!in.isReadable()) {
          in.release();
          in = null;
        } else if (in.readerIndex() > 64 * 1024) {
          in.discardReadBytes();
        }
        if (in != null && in.readableBytes() > QUERY_BUFFER_LIMIT) {
          closing = true;
          ctx.close();
        }
      }
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
      ctx.writeAndFlush(out);
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

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
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
    ctx.executor().execute(() -> {
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
    ctx.executor().execute(() -> {
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
    return ctx.channel().unsafe().outboundBuffer() == null ? 0
        : ctx.channel().unsafe().outboundBuffer().totalPendingWriteBytes();
  }

  /**
   * Writes raw bytes after any pending replies (replica streams, RDB transfer). Flushes when
   * {@code flush} is set. Takes ownership of {@code data}. Safe from any thread: off the event
   * loop the write is queued to it, keeping the order of calls from one thread.
   */
  public void writeRaw(ByteBuf data, boolean flush) {
    if (!ctx.executor().inEventLoop()) {
      ctx.executor().execute(() -> writeRaw(data, flush));
      return;
    }
    ByteBuf out = sink.take();
    if (out != null) {
      ctx.write(out);
    }
    core.stats().netReplOutputBytes += data.readableBytes();
    if (flush) {
      ctx.writeAndFlush(data);
    } else {
      ctx.write(data);
    }
  }
}
