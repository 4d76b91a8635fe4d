package io.replicheck.checker;

import io.replicheck.history.Event;
import io.replicheck.history.EventType;
import io.replicheck.history.History;
import io.replicheck.history.HistoryFormatException;
import io.replicheck.history.JsonlReader;
import io.replicheck.history.Values;
import io.replicheck.model.Model;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A JSON Lines history split by key on disk, so a check holds a few keys' ops at a time, not the
 * whole history's: one streaming pass keeps the chosen client processes' events, checks Jepsen's
 * rules across the whole history (per process: one op outstanding, none after an info, completions
 * match their invoke), and writes each event into its key's file (a completion into its invoke's)
 * in a compact binary form ({@link SpillCodec}), so reading a key back parses no JSON. Up to
 * {@value #MAX_FILES} keys get a file each; more keys share them. A split that is not by key makes
 * one file, and then memory is the whole history's.
 *
 * <p>Each file keeps the events in the history's order, each with its index and source line, so a
 * key's history reads back as the same events (and the same verdicts) as the whole file would give.
 * {@link #check} checks the files on a few threads, each holding one file's ops.
 */
public final class KeySpill implements AutoCloseable {
  static final int MAX_FILES = 256;
  private static final int BUFFER = 1 << 16;

  private final Path source;
  private final Path dir;
  private final List<Path> files = new ArrayList<>();
  private final Set<String> functions = new HashSet<>();
  private long events;

  private KeySpill(Path source, Path dir) {
    this.source = source;
    this.dir = dir;
  }

  /**
   * Splits {@code history} (JSON Lines, gzipped when named .gz), keeping the events of {@code
   * processes} (every client process when null); throws naming the first event that breaks Jepsen's
   * rules, as {@link History#of} would.
   */
  public static KeySpill split(Path history, Set<Long> processes, boolean byKey)
      throws HistoryFormatException, IOException {
    KeySpill spill = new KeySpill(history, Files.createTempDirectory("replicheck-keys-"));
    try {
      spill.fill(processes, byKey);
      return spill;
    } catch (HistoryFormatException | IOException | RuntimeException e) {
      spill.close();
      throw e;
    }
  }

  private record Open(int file, Event invoke) {}

  private void fill(Set<Long> processes, boolean byKey) throws HistoryFormatException, IOException {
    Map<Object, Integer> fileOfKey = new HashMap<>();
    List<DataOutputStream> writers = new ArrayList<>();
    Map<Long, Open> outstanding = new HashMap<>();
    Set<Long> crashed = new HashSet<>();
    String firstProblem = null;
    int firstLine = 0;
    int problems = 0;
    try (JsonlReader in = JsonlReader.open(source)) {
      for (Event e; (e = in.next()) != null; ) {
        if (e.isNemesis()) continue;
        long p = (Long) e.process();
        if (processes != null && !processes.contains(p)) continue;
        Open open = outstanding.get(p);
        String problem = null;
        int file = -1;
        if (e.type() == EventType.INVOKE) {
          if (open != null) {
            problem =
                "process "
                    + p
                    + " invokes "
                    + e.f()
                    + " while its op at "
                    + open.invoke().where()
                    + " is still outstanding";
          } else if (crashed.contains(p)) {
            problem =
                "process "
                    + p
                    + " invokes "
                    + e.f()
                    + " after an info completion (Jepsen's rule: a process that got info never"
                    + " invokes again)";
          } else {
            Object key = byKey ? e.key() : null;
            Integer f = fileOfKey.get(key);
            if (f == null) {
              f = fileOfKey.size() < MAX_FILES ? fileOfKey.size() : fileOfKey.size() % MAX_FILES;
              fileOfKey.put(key, f);
            }
            file = f;
            functions.add(e.f());
            // the invoke is kept without its value: a read's is null, a write's is in the file
            outstanding.put(p, new Open(file, e.withValue(null)));
          }
        } else if (open == null) {
          problem =
              "a " + e.type().wireName() + " of process " + p + " without an outstanding invoke";
        } else if (!Objects.equals(open.invoke().f(), e.f())) {
          problem =
              "completion :"
                  + e.f()
                  + " does not match the invoke :"
                  + open.invoke().f()
                  + " at "
                  + open.invoke().where();
        } else if (e.key() != null && !Objects.equals(open.invoke().key(), e.key())) {
          problem =
              "completion key "
                  + Values.show(e.key())
                  + " does not match the invoke's key "
                  + Values.show(open.invoke().key())
                  + " at "
                  + open.invoke().where();
        } else {
          outstanding.remove(p);
          if (e.type() == EventType.INFO) crashed.add(p);
          file = open.file();
        }
        if (problem != null) {
          if (problems++ == 0) {
            firstProblem = e.where() + ": " + problem;
            firstLine = e.line();
          }
          continue;
        }
        while (writers.size() <= file) {
          Path f = dir.resolve("key-" + writers.size() + ".bin");
          files.add(f);
          writers.add(
              new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(f), BUFFER)));
        }
        SpillCodec.write(writers.get(file), e);
        events++;
      }
    } finally {
      for (DataOutputStream w : writers) w.close();
    }
    if (firstProblem != null) {
      String more = problems > 1 ? " (and " + (problems - 1) + " more problems)" : "";
      throw new HistoryFormatException(source.toString(), firstLine, firstProblem + more);
    }
  }

  /** The history file, for messages. */
  public String source() {
    return source.toString();
  }

  /** Client events kept. */
  public long events() {
    return events;
  }

  /** The functions of the kept invokes (what {@link io.replicheck.model.Models#guess} reads). */
  public Set<String> functions() {
    return new TreeSet<>(functions);
  }

  /** How many key files there are. */
  public int parts() {
    return files.size();
  }

  /** The events of one key file, in the history's order, with their source lines. */
  public List<Event> part(int i) {
    List<Event> out = new ArrayList<>();
    Map<String, String> names = SpillCodec.names();
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(files.get(i)), BUFFER))) {
      for (Event e; (e = SpillCodec.read(in, names)) != null; ) out.add(e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read back " + files.get(i), e);
    }
    return out;
  }

  /**
   * Checks the key files against {@code model} within one time limit, on up to {@code threads}
   * threads, each holding one file's ops (and a search memo of at most the budget's cache bytes
   * over the threads), and combines them as {@link LinearizabilityChecker} combines keys: the first
   * invalid file in file order decides (later files are not started once one is invalid), else any
   * unknown, else valid. The result is the same whatever the number of threads.
   */
  public CheckResult check(Model model, SearchBudget budget, int threads)
      throws HistoryFormatException {
    long start = System.nanoTime();
    long deadline = start + budget.timeLimit().toNanos();
    int n = files.size();
    int workers = Math.max(1, Math.min(threads, n));
    SearchBudget each = budget.withMaxCacheBytes(Math.max(1, budget.maxCacheBytes() / workers));
    CheckResult[] results = new CheckResult[n];
    Throwable[] failure = new Throwable[1];
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    Runnable work =
        () -> {
          try {
            for (int i; !stop.get() && (i = next.getAndIncrement()) < n; ) {
              History h = History.of(source.toString(), part(i));
              Duration left = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
              CheckResult r = LinearizabilityChecker.check(model, h, each.withTimeLimit(left));
              results[i] = r;
              if (r.verdict() == Verdict.INVALID) stop.set(true);
            }
          } catch (HistoryFormatException | RuntimeException | Error e) {
            synchronized (failure) {
              if (failure[0] == null) failure[0] = e;
            }
            stop.set(true);
          }
        };
    if (workers == 1) {
      work.run();
    } else {
      List<Thread> pool = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        Thread t = new Thread(work, "replicheck-check-" + w);
        t.setDaemon(true);
        pool.add(t);
        t.start();
      }
      try {
        for (Thread t : pool) t.join();
      } catch (InterruptedException e) {
        stop.set(true);
        for (Thread t : pool) t.interrupt();
        Thread.currentThread().interrupt();
        for (Thread t : pool) {
          try {
            t.join();
          } catch (InterruptedException again) {
            break;
          }
        }
      }
    }
    if (failure[0] instanceof HistoryFormatException e) throw e;
    if (failure[0] instanceof RuntimeException e) throw e;
    if (failure[0] instanceof Error e) throw e;
    List<PartitionResult> partitions = new ArrayList<>();
    Verdict verdict = Verdict.VALID;
    Counterexample cex = null;
    String reason = null;
    int ops = 0;
    int checked = 0;
    long states = 0;
    long steps = 0;
    for (int i = 0; i < n; i++) {
      CheckResult r = results[i];
      if (r == null) {
        // not started: an earlier file was invalid (or the caller was interrupted)
        if (verdict != Verdict.INVALID && reason == null) {
          verdict = verdict.and(Verdict.UNKNOWN);
          reason = "interrupted";
        }
        break;
      }
      partitions.addAll(r.partitions());
      ops += r.stats().ops();
      checked += r.stats().checkedOps();
      states += r.stats().statesExplored();
      steps += r.stats().steps();
      verdict = verdict.and(r.verdict());
      if (r.verdict() == Verdict.INVALID) {
        cex = r.counterexample();
        break; // one invalid key decides the verdict
      }
      if (r.verdict() == Verdict.UNKNOWN && reason == null) reason = r.reason();
    }
    if (verdict != Verdict.UNKNOWN) reason = null;
    return new CheckResult(
        verdict,
        model.name(),
        partitions,
        cex,
        reason,
        new CheckResult.Stats(ops, checked, states, steps, System.nanoTime() - start));
  }

  /** Threads for {@link #check}: the machine's cores, at most 4 (each holds a key file). */
  public static int defaultThreads() {
    return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  @Override
  public void close() {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      // a temporary folder left behind is no reason to fail a check
    }
  }
}
