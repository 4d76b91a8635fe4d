package io.replicheck.proxy.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.Future;
import io.replicheck.proxy.toxic.Direction;
import io.replicheck.proxy.toxic.Link;
import io.replicheck.proxy.toxic.Sink;
import io.replicheck.proxy.toxic.ToxicSpec;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * One client connection through a proxy and the upstream connection it dialled: two streams,
 * upstream (client to server) and downstream (server to client), each a {@link Link}. Everything
 * but {@link #applyToxics} and {@link #close} runs on the client channel's event loop, which the
 * upstream channel shares.
 */
final class ProxyConnection {
  /** A stream stops reading from its source while its toxics hold this much. */
  static final long HIGH_WATER = 512 * 1024;

  private final TcpProxy proxy;
  private final long id;
  private final Channel client;
  private Channel server;
  private Link upstream;
  private Link downstream;
  private final boolean[] reading = new boolean[2];
  private final boolean[] sourceEnded = new boolean[2];
  private boolean cleaned;

  ProxyConnection(TcpProxy proxy, long id, Channel client) {
    this.proxy = proxy;
    this.id = id;
    this.client = client;
  }

  long id() {
    return id;
  }

  /** Dials the upstream; the client is not read until it answers. */
  void start(InetSocketAddress upstreamAddress) {
    client.pipeline().addLast(new Relay(this, true));
    Bootstrap b =
        new Bootstrap()
            .group(client.eventLoop())
            .channel(Transport.socketChannel())
            .option(ChannelOption.AUTO_READ, false)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
            .handler(new Relay(this, false));
    b.connect(upstreamAddress)
        .addListener(
            (ChannelFutureListener)
                f -> {
                  if (!f.isSuccess()) {
                    client
                        .close(); // Toxiproxy closes the client when the upstream cannot be dialled
                    proxy.unregister(this);
                    return;
                  }
                  server = f.channel();
                  onConnected();
                });
  }

  private void onConnected() {
    List<ToxicSpec> toxics = proxy.register(this);
    if (toxics == null || !client.isActive()) {
      close();
      return;
    }
    EventLoopScheduler scheduler = new EventLoopScheduler(client.eventLoop());
    upstream =
        new Link(
            scheduler,
            new ChannelSink(server, Direction.UPSTREAM),
            proxy.seeds(),
            proxy.name(),
            id,
            Direction.UPSTREAM,
            toxics);
    downstream =
        new Link(
            scheduler,
            new ChannelSink(client, Direction.DOWNSTREAM),
            proxy.seeds(),
            proxy.name(),
            id,
            Direction.DOWNSTREAM,
            toxics);
    client.config().setAutoRead(true);
    server.config().setAutoRead(true);
  }

  private Link linkFrom(boolean clientSide) {
    return clientSide ? upstream : downstream;
  }

  void onRead(boolean clientSide, ByteBuf buf) {
    Link link = linkFrom(clientSide);
    if (link == null || cleaned) {
      buf.release();
      return;
    }
    reading[clientSide ? 0 : 1] = true;
    if (link.passThrough()) {
      // No toxics: the read buffer goes straight to the other socket, flushed once per read batch
      // (onReadComplete). Back-pressure comes from the destination's writability alone, so the
      // source's auto-read is touched only when that changes (Relay.channelWritabilityChanged).
      Channel dest = clientSide ? server : client;
      dest.write(buf, dest.voidPromise());
      return;
    }
    link.data(buf);
    updateReads();
  }

  void onReadComplete(boolean clientSide) {
    reading[clientSide ? 0 : 1] = false;
    Channel dest = clientSide ? server : client;
    if (dest != null) dest.flush();
  }

  void onSourceEnd(boolean clientSide) {
    int i = clientSide ? 0 : 1;
    if (sourceEnded[i]) return;
    sourceEnded[i] = true;
    Link link = linkFrom(clientSide);
    if (link != null && !cleaned) {
      link.end();
    } else {
      close();
    }
  }

  void onClosed() {
    if (client.isActive() || (server != null && server.isActive())) return;
    cleanup();
  }

  private void cleanup() {
    if (cleaned) return;
    cleaned = true;
    if (upstream != null) upstream.close();
    if (downstream != null) downstream.close();
    proxy.unregister(this);
  }

  /** Pauses a source while its stream's toxics hold too much or its destination is full. */
  void updateReads() {
    if (cleaned || upstream == null) return;
    client.config().setAutoRead(upstream.inFlight() < HIGH_WATER && server.isWritable());
    server.config().setAutoRead(downstream.inFlight() < HIGH_WATER && client.isWritable());
  }

  /** The address this connection comes from (a partition can cut one source only). */
  java.net.InetAddress source() {
    return client.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
  }

  /** Applies a new toxic list on the event loop; the future completes once applied. */
  Future<?> applyToxics(List<ToxicSpec> toxics) {
    return client
        .eventLoop()
        .submit(
            () -> {
              if (cleaned || upstream == null) return;
              upstream.update(toxics);
              downstream.update(toxics);
              updateReads();
            });
  }

  /** Closes both sockets at once (the proxy was disabled or deleted). */
  void close() {
    client.close();
    if (server != null) server.close();
    client.eventLoop().execute(this::cleanup);
  }

  /** Where a stream's data is written: the other socket. */
  private final class ChannelSink implements Sink {
    private final Channel dest;
    private final int index;

    ChannelSink(Channel dest, Direction direction) {
      this.dest = dest;
      this.index = direction == Direction.UPSTREAM ? 0 : 1;
    }

    @Override
    public void write(ByteBuf data) {
      if (reading[index]) {
        dest.write(data, dest.voidPromise());
      } else {
        dest.writeAndFlush(data, dest.voidPromise());
        updateReads();
      }
    }

    @Override
    public void end() {
      // Toxiproxy closes the destination when a stream ends; the other stream then ends too.
      dest.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void reset() {
      for (Channel ch : new Channel[] {client, server}) {
        if (ch != null && ch.isOpen()) {
          ((SocketChannel) ch).config().setSoLinger(0);
          ch.close();
        }
      }
    }

    @Override
    public void progress() {
      if (!reading[index]) updateReads();
    }
  }
}
