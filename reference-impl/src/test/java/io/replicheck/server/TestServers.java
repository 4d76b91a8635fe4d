package io.replicheck.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The reference server as the tests start it in this JVM: a free port, no snapshots, one log. */
public final class TestServers {
  private TestServers() {}

  /**
   * A server with its data in {@code dir}, its log in {@code dir/logName}, and {@code extra}
   * directives after those.
   */
  public static ReferenceServer start(Path dir, String logName, String... extra) throws Exception {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "--port",
            "0",
            "--save",
            "",
            "--dir",
            dir.toString(),
            "--logfile",
            dir.resolve(logName).toString()));
    args.addAll(List.of(extra));
    return ReferenceServer.start(false, args.toArray(String[]::new));
  }
}
