package io.replicheck.checker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.replicheck.history.History;
import io.replicheck.history.HistoryFormat;
import io.replicheck.history.HistoryFormatException;
import io.replicheck.history.JsonlFormat;
import io.replicheck.history.Op;
import io.replicheck.history.Values;
import io.replicheck.model.Model;
import io.replicheck.model.Models;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pure entry point behind {@code replicheck check}: reads history files, checks them, renders
 * verdicts as text or JSON and returns the exit code ({@link Verdict#exitCode()}, or {@link
 * Verdict#EXIT_ERROR}).
 */
public final class CheckTool {

  /** Made on first use: text output never loads Jackson's databind (a cold start's cost). */
  private static final class Json {
    static final ObjectMapper MAPPER =
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  private CheckTool() {}

  /** What {@code check} was asked: null format or model means guess. */
  public record Options(HistoryFormat format, String model, Duration timeLimit, boolean json) {

    /** Parses the CLI's strings; throws IllegalArgumentException naming a bad format or model. */
    public static Options parse(
        String format, String model, Double timeLimitSeconds, boolean json) {
      HistoryFormat f = format == null ? null : HistoryFormat.fromId(format);
      if (model != null) {
        Models.byName(model); // fail early on a bad name
      }
      if (timeLimitSeconds != null && !(timeLimitSeconds > 0)) {
        throw new IllegalArgumentException(
            "--time-limit must be a positive number of seconds, got " + timeLimitSeconds);
      }
      Duration t =
          timeLimitSeconds == null
              ? SearchBudget.defaults().timeLimit()
              : Duration.ofNanos((long) (timeLimitSeconds * 1e9));
      return new Options(f, model, t, json);
    }
  }

  /** One file's outcome: a result, or the error that kept it from being checked. */
  public record FileOutcome(
      Path file,
      HistoryFormat format,
      Model model,
      History history,
      CheckResult result,
      String error) {}

  /**
   * Checks files on as many threads as there are cores (the caller's thread among them) and hands
   * them out in the order given; a failure is thrown where that file's outcome would be.
   */
  private static final class InOrder {
    private final List<Path> files;
    private final Options o;
    private final Object[] done;
    private final AtomicInteger next = new AtomicInteger();

    InOrder(List<Path> files, Options o) {
      this.files = files;
      this.o = o;
      this.done = new Object[files.size()];
      int threads = Math.min(files.size(), Runtime.getRuntime().availableProcessors());
      for (int t = 1; t < threads; t++) {
        Thread th = new Thread(() -> work(Integer.MAX_VALUE), "replicheck-check-" + t);
        th.setDaemon(true);
        th.start();
      }
    }

    /** Checks files not yet taken until {@code want} is done (or none is left). */
    private void work(int want) {
      for (int i; !isDone(want) && (i = next.getAndIncrement()) < files.size(); ) {
        Object r;
        try {
          r = checkFile(files.get(i), o);
        } catch (RuntimeException | Error e) {
          r = e;
        }
        synchronized (done) {
          done[i] = r;
          done.notifyAll();
        }
      }
    }

    private boolean isDone(int i) {
      if (i >= done.length) return false;
      synchronized (done) {
        return done[i] != null;
      }
    }

    FileOutcome get(int i) {
      work(i);
      Object r;
      synchronized (done) {
        while (done[i] == null) {
          try {
            done.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking " + files.get(i), e);
          }
        }
        r = done[i];
        done[i] = Boolean.TRUE; // handed out: the outcome is the caller's to keep or drop
      }
      if (r instanceof RuntimeException e) throw e;
      if (r instanceof Error e) throw e;
      return (FileOutcome) r;
    }
  }

  /** Reads and checks one file (gzipped or not), or a run folder's history. */
  public static FileOutcome checkFile(Path given, Options o) {
    Path file = given;
    if (Files.isDirectory(given)) {
      file = JsonlFormat.runHistory(given);
      if (file == null) {
        return new FileOutcome(
            given,
            o.format(),
            null,
            null,
            null,
            given
                + ": a folder with no "
                + JsonlFormat.RUN_FILE
                + " or "
                + JsonlFormat.PLAIN_RUN_FILE);
      }
    }
    if (streams(file, o.format())) {
      return checkStreaming(file, o);
    }
    History h;
    try {
      h = HistoryFormat.readFile(file, o.format());
      java.util.Set<Long> clients = JsonlFormat.runClients(file);
      if (clients != null)
        h = History.of(h.source(), JsonlFormat.masterClients(h.events(), clients));
    } catch (HistoryFormatException e) {
      return new FileOutcome(file, o.format(), null, null, null, e.getMessage());
    } catch (java.io.IOException e) {
      return new FileOutcome(file, o.format(), null, null, null, e.getMessage());
    }
    HistoryFormat format =
        o.format() != null ? o.format() : HistoryFormat.guess(file.getFileName().toString(), "");
    Model model = o.model() != null ? Models.byName(o.model()) : Models.guess(h.ops(), format);
    CheckResult r =
        LinearizabilityChecker.check(
            model, h, SearchBudget.defaults().withTimeLimit(o.timeLimit()));
    return new FileOutcome(file, format, model, h, r, null);
  }

  /**
   * A JSON Lines file (by {@code --format} or its name) of at least this many bytes of text (a
   * gzipped file counts {@value #GZIP_RATIO} times its size) is checked streaming; smaller files
   * are read whole. The system property {@code replicheck.check.streamBytes} sets it (tests: 0).
   */
  static final long STREAM_BYTES = 64L << 20;

  private static final int GZIP_RATIO = 8;

  /** Whether {@code file} is checked streaming, split by key on disk ({@link KeySpill}). */
  static boolean streams(Path file, HistoryFormat given) {
    return streams(file, given, Long.getLong("replicheck.check.streamBytes", STREAM_BYTES));
  }

  static boolean streams(Path file, HistoryFormat given, long threshold) {
    String name = file.getFileName().toString();
    HistoryFormat f = given != null ? given : HistoryFormat.guess(name, "");
    if (f != HistoryFormat.JSONL) return false;
    try {
      long size = Files.size(file);
      return (name.endsWith(".gz") ? size * GZIP_RATIO : size) >= threshold;
    } catch (java.io.IOException e) {
      return false; // the whole-file path gives the error
    }
  }

  /**
   * A large JSON Lines history, streamed: split by key on disk (Jepsen's rules checked on the way)
   * and checked a few keys at a time, so the heap holds a few keys' ops, not the file's. The model
   * is guessed from the functions of every op, as for a whole file; a model that does not split by
   * key (multi-register) gets the whole history in one part.
   */
  static FileOutcome checkStreaming(Path file, Options o) {
    Model model = o.model() != null ? Models.byName(o.model()) : null;
    boolean byKey = model == null || model.partitionsByKey();
    try {
      java.util.Set<Long> clients = JsonlFormat.runClients(file);
      KeySpill spill = KeySpill.split(file, clients, byKey);
      try {
        if (model == null) {
          model = Models.guess(spill.functions(), HistoryFormat.JSONL);
          if (!model.partitionsByKey() && spill.parts() > 1) {
            spill.close();
            spill = KeySpill.split(file, clients, false);
          }
        }
        CheckResult r =
            spill.check(
                model,
                SearchBudget.defaults().withTimeLimit(o.timeLimit()),
                KeySpill.defaultThreads());
        return new FileOutcome(file, HistoryFormat.JSONL, model, null, r, null);
      } finally {
        spill.close();
      }
    } catch (HistoryFormatException e) {
      return new FileOutcome(file, HistoryFormat.JSONL, null, null, null, e.getMessage());
    } catch (java.io.IOException | UncheckedIOException e) {
      return new FileOutcome(
          file, HistoryFormat.JSONL, null, null, null, file + ": cannot read: " + e.getMessage());
    }
  }

  /**
   * Checks every file, prints a verdict per file (or one JSON document), returns the exit code.
   * Files are checked on as many threads as there are cores (a cold start's 122 small files wait on
   * one core otherwise) and printed in the order given.
   */
  public static int run(List<Path> files, Options o, PrintStream out, PrintStream err) {
    List<FileOutcome> outcomes = new ArrayList<>();
    InOrder checked = new InOrder(files, o);
    for (int i = 0; i < files.size(); i++) {
      FileOutcome fo = checked.get(i);
      outcomes.add(fo);
      if (fo.error() != null) {
        err.println("replicheck: " + fo.error());
      } else if (!o.json()) {
        out.print(text(fo));
      }
    }
    int exit = exitCode(outcomes);
    if (o.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("verdict", exit == Verdict.EXIT_ERROR ? "error" : overall(outcomes).wireName());
      List<Object> list = new ArrayList<>();
      for (FileOutcome fo : outcomes) {
        list.add(json(fo));
      }
      doc.put("files", list);
      out.println(toJson(doc));
    }
    return exit;
  }

  static Verdict overall(List<FileOutcome> outcomes) {
    Verdict v = Verdict.VALID;
    for (FileOutcome fo : outcomes) {
      if (fo.result() != null) {
        v = v.and(fo.result().verdict());
      }
    }
    return v;
  }

  static int exitCode(List<FileOutcome> outcomes) {
    if (outcomes.stream().anyMatch(fo -> fo.error() != null)) {
      return Verdict.EXIT_ERROR;
    }
    return overall(outcomes).exitCode();
  }

  /** The human rendering: one verdict line, then the counterexample or the reason. */
  public static String text(FileOutcome fo) {
    CheckResult r = fo.result();
    StringBuilder sb = new StringBuilder();
    sb.append(
        verdictLine(
            r.verdict().wireName(),
            fo.file(),
            r.model(),
            r.stats().ops(),
            r.stats().checkedOps(),
            r.partitions().size(),
            counted(r),
            r.stats().nanos() / 1e6));
    if (r.reason() != null) {
      sb.append("  reason: ").append(r.reason()).append('\n');
    }
    Counterexample c = r.counterexample();
    if (c != null) {
      if (c.key() != null) {
        sb.append("  key: ").append(Values.show(c.key())).append('\n');
      }
      sb.append("  cannot linearize: ").append(describe(c.op())).append('\n');
      sb.append("  because: ").append(c.explanation()).append('\n');
      sb.append("  possible states then: ").append(String.join(", ", c.states())).append('\n');
      sb.append("  longest linearizable prefix: ").append(c.linearized().size()).append(" ops");
      int from = Math.max(0, c.linearized().size() - 5);
      if (!c.linearized().isEmpty()) {
        sb.append(from > 0 ? ", ending " : ": ");
        List<String> last = new ArrayList<>();
        for (Op op : c.linearized().subList(from, c.linearized().size())) {
          last.add(op.f() + " " + Values.show(op.value()) + " (p" + op.process() + ")");
        }
        sb.append(String.join(", ", last));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /**
   * What a check counted: the search's memoized states, or, for keys the list-append checker
   * decided without a search, the pairs of ops it compared (it has no states to count).
   */
  public static String counted(CheckResult r) {
    long searched = 0;
    long compared = 0;
    for (PartitionResult p : r.partitions()) {
      if (p.statesExplored() > 0) searched++;
      else compared += p.steps();
    }
    if (searched == 0 && compared > 0) return compared + " op pairs compared";
    if (compared > 0) {
      return r.stats().statesExplored() + " states searched, " + compared + " op pairs compared";
    }
    return r.stats().statesExplored() + " states";
  }

  static final String VERDICT_LINE = "%-8s %s  (%s, %d ops, %d checked, %d keys, %s, %.1f ms)%n";

  /**
   * {@link #VERDICT_LINE} formatted. In an English or root format locale (ASCII digits, '.' for the
   * decimal point, no grouping without the flag) it is built by hand with the same characters:
   * {@link String#format} loads the Formatter, its regex and the locale providers' data, tens of
   * milliseconds of a cold {@code check} (docs/benchmarks.md). Any other locale, and any value the
   * hand-made form does not cover, goes through {@link String#format}. CheckToolTest holds the two
   * to the same text.
   */
  static String verdictLine(
      String verdict,
      Object file,
      String model,
      long ops,
      long checked,
      long keys,
      String counted,
      double millis) {
    Locale l = Locale.getDefault(Locale.Category.FORMAT);
    boolean plain =
        (l.getLanguage().isEmpty() || l.getLanguage().equals("en"))
            && l.getUnicodeLocaleKeys().isEmpty();
    // %.1f rounds the shortest decimal form half up, as BigDecimal of Double.toString does; NaN,
    // infinities and negatives, -0.0 among them (never a duration), are String.format's
    if (!plain
        || Double.isNaN(millis)
        || Double.isInfinite(millis)
        || Math.copySign(1.0, millis) < 0
        || verdict == null) {
      return String.format(VERDICT_LINE, verdict, file, model, ops, checked, keys, counted, millis);
    }
    StringBuilder sb = new StringBuilder(96 + verdict.length());
    sb.append(verdict);
    for (int i = verdict.length(); i < 8; i++) sb.append(' ');
    sb.append(' ').append(file).append("  (").append(model).append(", ");
    sb.append(ops).append(" ops, ").append(checked).append(" checked, ");
    sb.append(keys).append(" keys, ").append(counted).append(", ");
    sb.append(
        new BigDecimal(Double.toString(millis)).setScale(1, RoundingMode.HALF_UP).toPlainString());
    return sb.append(" ms)").append(System.lineSeparator()).toString();
  }

  private static String describe(Op op) {
    String where = op.invoke().line() > 0 ? ", line " + op.invoke().line() : "";
    return "process "
        + op.process()
        + " "
        + op.f()
        + " "
        + Values.show(op.value())
        + " -> "
        + op.outcome().wireName()
        + " (events "
        + op.invoke().index()
        + (op.completion() == null ? "" : ".." + op.completion().index())
        + where
        + ")";
  }

  /** The JSON form of one file's outcome, for {@code --json} and reports. */
  public static Map<String, Object> json(FileOutcome fo) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", fo.file().toString());
    if (fo.error() != null) {
      m.put("verdict", "error");
      m.put("error", fo.error());
      return m;
    }
    m.put("format", fo.format().id());
    m.putAll(json(fo.result()));
    return m;
  }

  /** The JSON form of a result: verdict, model, reason, stats, per-key results, counterexample. */
  public static Map<String, Object> json(CheckResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("verdict", r.verdict().wireName());
    m.put("model", r.model());
    m.put("reason", r.reason());
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("ops", r.stats().ops());
    stats.put("checkedOps", r.stats().checkedOps());
    stats.put("statesExplored", r.stats().statesExplored());
    stats.put("steps", r.stats().steps());
    stats.put("millis", r.stats().nanos() / 1e6);
    m.put("stats", stats);
    List<Object> keys = new ArrayList<>();
    for (PartitionResult p : r.partitions()) {
      Map<String, Object> k = new LinkedHashMap<>();
      k.put("key", p.key());
      k.put("verdict", p.verdict().wireName());
      k.put("ops", p.ops());
      k.put("statesExplored", p.statesExplored());
      if (p.reason() != null) {
        k.put("reason", p.reason());
      }
      keys.add(k);
    }
    m.put("keys", keys);
    if (r.counterexample() != null) {
      m.put("counterexample", r.counterexample().toJson());
    }
    return m;
  }

  /** An op as reports draw it: process, f, value, outcome and the indices of its two events. */
  public static Map<String, Object> json(Op op) {
    return Counterexample.OpRef.of(op).toJson();
  }

  static String toJson(Object doc) {
    try {
      return Json.MAPPER.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
