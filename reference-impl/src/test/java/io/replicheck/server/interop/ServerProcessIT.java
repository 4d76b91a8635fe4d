package io.replicheck.server.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.testkit.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as its own process (java -jar): startup lines, SIGTERM with a final save, bad input.
 */
class ServerProcessIT {
  @TempDir Path dir;

  static Path jar() {
    String p = System.getProperty("replicheck.serverJar");
    assertThat(p).as("system property replicheck.serverJar (set by the POM)").isNotNull();
    assertThat(Path.of(p)).as("the shaded server jar; run mvn verify").exists();
    return Path.of(p);
  }

  private Process start(Path out, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar().toString()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
  }

  private static void awaitLine(Process p, Path out, String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.readString(out, StandardCharsets.UTF_8).contains(text)) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new AssertionError(
            "no '" + text + "' in the server's output:\n" + Files.readString(out));
      }
      Thread.sleep(50);
    }
  }

  @Test
  void sigtermSavesAndExitsZeroAndTheDataComesBack() throws Exception {
    int port = Tools.freePort();
    Path out = dir.resolve("out1.txt");
    Path pidfile = dir.resolve("server.pid");
    Process p =
        start(
            out,
            "--port",
            Integer.toString(port),
            "--dir",
            dir.toString(),
            "--save",
            "3600 1",
            "--pidfile",
            pidfile.toString());
    try {
      awaitLine(p, out, "Ready to accept connections");
      String log = Files.readString(out);
      assertThat(log).contains(" PID: " + p.pid());
      assertThat(Files.readString(pidfile).strip()).isEqualTo(Long.toString(p.pid()));
      assertThat(Tools.cli(port, "SET", "durable", "yes").output().strip()).isEqualTo("OK");
      p.destroy(); // SIGTERM
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isZero();
      assertThat(Files.readString(out))
          .contains("Received SIGTERM", "DB saved on disk", "ready to exit, bye bye");
      assertThat(dir.resolve("dump.rdb")).exists();
      assertThat(pidfile).doesNotExist();
    } finally {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    Path out2 = dir.resolve("out2.txt");
    Process q =
        start(out2, "--port", Integer.toString(port), "--dir", dir.toString(), "--save", "");
    try {
      awaitLine(q, out2, "Ready to accept connections");
      assertThat(Tools.cli(port, "GET", "durable").output().strip()).isEqualTo("yes");
      // redis-cli reports a SHUTDOWN that closed the connection as success, with no error printed.
      Tools.Result shutdown = Tools.cli(port, "SHUTDOWN", "NOSAVE");
      assertThat(shutdown.exitCode()).as(shutdown.output()).isZero();
      assertThat(shutdown.output()).doesNotContain("ERR", "Error");
      assertThat(q.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(q.exitValue()).isZero();
    } finally {
      q.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void badConfigAndCorruptDumpExitOne() throws Exception {
    Path out = dir.resolve("bad.txt");
    Process p = start(out, "--port", "0", "--no-such-directive", "1");
    try {
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isEqualTo(1);
      assertThat(Files.readString(out))
          .contains(
              "*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***",
              ">>> 'no-such-directive \"1\"'",
              "Bad directive or wrong number of arguments");
    } finally {
      p.destroyForcibly();
    }
    Files.write(
        dir.resolve("dump.rdb"),
        "REDIS0010\u00fa\u0009redis-ver".getBytes(StandardCharsets.ISO_8859_1));
    Path out2 = dir.resolve("corrupt.txt");
    Process q = start(out2, "--port", "0", "--dir", dir.toString());
    try {
      assertThat(q.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(q.exitValue()).isEqualTo(1);
      List<String> fatal =
          Files.readAllLines(out2).stream().filter(l -> l.contains("Fatal error loading")).toList();
      assertThat(fatal).hasSize(1);
      assertThat(fatal.get(0)).contains(dir.resolve("dump.rdb").toString(), "offset");
      assertThat(Files.readString(out2)).doesNotContain("Exception", "\tat ");
    } finally {
      q.destroyForcibly();
    }
  }
}
