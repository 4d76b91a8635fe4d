package io.replicheck.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates Debian's redis-server for interop tests; fails with a clear message when missing. */
public final class RedisServerBinary {
  private RedisServerBinary() {}

  public static Path path() {
    for (String p : new String[] {"/usr/bin/redis-server", "/usr/local/bin/redis-server"}) {
      if (Files.isExecutable(Path.of(p))) return Path.of(p);
    }
    throw new AssertionError(
        "redis-server is not installed: interop tests need it (Debian: apt-get install redis-server;"
            + " .ci/run installs it)");
  }
}
