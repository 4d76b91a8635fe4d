package io.replicheck.explore.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicheck.client.AdminClient;
import io.replicheck.cluster.Ports;
import io.replicheck.cluster.RedisServerBinary;
import io.replicheck.cluster.ServerBinary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop (failsafe, {@code -Pinterop} or {@code -DskipInterop=false}): the space probed on
 * Debian's redis-server, and every drawn config starts it and reads back through CONFIG GET.
 */
class NodeConfigRedisIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir Path dir;

  @Test
  void everyDrawnConfigStartsRedisServerAndReadsBack() throws Exception {
    ServerBinary redis = ServerBinary.external(RedisServerBinary.path());
    String version = redis.version().toString();
    ServerConfigProbe probe = new ServerConfigProbe(ConfigSpace.redis70(), TIMEOUT);
    ConfigSpace space;
    try (Node n = Node.start(redis, dir.resolve("probe"), List.of())) {
      ServerConfig found = probe.probe(version, "127.0.0.1", n.port);
      assertFalse(found.refused().containsKey("appendonly"), found.refused().toString());
      assertTrue(found.reported().containsKey("lazyfree-lazy-user-flush"));
      space = ConfigSpace.redis70().forServer(found);
    }
    assertEquals(
        ConfigSpace.redis70().defaults().keySet(),
        space.defaults().keySet(),
        "redis 7.0 knows and keeps every directive of the space");
    int checked = 0;
    for (long seed = 0; seed < 12; seed++) {
      NodeConfig config = space.gen().sample(seed, 30);
      for (boolean master : new boolean[] {true, false}) {
        Path nodeDir = dir.resolve("n" + seed + (master ? "m" : "r"));
        try (Node n = Node.start(redis, nodeDir, config.args(master));
            AdminClient admin = AdminClient.connect("127.0.0.1", n.port, TIMEOUT)) {
          for (Map.Entry<String, String> e : config.effective(master).entrySet()) {
            assertEquals(
                e.getValue(),
                ReferenceServerConfigTest.echoed(admin, e.getKey()),
                "seed " + seed + ": " + e.getKey());
            checked++;
          }
        }
      }
    }
    assertTrue(checked > 50, "directives checked: " + checked);
  }

  /** One redis-server process with the harness's arguments (cluster/ServerArgs) and extras. */
  private static final class Node implements AutoCloseable {
    final Process process;
    final int port;

    private Node(Process process, int port) {
      this.process = process;
      this.port = port;
    }

    static Node start(ServerBinary binary, Path dir, List<String> extra) throws Exception {
      Files.createDirectories(dir);
      int port = Ports.freePort();
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--port",
                  Integer.toString(port),
                  "--bind",
                  "127.0.0.1",
                  "--dir",
                  dir.toString(),
                  "--dbfilename",
                  "dump.rdb",
                  "--save",
                  "",
                  "--appendonly",
                  "no",
                  "--daemonize",
                  "no",
                  "--protected-mode",
                  "no",
                  "--logfile",
                  "",
                  "--enable-debug-command",
                  "yes"));
      args.addAll(extra);
      Process p =
          new ProcessBuilder(binary.command(args))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("server.log").toFile())
              .start();
      Node n = new Node(p, port);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (true) {
        if (!p.isAlive()) {
          String log = Files.readString(dir.resolve("server.log"));
          throw new AssertionError(
              "redis-server exited with " + p.exitValue() + " on " + extra + ":\n" + log);
        }
        try (AdminClient admin = AdminClient.connect("127.0.0.1", port, Duration.ofSeconds(1))) {
          if ("PONG".equals(admin.callText("PING"))) {
            return n;
          }
        } catch (IOException notYet) {
          if (System.nanoTime() > deadline) {
            n.close();
            throw new AssertionError(
                "redis-server did not answer within " + TIMEOUT + " on " + extra);
          }
          Thread.sleep(50);
        }
      }
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }
}
