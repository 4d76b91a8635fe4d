package io.replicheck.explore.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicheck.client.AdminClient;
import io.replicheck.server.ReferenceServer;
import io.replicheck.testkit.RedisServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The space narrowed by probing the reference server in-process, and every drawn config started on
 * it: the server starts and CONFIG GET echoes each directive.
 */
class ReferenceServerConfigTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir Path dir;

  /** The arguments the harness starts every node with (cluster/ServerArgs), then the config's. */
  private List<String> args(List<String> extra) {
    List<String> a = new ArrayList<>(RedisServerProcess.args(0, dir, ""));
    a.addAll(List.of("--protected-mode", "no"));
    a.addAll(extra);
    return a;
  }

  @Test
  void everyDrawnConfigStartsTheReferenceServerAndReadsBack() throws Exception {
    ConfigSpace space;
    ServerConfigProbe probe = new ServerConfigProbe(ConfigSpace.redis70(), TIMEOUT);
    try (ReferenceServer s = ReferenceServer.start(false, args(List.of()).toArray(String[]::new))) {
      ProbedConfig found = probe.probe("reference", "127.0.0.1", s.port());
      assertFalse(found.refused().containsKey("appendonly"), "appendonly yes is honoured (AOF)");
      assertFalse(found.reported().containsKey("lazyfree-lazy-expire"), "tuning-only, unset");
      assertTrue(found.refused("repl-disable-tcp-nodelay", "yes"), "accepted, but reads back no");
      space = ConfigSpace.redis70().forServer(found);
      // The probe put every value back.
      try (AdminClient admin = AdminClient.connect("127.0.0.1", s.port(), TIMEOUT)) {
        for (Map.Entry<String, String> e : space.defaults().entrySet()) {
          if (!e.getKey().equals("client-output-buffer-limit")) {
            assertEquals(e.getValue(), get(admin, e.getKey()), e.getKey());
          }
        }
      }
    }
    // Cached per version: no second connection (the server is gone).
    assertSame(probe.probe("reference", "127.0.0.1", 1), probe.probe("reference", "127.0.0.1", 1));
    assertEquals("", space.defaults().get("save"));
    assertTrue(space.defaults().containsKey("repl-backlog-size"));
    assertTrue(space.defaults().containsKey("repl-diskless-load"));

    int drawnDirectives = 0;
    for (long seed = 0; seed < 25; seed++) {
      NodeConfig config = space.gen().sample(seed, 30);
      for (boolean master : new boolean[] {true, false}) {
        try (ReferenceServer s =
                ReferenceServer.start(false, args(config.args(master)).toArray(String[]::new));
            AdminClient admin = AdminClient.connect("127.0.0.1", s.port(), TIMEOUT)) {
          for (Map.Entry<String, String> e : config.effective(master).entrySet()) {
            assertEquals(
                e.getValue(), echoed(admin, e.getKey()), "seed " + seed + ": " + e.getKey());
            drawnDirectives++;
          }
        }
      }
    }
    assertTrue(drawnDirectives > 100, "directives checked: " + drawnDirectives);
  }

  private static String get(AdminClient admin, String directive) throws Exception {
    Object r = admin.call("CONFIG", "GET", directive);
    return AdminClient.text(((List<?>) r).get(1));
  }

  /** CONFIG GET in the space's form (the replica class of the output buffer limits). */
  static String echoed(AdminClient admin, String directive) throws Exception {
    return new ProbedConfig("", Map.of(directive, get(admin, directive)), Map.of())
        .current(directive);
  }
}
