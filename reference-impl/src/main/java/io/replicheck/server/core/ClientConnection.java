package io.replicheck.server.core;

import io.replicheck.server.resp.ReplySink;

/**
 * What the core needs of a client's transport. The network layer implements it over a Netty
 * channel; {@link #detached} makes one without a socket (tests, the replica's master client).
 */
public interface ClientConnection {
  /** Where replies go, encoded for the connection's protocol. */
  ReplySink sink();

  /** Switches reply encoding to RESP2 or RESP3. */
  void setProtocol(int protocol);

  /**
   * Replies were written outside this connection's own read cycle (unblocked, timers): flush them.
   */
  void flushSoon();

  /** Closes after the replies written so far have been sent. */
  void closeAfterReply();

  /** Closes now (CLIENT KILL, timeouts). */
  void close();

  /** The client was unblocked: process any commands that arrived while it was blocked. */
  void unblocked();

  /** Peer address as ip:port. */
  String remoteAddress();

  /** Local address as ip:port. */
  String localAddress();

  /** Bytes queued for output and not yet written to the socket. */
  default long pendingOutputBytes() {
    return 0;
  }

  /** A connection without a socket. */
  static ClientConnection detached(ReplySink sink, String remoteAddress) {
    return new ClientConnection() {
      @Override
      public ReplySink sink() {
        return sink;
      }

      @Override
      public void setProtocol(int protocol) {
        if (sink instanceof io.replicheck.server.resp.ReplyRecorder r) {
          r.setProtocol(protocol);
        }
      }

      @Override
      public void flushSoon() {}

      @Override
      public void closeAfterReply() {}

      @Override
      public void close() {}

      @Override
      public void unblocked() {}

      @Override
      public String remoteAddress() {
        return remoteAddress;
      }

      @Override
      public String localAddress() {
        return "127.0.0.1:0";
      }
    };
  }
}
