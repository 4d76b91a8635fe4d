package io.replicheck.server.interop;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Finding redis's tools and running them with bounded waits. */
final class Tools {
  private Tools() {}

  /** The tool's path; fails the test with a clear message when it is not installed. */
  static Path require(String name) {
    for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      Path p = Path.of(d, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new AssertionError(name + " is not installed (needed by this interop test): install redis-server "
        + "and redis-tools, e.g. apt-get install redis-server redis-tools");
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
        throw new AssertionError("timed out after " + timeoutSec + "s: " + cmd + "\n"
            + Files.readString(out, StandardCharsets.UTF_8));
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(out);
    }
  }

  static Result cli(int port, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(require("redis-cli").toString(), "-h", "127.0.0.1", "-p",
        Integer.toString(port)));
    cmd.addAll(List.of(args));
    return run(cmd, null, 30);
  }
}
