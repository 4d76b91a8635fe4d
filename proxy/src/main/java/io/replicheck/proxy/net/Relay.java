package io.replicheck.proxy.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;

/**
 * Hands one socket's events to its {@link ProxyConnection}: the client side or the upstream side.
 */
final class Relay extends ChannelInboundHandlerAdapter {
  private final ProxyConnection connection;
  private final boolean clientSide;

  Relay(ProxyConnection connection, boolean clientSide) {
    this.connection = connection;
    this.clientSide = clientSide;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    connection.onRead(clientSide, (ByteBuf) msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    connection.onReadComplete(clientSide);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) connection.onSourceEnd(clientSide);
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    connection.onSourceEnd(clientSide);
    connection.onClosed();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    connection.updateReads();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A reset or broken pipe from either peer: the connection is over (Toxiproxy logs and closes
    // too).
    ctx.close();
  }
}
