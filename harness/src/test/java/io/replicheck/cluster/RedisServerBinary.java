package io.replicheck.cluster;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds redis-server on PATH for interop tests, which need 7.0.x; fails with one line that says
 * what to install when it is missing or another version.
 */
public final class RedisServerBinary {
  private RedisServerBinary() {}

  public static Path path() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "redis-server");
      if (!Files.isExecutable(p)) continue;
      ServerVersion v = ServerBinary.external(p).version();
      if (v.major() != 7 || v.minor() != 0) {
        throw new AssertionError(
            p
                + " is redis-server "
                + v
                + ": interop tests need redis-server 7.0.x on"
                + " PATH (Debian 12: apt-get install redis-server)");
      }
      return p;
    }
    throw new AssertionError(
        "redis-server is not on PATH: interop tests need redis-server 7.0.x"
            + " (Debian 12: apt-get install redis-server; .ci/run installs it)");
  }
}
