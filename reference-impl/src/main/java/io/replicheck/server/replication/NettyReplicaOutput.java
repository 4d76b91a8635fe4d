package io.replicheck.server.replication;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.replicheck.server.net.ClientHandler;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A replica's connection on the master: the network edge of {@link ReplicaOutput} over the client's
 * Netty channel. The stream of one event-loop turn is gathered into one pooled direct buffer and
 * handed to the channel with one write and one flush when the turn's I/O is done, as redis writes a
 * replica's output buffer in beforeSleep: a channel write per propagated command costs a promise,
 * an outbound entry and a copy to a direct buffer each. Snapshot bytes in flight are tracked so
 * that only the stream counts against client-output-buffer-limit.
 */
final class NettyReplicaOutput implements ReplicaOutput {
  private final ClientHandler handler;
  private final AtomicLong snapshotInFlight = new AtomicLong();

  /** Stream bytes of this turn, not yet handed to the channel (event loop only). */
  private ByteBuf gathered;

  private boolean flushScheduled;

  NettyReplicaOutput(ClientHandler handler) {
    this.handler = handler;
  }

  Channel channel() {
    return handler.channel();
  }

  @Override
  public void write(byte[] bytes) {
    if (channel().isActive()) {
      if (channel().eventLoop().inEventLoop()) {
        handOver();
      }
      handler.writeRaw(Unpooled.wrappedBuffer(bytes), true);
    }
  }

  @Override
  public void writeStream(byte[] bytes, int off, int len) {
    Channel ch = channel();
    if (!ch.isActive()) {
      return;
    }
    if (!ch.eventLoop().inEventLoop()) {
      handler.writeRaw(Unpooled.copiedBuffer(bytes, off, len), true);
      return;
    }
    if (gathered == null) {
      gathered = ch.alloc().directBuffer(Math.max(8192, len));
    }
    gathered.writeBytes(bytes, off, len);
    if (!flushScheduled) {
      flushScheduled = true;
      // Runs after the I/O events of this turn: every client's commands read in it are in.
      ch.eventLoop().execute(flushTask);
    }
  }

  /** The end-of-turn flush, made once (a task per turn, not a lambda per turn). */
  private final Runnable flushTask =
      () -> {
        flushScheduled = false;
        if (handOver()) {
          channel().flush();
        }
      };

  /** Hands the gathered stream to the channel (unflushed); true when there was some. */
  private boolean handOver() {
    ByteBuf g = gathered;
    if (g == null) {
      return false;
    }
    gathered = null;
    if (!channel().isActive()) {
      g.release();
      return false;
    }
    handler.writeRaw(g, false);
    return true;
  }

  @Override
  public void writeSnapshot(byte[] bytes) {
    if (!channel().isActive()) {
      return;
    }
    if (channel().eventLoop().inEventLoop()) {
      handOver();
    }
    long n = bytes.length;
    snapshotInFlight.addAndGet(n);
    handler.writeRaw(Unpooled.wrappedBuffer(bytes), false);
    // An empty write after it completes once the chunk before it has gone out.
    channel().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> snapshotInFlight.addAndGet(-n));
  }

  @Override
  public long pendingBytes() {
    ByteBuf g = gathered;
    long own = g == null ? 0 : g.readableBytes();
    return Math.max(0, handler.pendingOutputBytes() - snapshotInFlight.get()) + own;
  }

  @Override
  public void closeAfterWrites(String reason) {
    if (channel().eventLoop().inEventLoop()) {
      handOver();
    }
    channel()
        .writeAndFlush(Unpooled.EMPTY_BUFFER)
        .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
  }

  @Override
  public void close(String reason) {
    if (channel().eventLoop().inEventLoop() && gathered != null) {
      gathered.release();
      gathered = null;
    }
    handler.close();
  }
}
