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
    String java = ProcessHandle.current().info().command().orElse("java");
    try (RedisServerProcess redis = RedisServerProcess.redis(dir.resolve("redis"));
        RedisServerProcess ours =
            RedisServerProcess.start(
                "reference",
                List.of(
                    java,
                    "-XX:+UseSerialGC",
                    "-cp",
                    System.getProperty("java.class.path"),
                    "io.replicheck.server.ServerMain"),
                dir.resolve("reference"));
        AdminClient a = AdminClient.connect("127.0.0.1", ours.port, Duration.ofSeconds(30));
        AdminClient b = AdminClient.connect("127.0.0.1", redis.port, Duration.ofSeconds(30));
        DifferentialFuzzer f = new DifferentialFuzzer(a, b, families(), 40)) {
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
}
