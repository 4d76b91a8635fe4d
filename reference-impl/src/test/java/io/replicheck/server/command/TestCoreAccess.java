package io.replicheck.server.command;

/** Opens {@link TestCore} to tests in other packages. */
public final class TestCoreAccess {
  private final TestCore t = new TestCore();

  public io.replicheck.server.core.ServerCore core() {
    return t.core;
  }

  public io.replicheck.server.core.ManualClock clock() {
    return t.clock;
  }

  public io.replicheck.server.core.ServerConfig config() {
    return t.config;
  }

  /** Runs a command on a fresh connection and returns the reply. */
  public Object call(String... args) {
    return conn.call(args);
  }

  private final TestCore.Conn conn = t.connect();
}
