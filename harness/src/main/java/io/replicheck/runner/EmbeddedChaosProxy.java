package io.replicheck.runner;

import io.replicheck.proxy.ChaosProxyServer;

/** Starts the project's own chaos proxy in this JVM, its API on a free loopback port. */
public final class EmbeddedChaosProxy {
  private EmbeddedChaosProxy() {}

  /**
   * A running embedded proxy with the given seed for its randomness (jitter, toxicity, slicing).
   */
  public static ChaosProxy start(long seed) {
    ChaosProxyServer server = ChaosProxyServer.start("127.0.0.1", 0, seed);
    return new ChaosProxy() {
      @Override
      public String host() {
        return "127.0.0.1";
      }

      @Override
      public int port() {
        return server.apiPort();
      }

      @Override
      public void close() {
        server.close();
      }
    };
  }
}
