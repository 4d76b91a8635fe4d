package io.replicheck.server.interop;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Finding redis's tools and running them with bounded waits. */
final class Tools {
  private Tools() {}

  /** Tools whose version was read once already. */
  private static final Set<Path> CHECKED = ConcurrentHashMap.newKeySet();

  /** The tool on PATH at 7.0.x; fails the test with one line that says what to install. */
  static Path require(String name) {
    for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      Path p = Path.of(d, name);
      if (Files.isExecutable(p)) {
        requireVersion70(p);
        return p;
      }
    }
    throw new AssertionError(
        name
            + " is not installed (needed by this interop test): install redis-server "
            + "and redis-tools 7.0, e.g. apt-get install redis-server redis-tools");
  }

  /** redis-server, redis-cli and redis-benchmark print their version on --version. */
  static void requireVersion70(Path tool) {
    if (CHECKED.contains(tool)) {
      return;
    }
    String out;
    try {
      out = run(List.of(tool.toString(), "--version"), null, 10).output();
    } catch (Exception e) {
      throw new AssertionError("cannot run " + tool + " --version: " + e.getMessage(), e);
    }
    if (!out.matches("(?s).*\\b(v=)?7\\.0\\.\\d+\\b.*")) {
      throw new AssertionError(
          tool
              + " is not 7.0.x ("
              + out.strip()
              + "): interop tests need redis-server and "
              + "redis-tools 7.0, e.g. apt-get install redis-server redis-tools (Debian 12)");
    }
    CHECKED.add(tool);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Result of a finished process. */
  record Result(int exitCode, String output) {}

  /** Runs a command with stdin from a file (or none), waiting at most timeoutSec. */
  static Result run(List<String> cmd, Path stdin, long timeoutSec) throws Exception {
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
                + "s: "
                + cmd
                + "\n"
                + Files.readString(out, StandardCharsets.UTF_8));
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(out);
    }
  }

  static Result cli(int port, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                require("redis-cli").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port)));
    cmd.addAll(List.of(args));
    return run(cmd, null, 30);
  }
}
