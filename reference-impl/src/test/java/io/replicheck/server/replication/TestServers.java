package io.replicheck.server.replication;

import io.replicheck.testkit.RedisServerProcess;
import io.replicheck.testkit.Tools;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The servers the replication interop tests start (testkit's processes, each in {@code root/name},
 * diskless syncs without delay): redis-server 7.0 or the reference server from this module's shaded
 * jar; and deleting a test's temp folder.
 */
final class TestServers {
  private TestServers() {}

  /** redis-server 7.0 from PATH; extra directives after the defaults. */
  static RedisServerProcess redis(String name, Path root, String... extra) throws IOException {
    return RedisServerProcess.start(
        name,
        List.of(Tools.require("redis-server").toString()),
        root.resolve(name),
        noSyncDelay(extra));
  }

  /** The reference server, from this module's shaded jar in a JVM of its own. */
  static RedisServerProcess reference(String name, Path root, String... extra) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    return RedisServerProcess.start(
        name,
        List.of(java, "-Xmx1g", "-jar", referenceJar().toString()),
        root.resolve(name),
        noSyncDelay(extra));
  }

  private static String[] noSyncDelay(String... extra) {
    List<String> args = new ArrayList<>(List.of("--repl-diskless-sync-delay", "0"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  static Path referenceJar() {
    try {
      Path classes =
          Path.of(TestServers.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path jar = classes.getParent().resolve("replicheck-server.jar");
      if (!Files.exists(jar)) {
        throw new AssertionError(
            "reference server jar missing at " + jar + " (run the package phase first)");
      }
      return jar;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Deletes a test's temp folder. */
  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Temp files; best effort.
    }
  }
}
