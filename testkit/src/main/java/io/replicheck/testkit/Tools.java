package io.replicheck.testkit;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Finding redis's tools on PATH (7.0.x, the version the interop tests pin) and running them. */
public final class Tools {
  private Tools() {}

  /** What to install, said once for every missing or wrong tool. */
  static final String INSTALL =
      "interop tests need redis-server and redis-tools 7.0"
          + " (Debian 12: apt-get install redis-server redis-tools)";

  /** Tools whose version was read once already. */
  private static final Set<Path> CHECKED = ConcurrentHashMap.newKeySet();

  /** The first executable called {@code name} on PATH, if any. */
  public static Optional<Path> onPath(String name) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(d.isEmpty() ? "." : d, name);
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * A redis tool (redis-server, redis-cli, redis-check-rdb, redis-benchmark...) on PATH at 7.0.x;
   * otherwise fails the test with one line that says what to install.
   */
  public static Path require(String name) {
    Path p =
        onPath(name).orElseThrow(() -> new AssertionError(name + " is not on PATH: " + INSTALL));
    if (CHECKED.contains(p)) {
      return p;
    }
    String out;
    try {
      out = run(List.of(p.toString(), "--version"), null, 10).output();
    } catch (Exception | AssertionError e) {
      throw new AssertionError("cannot run " + p + " --version: " + e.getMessage(), e);
    }
    if (!isRedis70(out)) {
      throw new AssertionError(p + " is not 7.0.x (" + out.strip() + "): " + INSTALL);
    }
    CHECKED.add(p);
    return p;
  }

  /** Whether a tool's --version output names 7.0.x ("v=7.0.15" or "redis-cli 7.0.15"). */
  static boolean isRedis70(String versionOutput) {
    return versionOutput.matches("(?s).*(\\bv=|\\s)7\\.0\\.\\d+\\b.*");
  }

  /** A port free on 127.0.0.1 now (never 6379, where a developer's own redis may run). */
  public static int freePort() throws IOException {
    while (true) {
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress("127.0.0.1", 0));
        if (s.getLocalPort() != 6379) {
          return s.getLocalPort();
        }
      }
    }
  }

  /** A finished process: its exit code and its output (stderr merged). */
  public record Result(int exitCode, String output) {}

  /**
   * Runs a command with stdin from a file (or none), waiting at most {@code timeoutSec}; a command
   * that takes longer is killed and fails the test with what it printed.
   */
  public static Result run(List<String> cmd, Path stdin, long timeoutSec) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Path out = Files.createTempFile("tool", ".out");
    pb.redirectOutput(out.toFile());
    if (stdin != null) {
      pb.redirectInput(stdin.toFile());
    }
    Process p = pb.start();
    try {
      if (!p.waitFor(timeoutSec, TimeUnit.SECONDS)) {
        throw new AssertionError(
            "timed out after "
                + timeoutSec
                + " s: "
                + cmd
                + "\n"
                + Files.readString(out, StandardCharsets.UTF_8));
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + cmd, e);
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(out);
    }
  }

  /** redis-cli against 127.0.0.1:port, bounded at 30 s. */
  public static Result cli(int port, String... args) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                require("redis-cli").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port)));
    cmd.addAll(List.of(args));
    return run(cmd, null, 30);
  }
}
