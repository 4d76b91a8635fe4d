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
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench diff}: the differential fuzzer's sequences against the reference server and
 * redis-server (one or more pairs of processes); writes commands covered, sequences run and every
 * difference.
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

  /**
   * Runs seeds {@code firstSeed ..} on {@code parallel} pairs of servers (each pair its own
   * reference-server and redis-server process on free ports): a sequence is mostly round trips, so
   * pairs run side by side; each pair takes the next seed not yet run.
   */
  public static Result run(
      Path redisServer,
      Path dir,
      List<CommandFamily> families,
      long firstSeed,
      int sequences,
      int commandsPerSequence,
      int maxDifferences,
      int parallel,
      String command,
      Path out,
      PrintStream log)
      throws IOException {
    long t0 = System.nanoTime();
    AtomicLong next = new AtomicLong(firstSeed);
    long end = firstSeed + sequences;
    List<DifferentialFuzzer.Difference> diffs = Collections.synchronizedList(new ArrayList<>());
    TreeMap<String, Long> covered = new TreeMap<>();
    long[] totals = new long[3]; // sequences, commands, explained
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    List<Throwable> startFailures = Collections.synchronizedList(new ArrayList<>());
    Semaphore starting = new Semaphore(1); // one JVM start at a time: starts are CPU-bound
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < parallel; w++) {
      Path pairDir = dir.resolve("pair" + w);
      Thread t =
          new Thread(
              () -> {
                Running[] pair;
                try {
                  pair = startPair(redisServer, pairDir, starting);
                } catch (IOException | RuntimeException e) {
                  // a pair that cannot start (a loaded machine) leaves the seeds to the others
                  log.println(
                      "pair " + pairDir.getFileName() + " did not start: " + e.getMessage());
                  startFailures.add(e);
                  return;
                }
                try (Running ours = pair[0];
                    Running theirs = pair[1];
                    AdminClient a = ours.admin();
                    AdminClient b = theirs.admin();
                    DifferentialFuzzer f =
                        new DifferentialFuzzer(a, b, families, commandsPerSequence)) {
                  log.printf(
                      Locale.ROOT,
                      "pair %s: reference on %d, redis-server on %d%n",
                      pairDir.getFileName(),
                      ours.node().port(),
                      theirs.node().port());
                  for (long seed = next.getAndIncrement();
                      seed < end && diffs.size() < maxDifferences && failures.isEmpty();
                      seed = next.getAndIncrement()) {
                    DifferentialFuzzer.Result r = f.run(seed, 1, maxDifferences);
                    diffs.addAll(r.differences());
                    r.differences().forEach(d -> log.println("difference: " + d));
                    synchronized (totals) {
                      totals[0] += r.sequences();
                      totals[1] += r.commands();
                      totals[2] += r.explained();
                      r.covered().forEach((k, v) -> covered.merge(k, v, Long::sum));
                      if (totals[0] % 1000 == 0) {
                        log.printf(
                            Locale.ROOT,
                            "%d sequences, %d differences, %.0f s%n",
                            totals[0],
                            diffs.size(),
                            (System.nanoTime() - t0) / 1e9);
                      }
                    }
                  }
                  log.printf(
                      Locale.ROOT,
                      "pair %s: %d differences did not come back when their sequence ran again"
                          + " (timing: counted as explained)%n",
                      pairDir.getFileName(),
                      f.timingDifferences());
                } catch (IOException | RuntimeException e) {
                  failures.add(e);
                }
              },
              "diff-pair-" + w);
      t.start();
      workers.add(t);
    }
    for (Thread t : workers) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    if (startFailures.size() == parallel) {
      throw new IOException(
          "no server pair started: " + startFailures.get(0).getMessage(), startFailures.get(0));
    }
    if (!failures.isEmpty()) {
      throw new IOException("a server pair failed: " + failures.get(0), failures.get(0));
    }
    List<DifferentialFuzzer.Difference> sorted = new ArrayList<>(diffs);
    sorted.sort(
        Comparator.comparingLong(DifferentialFuzzer.Difference::seed)
            .thenComparingInt(DifferentialFuzzer.Difference::step));
    List<String> texts = new ArrayList<>();
    sorted.stream().limit(maxDifferences).forEach(d -> texts.add(d.toString()));
    Result result =
        new Result(
            command,
            Instant.now().toString(),
            firstSeed,
            sequences,
            (int) totals[0],
            totals[1],
            totals[2],
            (System.nanoTime() - t0) / 1e9,
            families.stream().map(CommandFamily::name).toList(),
            new LinkedHashMap<>(covered),
            texts,
            KnownDifferences.ALL);
    BenchNodes.write(out, result, result.markdown());
    return result;
  }

  /** Starts a pair, trying three times: on a loaded machine a JVM may miss the start timeout. */
  private static Running[] startPair(Path redisServer, Path pairDir, Semaphore starting)
      throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return startPairOnce(redisServer, pairDir.resolve("try" + attempt), starting);
      } catch (IOException | RuntimeException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  private static Running[] startPairOnce(Path redisServer, Path pairDir, Semaphore starting)
      throws IOException {
    starting.acquireUninterruptibly();
    try {
      Running ours = BenchNodes.start(Server.REFERENCE, redisServer, pairDir.resolve("reference"));
      try {
        return new Running[] {
          ours, BenchNodes.start(Server.REDIS, redisServer, pairDir.resolve("redis"))
        };
      } catch (IOException | RuntimeException e) {
        ours.close();
        throw e;
      }
    } finally {
      starting.release();
    }
  }
}
