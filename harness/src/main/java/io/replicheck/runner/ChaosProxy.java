package io.replicheck.runner;

/** A running chaos proxy with Toxiproxy's HTTP API at host:port (embedded, or a real one). */
public interface ChaosProxy extends AutoCloseable {
  String host();

  int port();

  @Override
  void close();

  /** A toxiproxy-server someone else runs: the harness creates and deletes its own proxies. */
  static ChaosProxy external(String host, int port) {
    return new ChaosProxy() {
      @Override
      public String host() {
        return host;
      }

      @Override
      public int port() {
        return port;
      }

      @Override
      public void close() {}
    };
  }
}
