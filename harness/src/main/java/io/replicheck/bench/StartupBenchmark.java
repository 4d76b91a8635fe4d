package io.replicheck.bench;

import io.replicheck.cluster.ClusterException;
import io.replicheck.cluster.Reaper;
import io.replicheck.cluster.ServerBinary;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Cold starts where users wait, each with and without the launcher's class-data sharing archive,
 * interleaved round by round: {@code bin/replicheck check} of one small history and of the whole
 * Knossos corpus (process start to exit, launcher included), and the reference server from its
 * process start to its first {@code +PONG}.
 */
public final class StartupBenchmark {

  private static final long BOUND_SECONDS = 120;

  /** One measured start: what, with the archive or not, wall milliseconds per round. */
  public record Series(String what, boolean cds, List<Double> millis) {
    double median() {
      return BenchNodes.quantile(millis, 0.5);
    }

    double min() {
      return millis.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }
  }

  private StartupBenchmark() {}

  /**
   * Runs {@code rounds} rounds after one untimed one; {@code root} is the repository (bin/ and
   * corpus/), {@code archive} the launcher's archive (null: the server series run without one).
   */
  public static List<Series> run(Path root, Path archive, int rounds, PrintStream progress)
      throws IOException {
    Path launcher = root.resolve("bin/replicheck");
    List<String> one = List.of(root.resolve(SMALL_FILE).toString());
    List<String> all;
    try (Stream<Path> files = Files.walk(root.resolve("corpus/knossos/data"))) {
      all = files.filter(p -> p.toString().endsWith(".edn")).map(Path::toString).sorted().toList();
    }
    Map<String, Series> series = new LinkedHashMap<>();
    for (int round = 0; round <= rounds; round++) {
      for (boolean cds : List.of(true, false)) {
        double a = check(launcher, one, cds);
        double b = check(launcher, all, cds);
        double c = serverToPong(archive, cds);
        if (round == 0) continue; // untimed: the archive made, the page cache warm
        add(series, "check, 1 file", cds, a);
        add(series, "check, " + all.size() + " files", cds, b);
        add(series, "reference server to first PONG", cds, c);
        progress.printf(
            "round %d %s: check 1 file %.0f ms, %d files %.0f ms, server to PONG %.0f ms%n",
            round, cds ? "with archive   " : "without archive", a, all.size(), b, c);
      }
    }
    return new ArrayList<>(series.values());
  }

  static final String SMALL_FILE = "corpus/knossos/data/cas-register/bad/cas-failure.edn";

  private static void add(Map<String, Series> m, String what, boolean cds, double ms) {
    m.computeIfAbsent(what + cds, k -> new Series(what, cds, new ArrayList<>())).millis().add(ms);
  }

  /** {@code bin/replicheck check FILES} from process start to exit; REPLICHECK_CDS=off without. */
  private static double check(Path launcher, List<String> files, boolean cds) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(launcher.toString());
    cmd.add("check");
    cmd.addAll(files);
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    if (!cds) pb.environment().put("REPLICHECK_CDS", "off");
    long t0 = System.nanoTime();
    Process p = pb.start();
    try {
      if (!p.waitFor(BOUND_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new ClusterException("check did not finish within " + BOUND_SECONDS + " s");
      }
      if (p.exitValue() > 2) {
        throw new ClusterException("bin/replicheck check exited with " + p.exitValue());
      }
      return (System.nanoTime() - t0) / 1e6;
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /**
   * The reference server as a run starts it (ServerBinary's command line, with or without the
   * archive's options), from process start to its first {@code +PONG}; then SHUTDOWN NOSAVE.
   */
  private static double serverToPong(Path archive, boolean cds) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path dir = Files.createTempDirectory("replicheck-startup");
    List<String> cmd = new ArrayList<>();
    for (String arg :
        ServerBinary.reference()
            .command(
                List.of("--port", Integer.toString(port), "--save", "", "--dir", dir.toString()))) {
      boolean cdsOption =
          arg.startsWith("-Xshare:")
              || arg.startsWith("-XX:SharedArchiveFile")
              || arg.startsWith("-Xlog:");
      if (cds || !cdsOption) cmd.add(arg);
    }
    if (cds && archive == null) {
      throw new ClusterException("no class-data sharing archive (run through bin/replicheck)");
    }
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("log").toFile())
            .start();
    Reaper.get().registerPid(p.pid());
    try {
      long deadline = t0 + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
      while (true) {
        if (!p.isAlive()) {
          throw new ClusterException(
              "the reference server exited with " + p.exitValue() + "; see " + dir.resolve("log"));
        }
        if (ping(port)) break;
        if (System.nanoTime() > deadline) {
          throw new ClusterException("no PONG within " + BOUND_SECONDS + " s");
        }
        Thread.sleep(1);
      }
      double ms = (System.nanoTime() - t0) / 1e6;
      shutdown(port);
      if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
      return ms;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      if (p.isAlive()) p.destroyForcibly();
      Reaper.get().unregisterPid(p.pid());
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.sorted((x, y) -> y.compareTo(x)).toList()) Files.deleteIfExists(f);
      }
    }
  }

  private static boolean ping(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      s.setSoTimeout(5000);
      s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      byte[] buf = new byte[7];
      int n = in.readNBytes(buf, 0, 7);
      return new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  private static void shutdown(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write("SHUTDOWN NOSAVE\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      s.getInputStream().read();
    } catch (IOException e) {
      // the server closes the connection as it exits
    }
  }

  /** Writes the series as JSON and a markdown table next to it; returns the table. */
  public static String write(List<Series> series, String command, Path out) throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("benchmark", "startup");
    doc.put("date", Instant.now().toString());
    doc.put("command", command);
    doc.put("java", System.getProperty("java.version"));
    doc.put("loadAverage", BenchNodes.loadAverage());
    List<Object> rows = new ArrayList<>();
    StringBuilder md = new StringBuilder();
    md.append("| start | with archive: median / min ms | without: median / min ms | ratio |\n");
    md.append("|---|---:|---:|---:|\n");
    for (Series s : series) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("what", s.what());
      m.put("classDataSharing", s.cds());
      m.put("medianMillis", Math.round(s.median() * 10) / 10.0);
      m.put("minMillis", Math.round(s.min() * 10) / 10.0);
      m.put("millis", s.millis());
      rows.add(m);
    }
    for (Series with : series) {
      if (!with.cds()) continue;
      Series without =
          series.stream()
              .filter(x -> !x.cds() && x.what().equals(with.what()))
              .findFirst()
              .orElseThrow();
      md.append(
          String.format(
              "| %s | %.0f / %.0f | %.0f / %.0f | %.2fx |%n",
              with.what(),
              with.median(),
              with.min(),
              without.median(),
              without.min(),
              with.median() / without.median()));
    }
    doc.put("results", rows);
    BenchNodes.write(out, doc, md.toString());
    return md.toString();
  }
}
