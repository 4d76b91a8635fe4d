package io.replicheck.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicheck.client.AdminClient;
import io.replicheck.testkit.RedisServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The differential fuzzer with fixed seeds against redis-server 7.0 and the reference server (its
 * own JVM), both on free ports: every reply and every sequence's final state must agree, except the
 * differences KnownDifferences explains; every command of every family is sent.
 */
@Tag("interop") // needs redis-server 7.0
class DifferentialFuzzIT {
  private static final int SEQUENCES = 200;

  /** Every family: the servers agree on all of them, but for what KnownDifferences explains. */
  private static final String AGREEING = String.join(",", CommandFamilies.NAMES);

  @TempDir Path dir;

  private static List<CommandFamily> families() {
    String only = System.getProperty("fuzz.families", "");
    return CommandFamilies.of(List.of((only.isEmpty() ? AGREEING : only).split(",")));
  }

  @Test
  void referenceServerAnswersAsRedisServer() throws Exception {
    try (Servers s = new Servers(dir);
        DifferentialFuzzer f = new DifferentialFuzzer(s.a, s.b, families(), 40)) {
      // -Dfuzz.seed=N -Dfuzz.sequences=M -Dfuzz.trace=true re-run one finding with every reply
      long seed = Long.getLong("fuzz.seed", 1);
      int sequences = Integer.getInteger("fuzz.sequences", SEQUENCES);
      if (Boolean.getBoolean("fuzz.trace")) {
        f.trace(System.out);
      }
      DifferentialFuzzer.Result r = f.run(seed, sequences, 20);
      String diffs =
          r.differences().stream().map(Object::toString).collect(Collectors.joining("\n"));
      assertEquals(0, r.differences().size(), diffs);
      assertEquals(sequences, r.sequences());
      List<String> unsent =
          r.covered().entrySet().stream()
              .filter(e -> e.getValue() == 0)
              .map(e -> e.getKey())
              .toList();
      assertTrue(unsent.isEmpty(), "commands never sent: " + unsent);
    }
  }

  /**
   * The listeners subscribe beside the subscriber, so PUBLISH reaches several clients: its counts
   * go past 1, and the deliveries to each listener are compared too.
   */
  @Test
  void publishCountsReachSeveralSubscribers() throws Exception {
    java.io.ByteArrayOutputStream trace = new java.io.ByteArrayOutputStream();
    try (Servers s = new Servers(dir);
        DifferentialFuzzer f =
            new DifferentialFuzzer(s.a, s.b, CommandFamilies.of(List.of("pubsub")), 40)) {
      f.trace(new java.io.PrintStream(trace, true, java.nio.charset.StandardCharsets.UTF_8));
      DifferentialFuzzer.Result r = f.run(1, 100, 20);
      assertEquals(
          0,
          r.differences().size(),
          r.differences().stream().map(Object::toString).collect(Collectors.joining("\n")));
    }
    java.util.TreeSet<Long> counts = new java.util.TreeSet<>();
    String[] lines = trace.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n");
    for (int i = 0; i + 1 < lines.length; i++) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("^\\s+ours:\\s+:(\\d+)").matcher(lines[i + 1]);
      if (lines[i].matches("\\d+/\\d+ (PUBLISH|publish) .*") && m.find()) {
        counts.add(Long.parseLong(m.group(1)));
      }
    }
    assertTrue(counts.size() >= 3 && counts.last() >= 2, "PUBLISH counts seen: " + counts);
    assertTrue(trace.toString().contains("|| listener 2: "), "no delivery to a listener");
  }

  /** The reference server (its own JVM) and redis-server 7.0, each with a connection. */
  private static final class Servers implements AutoCloseable {
    final RedisServerProcess redis;
    final RedisServerProcess ours;
    final AdminClient a;
    final AdminClient b;

    Servers(Path dir) throws Exception {
      String java = ProcessHandle.current().info().command().orElse("java");
      redis = RedisServerProcess.redis(dir.resolve("redis"));
      RedisServerProcess started = null;
      try {
        started =
            RedisServerProcess.start(
                "reference",
                List.of(
                    java,
                    "-XX:+UseSerialGC",
                    "-cp",
                    System.getProperty("java.class.path"),
                    "io.replicheck.server.ServerMain"),
                dir.resolve("reference"));
        a = AdminClient.connect("127.0.0.1", started.port, Duration.ofSeconds(30));
        b = AdminClient.connect("127.0.0.1", redis.port, Duration.ofSeconds(30));
      } catch (Exception | Error e) {
        if (started != null) started.close();
        redis.close();
        throw e;
      }
      ours = started;
    }

    @Override
    public void close() throws Exception {
      a.close();
      b.close();
      ours.close();
      redis.close();
    }
  }
}
