package io.replicheck.server;

import java.nio.file.Path;

/** The reference server as the tests start it in this JVM: a free port, no snapshots, one log. */
public final class TestServers {
  private TestServers() {}

  /** A server with its data in {@code dir} and its log in {@code dir/logName}. */
  public static ReferenceServer start(Path dir, String logName) throws Exception {
    return ReferenceServer.start(
        false,
        "--port",
        "0",
        "--save",
        "",
        "--dir",
        dir.toString(),
        "--logfile",
        dir.resolve(logName).toString());
  }
}
