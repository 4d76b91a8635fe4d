package io.replicheck.server.replication;

import io.replicheck.server.core.ClientConnection;
import io.replicheck.server.core.DiscardingReplySink;
import io.replicheck.server.resp.ReplySink;

/**
 * The transport of the master client (the client that applies the master's stream): replies go
 * nowhere, and closing it (CLIENT KILL TYPE master, timeouts) breaks the link to the master.
 */
final class MasterClientConnection implements ClientConnection {
  private final String remote;
  private final Runnable breakLink;

  MasterClientConnection(String remote, Runnable breakLink) {
    this.remote = remote;
    this.breakLink = breakLink;
  }

  @Override
  public ReplySink sink() {
    return DiscardingReplySink.INSTANCE;
  }

  @Override
  public void setProtocol(int protocol) {}

  @Override
  public void flushSoon() {}

  @Override
  public void closeAfterReply() {
    close();
  }

  @Override
  public void close() {
    breakLink.run();
  }

  @Override
  public void unblocked() {}

  @Override
  public String remoteAddress() {
    return remote;
  }

  @Override
  public String localAddress() {
    return "127.0.0.1:0";
  }
}
