package io.replicheck.explore.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicheck.gen.Gen;
import io.replicheck.gen.Shrinkable;
import io.replicheck.gen.Source;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigSpaceTest {
  private final Gen<NodeConfig> gen = ConfigSpace.redis70().gen();

  @Test
  void theSameSeedDrawsTheSameConfig() {
    Set<NodeConfig> distinct = new HashSet<>();
    for (long seed = 0; seed < 200; seed++) {
      NodeConfig a = gen.sample(seed, 30);
      assertEquals(a, gen.sample(seed, 30));
      assertEquals(a, ConfigSpace.redis70().gen().sample(seed, 30));
      distinct.add(a);
    }
    assertTrue(distinct.size() > 190, "configs differ between seeds: " + distinct.size());
  }

  @Test
  void drawnValuesStayInTheirRangesAndEveryDirectiveIsDrawnSometimes() {
    Set<String> seen = new HashSet<>();
    long smallestBacklog = Long.MAX_VALUE;
    long largestBacklog = 0;
    for (long seed = 0; seed < 1000; seed++) {
      NodeConfig c = gen.sample(seed, 30);
      assertTrue(c.admissible(), c.toString());
      c.validate();
      seen.addAll(c.all().keySet());
      seen.addAll(c.master().keySet());
      String backlog = c.all().get("repl-backlog-size");
      if (backlog != null) {
        long b = Long.parseLong(backlog);
        assertTrue(b >= 16 * 1024 && b <= 64L * 1024 * 1024, backlog);
        smallestBacklog = Math.min(smallestBacklog, b);
        largestBacklog = Math.max(largestBacklog, b);
      }
      String limit = c.all().get("client-output-buffer-limit");
      if (limit != null) {
        String[] w = limit.split(" ");
        assertEquals("replica", w[0]);
        long hard = Long.parseLong(w[1]);
        long soft = Long.parseLong(w[2]);
        assertTrue(hard == 0 || (hard >= 64 * 1024 && hard <= 256L * 1024 * 1024), limit);
        assertTrue(soft <= hard, limit);
      }
      String delay = c.all().get("repl-diskless-sync-delay");
      if (delay != null) {
        assertTrue(Integer.parseInt(delay) >= 0 && Integer.parseInt(delay) <= 5);
      }
      for (String m : c.master().keySet()) {
        assertTrue(m.startsWith("min-replicas-"), m);
      }
      // A value equal to the default is left out, not drawn.
      assertNotEquals("no", c.all().get("appendonly"));
      assertNotEquals("yes", c.all().get("rdbcompression"));
    }
    assertEquals(ConfigSpace.redis70().defaults().keySet(), seen);
    // Log-uniform: both ends of 16 KB .. 64 MB come up in 1000 draws.
    assertTrue(smallestBacklog < 64 * 1024, "smallest backlog " + smallestBacklog);
    assertTrue(largestBacklog > 16L * 1024 * 1024, "largest backlog " + largestBacklog);
  }

  @Test
  void shrinkingPutsDirectivesBackAtTheirDefaultsFirst() {
    Shrinkable<NodeConfig> drawn = gen.generate(new Source(7, 30));
    NodeConfig value = drawn.value();
    int directives = value.all().size() + value.master().size();
    assertTrue(directives > 1, value.toString());
    NodeConfig first = drawn.shrinks().findFirst().orElseThrow().value();
    assertEquals(directives - 1, first.all().size() + first.master().size(), first.toString());
    assertTrue(drawn.shrinks().allMatch(s -> s.value().admissible()));
  }

  @Test
  void aServerNarrowsTheSpaceToWhatItReportedAndAccepted() {
    Map<String, String> reported = new java.util.HashMap<>();
    for (Map.Entry<String, String> e : ConfigSpace.redis70().defaults().entrySet()) {
      if (!e.getKey().startsWith("lazyfree") && !e.getKey().equals("replica-lazy-flush")) {
        reported.put(e.getKey(), e.getValue());
      }
    }
    reported.put(
        "client-output-buffer-limit",
        "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
    reported.put("save", "");
    reported.put("repl-diskless-sync-delay", "5");
    ProbedConfig server =
        new ProbedConfig(
            "reference 7.0.15",
            reported,
            Map.of("appendonly", Set.of("yes"), "repl-backlog-size", Set.of("67108864")));
    ConfigSpace narrowed = ConfigSpace.redis70().forServer(server);
    Map<String, String> defaults = narrowed.defaults();
    assertFalse(defaults.containsKey("lazyfree-lazy-expire"));
    assertFalse(
        defaults.containsKey("repl-backlog-size"), "an extreme it refused drops the directive");
    assertEquals("", defaults.get("save"));
    assertEquals("replica 268435456 67108864 60", defaults.get("client-output-buffer-limit"));
    Gen<NodeConfig> g = narrowed.gen();
    Set<String> saves = new HashSet<>();
    for (long seed = 0; seed < 300; seed++) {
      NodeConfig c = g.sample(seed, 30);
      assertFalse(c.all().containsKey("appendonly"), "appendonly yes refused, no is the default");
      assertFalse(c.all().containsKey("repl-backlog-size"));
      assertNotEquals("", c.all().get("save"));
      if (c.all().containsKey("save")) {
        saves.add(c.all().get("save"));
      }
    }
    assertEquals(Set.of("1 1", "60 1", "3600 1 300 100 60 10000"), saves);
    assertEquals(
        List.of(),
        narrowed.directives().stream().filter(d -> d.name().startsWith("lazy")).toList());
  }

  /** A matrix draws only what every server accepts: the directives both kept, choices both took. */
  @Test
  void withinKeepsWhatBothServersAccept() {
    Map<String, String> all = new HashMap<>(ConfigSpace.redis70().defaults());
    ConfigSpace redis =
        ConfigSpace.redis70().forServer(new ProbedConfig("redis 7.0.15", all, Map.of()));
    Map<String, String> fewer = new HashMap<>(all);
    fewer.remove("repl-diskless-load");
    ConfigSpace other =
        ConfigSpace.redis70()
            .forServer(
                new ProbedConfig(
                    "other 1.0",
                    fewer,
                    Map.of("appendonly", Set.of("yes"), "repl-backlog-size", Set.of("16384"))));
    ConfigSpace both = redis.within(other);
    Map<String, Directive> byName = new HashMap<>();
    for (Directive d : both.directives()) byName.put(d.name(), d);
    assertFalse(byName.containsKey("repl-diskless-load"), "one server does not know it");
    assertFalse(byName.containsKey("repl-backlog-size"), "one server refused an end of the range");
    assertEquals(List.of("no"), byName.get("appendonly").choices(), "yes refused by one");
    assertEquals(both.directives().size(), other.within(redis).directives().size());
    for (long seed = 0; seed < 200; seed++) {
      NodeConfig c = both.gen().sample(seed, 30);
      assertFalse(c.all().containsKey("appendonly"));
      assertFalse(c.all().containsKey("repl-diskless-load"));
    }
  }
}
