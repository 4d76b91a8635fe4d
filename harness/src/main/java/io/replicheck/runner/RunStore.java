package io.replicheck.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.replicheck.cluster.ClusterException;
import io.replicheck.invariant.ReplicationSample;
import io.replicheck.report.JunitXml;
import io.replicheck.report.RunReport;
import io.replicheck.report.StoreIndex;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's folder under store/: {@code history.jsonl.gz} (written by the recorder), {@code
 * samples.jsonl}, {@code results.json}, {@code junit.xml}, node logs under {@code nodes/}; and the
 * {@code store/latest} link.
 */
final class RunStore {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final Path dir;
  private final long startedMs = System.currentTimeMillis();

  private RunStore(Path dir) {
    this.dir = dir;
  }

  static RunStore create(RunSpec spec) {
    String name = LocalDateTime.now().format(STAMP) + "-" + spec.workload() + "-" + spec.seed();
    Path dir = spec.store().resolve(name);
    try {
      Files.createDirectories(spec.store());
      // createDirectory is atomic: runs started in the same second (explore --parallel, several
      // --server) each get their own folder
      for (int i = 2; ; i++) {
        try {
          Files.createDirectory(dir);
          break;
        } catch (java.nio.file.FileAlreadyExistsException e) {
          dir = spec.store().resolve(name + "-" + i);
        }
      }
      pointLatest(spec.store(), dir);
    } catch (IOException e) {
      throw new ClusterException("cannot create the run folder " + dir + ": " + e.getMessage(), e);
    }
    return new RunStore(dir);
  }

  /**
   * Adds a master client's process to the run's {@value
   * io.replicheck.history.JsonlFormat#CLIENTS_FILE} as it starts, so a later {@code check} of the
   * run judges the processes P3 judged, even when the run never reached its report.
   */
  synchronized void addClient(int process) {
    try {
      Files.writeString(
          dir.resolve(io.replicheck.history.JsonlFormat.CLIENTS_FILE),
          process + "\n",
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  Path dir() {
    return dir;
  }

  /** Points {@code store/latest} at {@code dir}: a new link moved over the old, never absent. */
  private static synchronized void pointLatest(Path store, Path dir) throws IOException {
    Path latest = store.resolve("latest");
    Path tmp = store.resolve(".latest-" + ProcessHandle.current().pid());
    Files.deleteIfExists(tmp);
    try {
      Files.createSymbolicLink(tmp, dir.getFileName());
    } catch (UnsupportedOperationException | IOException e) {
      Files.writeString(tmp, dir.getFileName().toString());
    }
    Files.move(
        tmp,
        latest,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  void write(
      RunSpec spec,
      RunResult result,
      List<ReplicationSample> samples,
      String server,
      List<String> nemesisErrors)
      throws IOException {
    try (BufferedWriter w =
        Files.newBufferedWriter(dir.resolve("samples.jsonl"), StandardCharsets.UTF_8)) {
      for (ReplicationSample s : samples) {
        w.write(JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(s));
        w.write('\n');
      }
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("verdict", result.verdict().json());
    json.put("summary", result.summary());
    json.put("server", server);
    json.put("spec", specJson(spec));
    json.put("command", command(spec));
    json.put(
        "invariants",
        result.invariants().stream()
            .map(
                i -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("id", i.id());
                  m.put("name", i.name());
                  m.put("verdict", i.verdict().json());
                  m.put("reason", i.reason());
                  m.put("evidence", i.evidence());
                  m.putAll(i.details());
                  return m;
                })
            .toList());
    json.put("nemesisErrors", nemesisErrors);
    JSON.writeValue(dir.resolve("results.json").toFile(), json);
    JunitXml.write(
        dir.resolve("junit.xml"),
        "run-" + spec.workload() + "-" + spec.seed(),
        (System.currentTimeMillis() - startedMs) / 1000.0,
        result.invariants().stream()
            .map(
                i ->
                    new JunitXml.Case(
                        i.id(), i.name(), i.verdict().json(), i.reason(), i.evidence()))
            .toList());
  }

  /**
   * Draws report.html from the files {@link #write} wrote, and the store's index. The index reads
   * every run's results.json (this one's is written), not report.html: both are drawn at once, the
   * index on its own thread. A drawing that fails is reported, never thrown: the verdict and the
   * raw files are written.
   */
  void draw() {
    Path dir = this.dir;
    java.util.concurrent.FutureTask<Path> index =
        new java.util.concurrent.FutureTask<>(() -> StoreIndex.render(dir.getParent()));
    Waits.daemon("replicheck-store-index", index).start();
    try {
      RunReport.render(dir);
    } catch (RuntimeException e) {
      // the verdict and the raw files are written; a report that cannot be drawn must not hide them
      System.err.println("replicheck: the HTML report could not be rendered: " + e.getMessage());
    }
    try {
      index.get(INDEX_BOUND.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      System.err.println(
          "replicheck: the store's index could not be rendered: " + e.getCause().getMessage());
    } catch (java.util.concurrent.TimeoutException e) {
      index.cancel(true);
      System.err.println(
          "replicheck: the store's index was not rendered within "
              + INDEX_BOUND.toSeconds()
              + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** How long a run waits for the store's index to be drawn. */
  static final java.time.Duration INDEX_BOUND = java.time.Duration.ofSeconds(60);

  private static Map<String, Object> specJson(RunSpec spec) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("workload", spec.workload());
    m.put("nemesis", spec.nemeses());
    m.put("timeSeconds", spec.time().toSeconds());
    m.put("seed", spec.seed());
    m.put("clients", spec.clients());
    m.put("replicas", spec.replicas());
    m.put("topology", spec.topology());
    m.put("backend", spec.backend());
    m.put("server", spec.server() == null ? "reference" : spec.server().toString());
    m.put("injectBug", spec.injectBug());
    m.put("keys", spec.keys());
    m.put("db", spec.db());
    m.put("serverArgs", spec.serverArgs());
    if (spec.config() != null) m.put("config", spec.config());
    if (spec.shape() != null) m.put("shape", spec.shape());
    return m;
  }

  /** The command line that repeats this run's schedule. */
  static String command(RunSpec spec) {
    StringBuilder b = new StringBuilder("bin/replicheck run");
    b.append(" --workload ").append(spec.workload());
    b.append(" --nemesis ").append(spec.nemeses());
    b.append(" --time ").append(spec.time().toSeconds()).append('s');
    b.append(" --seed ").append(spec.seed());
    b.append(" --clients ").append(spec.clients());
    b.append(" --replicas ").append(spec.replicas());
    b.append(" --topology ").append(spec.topology());
    b.append(" --backend ").append(spec.backend());
    if (!spec.externalNodes().isEmpty())
      b.append(" --nodes ").append(String.join(",", spec.externalNodes()));
    b.append(" --keys ").append(spec.keys());
    if (spec.db() != 0) b.append(" --db ").append(spec.db());
    b.append(" --value-size ").append(spec.valueSize());
    b.append(" --op-timeout ").append(spec.opTimeout().toMillis()).append("ms");
    b.append(" --fault-interval ").append(spec.faultInterval().toMillis()).append("ms");
    b.append(" --fault-duration ").append(spec.faultDuration().toMillis()).append("ms");
    if (!spec.replicaReads()) b.append(" --no-replica-reads");
    for (String a : spec.serverArgs()) b.append(" --server-arg=").append(a);
    if (spec.server() != null) b.append(" --server ").append(spec.server());
    if (spec.injectBug() != null) b.append(" --inject-bug ").append(spec.injectBug());
    return b.toString();
  }
}
