package io.replicheck.server.interop;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server 7.0 on a free port with its own dir; stopped (and killed if need be) on
 * close.
 */
final class RedisServerProcess implements AutoCloseable {
  final int port;
  final Path dir;
  private final Process process;

  RedisServerProcess(Path dir, String... extra) throws Exception {
    this.dir = dir;
    this.port = Tools.freePort();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Tools.require("redis-server").toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                dir.toString(),
                "--save",
                "",
                "--appendonly",
                "no",
                "--enable-debug-command",
                "yes",
                "--logfile",
                dir.resolve("redis.log").toString()));
    cmd.addAll(List.of(extra));
    process =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.out").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    Path log = dir.resolve("redis.log");
    while (true) {
      if (Files.exists(log)
          && Files.readString(log, StandardCharsets.UTF_8)
              .contains("Ready to accept connections")) {
        return;
      }
      if (!process.isAlive() || System.nanoTime() > deadline) {
        String why = Files.exists(log) ? Files.readString(log) : "";
        close();
        throw new AssertionError("redis-server did not start:\n" + why);
      }
      Thread.sleep(50);
    }
  }

  String cli(String... args) throws Exception {
    Tools.Result r = Tools.cli(port, args);
    return r.output().strip();
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      try {
        Tools.cli(port, "SHUTDOWN", "NOSAVE");
      } catch (Exception | AssertionError e) {
        // fall through to kill
      }
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }
}
