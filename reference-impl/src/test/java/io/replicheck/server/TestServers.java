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

  /**
   * A replication test's node: as {@link #start}, in {@code root/name} (made here) with its log in
   * {@code log} there, diskless syncs starting at once.
   */
  public static ReferenceServer startNode(Path root, String name, String... extra)
      throws Exception {
    Path dir = root.resolve(name);
    java.nio.file.Files.createDirectories(dir);
    List<String> args = new ArrayList<>(List.of("--repl-diskless-sync-delay", "0"));
    args.addAll(List.of(extra));
    return start(dir, "log", args.toArray(String[]::new));
  }
}
