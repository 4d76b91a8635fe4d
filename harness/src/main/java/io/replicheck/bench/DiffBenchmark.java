package io.replicheck.bench;

import io.replicheck.bench.BenchNodes.Running;
import io.replicheck.bench.BenchNodes.Server;
import io.replicheck.client.AdminClient;
import io.replicheck.fuzz.CommandFamily;
import io.replicheck.fuzz.DifferentialFuzzer;
import io.replicheck.fuzz.KnownDifferences;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench diff}: the differential fuzzer's sequences against the reference server and
 * redis-server, one process each; writes commands covered, sequences run and every difference.
 */
public final class DiffBenchmark {
  private DiffBenchmark() {}

  /** What a run found, as the results file holds it. */
  public record Result(
      String command,
      String at,
      long firstSeed,
      int sequencesAsked,
      int sequencesRun,
      long commandsSent,
      long explained,
      double seconds,
      List<String> families,
      Map<String, Long> covered,
      List<String> differences,
      List<KnownDifferences.Known> knownDifferences) {
    public String markdown() {
      StringBuilder b =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "`%s`: %d sequences (seeds %d..%d), %d commands of %d kinds in %.0f s;"
                      + " %d differences explained, **%d unexplained**%n%n",
                  command,
                  sequencesRun,
                  firstSeed,
                  firstSeed + sequencesRun - 1,
                  commandsSent,
                  covered.size(),
                  seconds,
                  explained,
                  differences.size()));
      long never = covered.values().stream().filter(v -> v == 0).count();
      if (never > 0) {
        b.append("commands never sent: ").append(never).append("\n\n");
      }
      for (String d : differences) {
        b.append("```\n").append(d).append("\n```\n");
      }
      return b.toString();
    }
  }

  public static Result run(
      Path redisServer,
      Path dir,
      List<CommandFamily> families,
      long firstSeed,
      int sequences,
      int commandsPerSequence,
      int maxDifferences,
      String command,
      Path out,
      PrintStream log)
      throws IOException {
    long t0 = System.nanoTime();
    try (Running ours = BenchNodes.start(Server.REFERENCE, redisServer, dir.resolve("reference"));
        Running theirs = BenchNodes.start(Server.REDIS, redisServer, dir.resolve("redis"));
        AdminClient a = ours.admin();
        AdminClient b = theirs.admin()) {
      log.printf(
          Locale.ROOT,
          "reference on %d, redis-server on %d: %d sequences of %d commands%n",
          ours.node().port(),
          theirs.node().port(),
          sequences,
          commandsPerSequence);
      DifferentialFuzzer.Result r =
          new DifferentialFuzzer(a, b, families, commandsPerSequence)
              .run(firstSeed, sequences, maxDifferences);
      List<String> diffs = new ArrayList<>();
      r.differences().forEach(d -> diffs.add(d.toString()));
      Result result =
          new Result(
              command,
              Instant.now().toString(),
              firstSeed,
              sequences,
              r.sequences(),
              r.commands(),
              r.explained(),
              (System.nanoTime() - t0) / 1e9,
              families.stream().map(CommandFamily::name).toList(),
              new LinkedHashMap<>(r.covered()),
              diffs,
              KnownDifferences.ALL);
      BenchNodes.write(out, result, result.markdown());
      return result;
    }
  }
}
