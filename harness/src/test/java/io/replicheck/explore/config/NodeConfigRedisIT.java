package io.replicheck.explore.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicheck.client.AdminClient;
import io.replicheck.cluster.ServerBinary;
import io.replicheck.testkit.RedisServerProcess;
import io.replicheck.testkit.Tools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    ServerBinary redis = ServerBinary.external(Tools.require("redis-server"));
    String version = redis.version().toString();
    ServerConfigProbe probe = new ServerConfigProbe(ConfigSpace.redis70(), TIMEOUT);
    ConfigSpace space;
    try (RedisServerProcess n = start(dir.resolve("probe"), List.of())) {
      ProbedConfig found = probe.probe(version, "127.0.0.1", n.port);
      assertFalse(found.refused().containsKey("appendonly"), found.refused().toString());
      assertTrue(found.reported().containsKey("lazyfree-lazy-user-flush"));
      // hidden from CONFIG GET * on redis, read by its name
      assertEquals("0", found.reported().get("rdb-key-save-delay"));
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
        try (RedisServerProcess n = start(nodeDir, config.args(master));
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

  /** One redis-server with the test arguments, the harness's protected-mode off, and extras. */
  private static RedisServerProcess start(Path dir, List<String> extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("--protected-mode", "no"));
    args.addAll(extra);
    return RedisServerProcess.redis(dir, args.toArray(String[]::new));
  }
}
