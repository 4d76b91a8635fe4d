package io.replicheck.proxy.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicheck.proxy.ChaosProxyServer;
import io.replicheck.proxy.net.TcpProxy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The chaos proxy's overhead with no toxics: {@code redis-benchmark -t set,get -P 16 -n 200000 -c
 * 50} directly against redis-server and through the proxy, and the median round trip of a ping-pong
 * client, direct vs proxied. Three rounds each, alternating, medians reported. Writes JSON to the
 * file given and prints a markdown table.
 *
 * <p>Usage: {@code ProxyBenchmark [results.json] [--redis-server PATH] [--redis-benchmark PATH]};
 * the tools default to the first on PATH.
 */
public final class ProxyBenchmark {
  private static final int PINGS = 20_000;
  private static final int PING_ROUNDS = 5;
  private static final int BENCH_ROUNDS = 3;

  private ProxyBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of("target/proxy-benchmark.json");
    String redisServer = onPath("redis-server");
    String redisBenchmark = onPath("redis-benchmark");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--redis-server") && i + 1 < args.length) {
        redisServer = args[++i];
      } else if (args[i].equals("--redis-benchmark") && i + 1 < args.length) {
        redisBenchmark = args[++i];
      } else {
        out = Path.of(args[i]);
      }
    }
    for (String tool : List.of(redisServer, redisBenchmark)) {
      if (!Files.isExecutable(Path.of(tool))) {
        System.err.println("proxy benchmark: " + tool + " not found or not executable");
        System.exit(3);
      }
    }
    System.exit(run(out, redisServer, redisBenchmark));
  }

  /** The first executable called {@code name} on PATH, or the bare name (reported as missing). */
  private static String onPath(String name) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path p = Path.of(d.isEmpty() ? "." : d, name);
      if (Files.isExecutable(p)) return p.toString();
    }
    return name;
  }

  public static int run(Path out, String redisServer, String redisBenchmark) throws Exception {
    double loadAverage =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    int redisPort = freePort();
    Process redis =
        new ProcessBuilder(
                redisServer,
                "--port",
                String.valueOf(redisPort),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "yes")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (ChaosProxyServer chaos = ChaosProxyServer.start("127.0.0.1", 0, 1)) {
      waitForPing(redisPort);
      TcpProxy proxy = chaos.createProxy("redis", "127.0.0.1:0", "127.0.0.1:" + redisPort);
      int proxied = proxy.listenPort();

      // Warm both paths up (the JIT, redis's allocator) before measuring.
      redisBenchmark(redisBenchmark, proxied, 50_000);
      redisBenchmark(redisBenchmark, redisPort, 50_000);

      // Rounds alternate direct and proxied; the median of each resists a noisy neighbour.
      List<Map<String, Double>> directRuns = new ArrayList<>();
      List<Map<String, Double>> proxiedRuns = new ArrayList<>();
      long proxyCpu = 0;
      long proxyUser = 0;
      long redisCpuDirect = 0;
      long redisCpuProxied = 0;
      for (int r = 0; r < BENCH_ROUNDS; r++) {
        long redis0 = processCpuNanos(redis.pid());
        directRuns.add(redisBenchmark(redisBenchmark, redisPort, 200_000));
        long redis1 = processCpuNanos(redis.pid());
        long proxy0 = proxyThreadsCpuNanos(false);
        long user0 = proxyThreadsCpuNanos(true);
        proxiedRuns.add(redisBenchmark(redisBenchmark, proxied, 200_000));
        proxyCpu += proxyThreadsCpuNanos(false) - proxy0;
        proxyUser += proxyThreadsCpuNanos(true) - user0;
        redisCpuDirect += redis1 - redis0;
        redisCpuProxied += processCpuNanos(redis.pid()) - redis1;
      }
      long requests = 2L * 200_000 * BENCH_ROUNDS;
      Map<String, Double> direct = median(directRuns);
      Map<String, Double> through = median(proxiedRuns);

      // Interleave rounds so drift in machine load hits both sides alike.
      long[] directRtt = new long[PINGS * PING_ROUNDS];
      long[] proxiedRtt = new long[PINGS * PING_ROUNDS];
      pingPong(redisPort, new long[PINGS], 0);
      pingPong(proxied, new long[PINGS], 0);
      for (int r = 0; r < PING_ROUNDS; r++) {
        pingPong(redisPort, directRtt, r * PINGS);
        pingPong(proxied, proxiedRtt, r * PINGS);
      }
      Arrays.sort(directRtt);
      Arrays.sort(proxiedRtt);

      ObjectNode json = new ObjectMapper().createObjectNode();
      json.put("benchmark", "chaos proxy overhead, no toxics");
      json.put("date", Instant.now().toString());
      json.put("command", "redis-benchmark -t set,get -P 16 -n 200000 -c 50 -q --csv");
      json.put("cores", Runtime.getRuntime().availableProcessors());
      json.put("rounds", BENCH_ROUNDS);
      json.put("transport", io.replicheck.proxy.net.Transport.name());
      json.put("load_average_at_start", loadAverage);
      double loadAtEnd =
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      json.put("load_average_at_end", loadAtEnd);
      ArrayNode rows = json.putArray("throughput");
      StringBuilder table = new StringBuilder();
      table.append("| measure | direct | through proxy | ratio |\n|---|---|---|---|\n");
      for (String test : direct.keySet()) {
        double d = direct.get(test);
        double p = through.getOrDefault(test, 0.0);
        ObjectNode row = rows.addObject();
        row.put("test", test);
        row.put("direct_rps", d);
        row.put("proxied_rps", p);
        row.put("ratio", p / d);
        ArrayNode ds = row.putArray("direct_rounds");
        ArrayNode ps = row.putArray("proxied_rounds");
        for (int r = 0; r < BENCH_ROUNDS; r++) {
          ds.add(directRuns.get(r).get(test));
          ps.add(proxiedRuns.get(r).get(test));
        }
        table.append(
            String.format("| %s -P 16 (req/s) | %.0f | %.0f | %.2fx |%n", test, d, p, p / d));
      }
      ObjectNode cpu = json.putObject("cpu_us_per_request");
      cpu.put("proxy_event_loops", proxyCpu / 1000.0 / requests);
      // user: Netty and the proxy's code; system: the kernel's socket and loopback TCP work
      cpu.put("proxy_event_loops_user", proxyUser / 1000.0 / requests);
      cpu.put("proxy_event_loops_system", (proxyCpu - proxyUser) / 1000.0 / requests);
      cpu.put("redis_direct", redisCpuDirect / 1000.0 / requests);
      cpu.put("redis_proxied", redisCpuProxied / 1000.0 / requests);
      table.append(
          String.format(
              "| CPU per request (µs): redis-server / proxy | %.2f / - | %.2f / %.2f | |%n",
              redisCpuDirect / 1000.0 / requests,
              redisCpuProxied / 1000.0 / requests,
              proxyCpu / 1000.0 / requests));
      ObjectNode lat = json.putObject("ping_pong_latency_us");
      lat.put("samples", directRtt.length);
      lat.put("direct_p50", micros(directRtt, 0.50));
      lat.put("proxied_p50", micros(proxiedRtt, 0.50));
      lat.put("added_p50", micros(proxiedRtt, 0.50) - micros(directRtt, 0.50));
      lat.put("direct_p99", micros(directRtt, 0.99));
      lat.put("proxied_p99", micros(proxiedRtt, 0.99));
      table.append(
          String.format(
              "| proxy CPU per request, user / system (µs) | | %.2f / %.2f | |%n",
              proxyUser / 1000.0 / requests, (proxyCpu - proxyUser) / 1000.0 / requests));
      table.append(
          String.format(
              "| PING round trip p50 (µs) | %.1f | %.1f | +%.1f µs |%n",
              micros(directRtt, 0.5),
              micros(proxiedRtt, 0.5),
              micros(proxiedRtt, 0.5) - micros(directRtt, 0.5)));
      table.append(
          String.format(
              "| PING round trip p99 (µs) | %.1f | %.1f | +%.1f µs |%n",
              micros(directRtt, 0.99),
              micros(proxiedRtt, 0.99),
              micros(proxiedRtt, 0.99) - micros(directRtt, 0.99)));
      double worstRatio = Double.MAX_VALUE;
      for (String test : direct.keySet())
        worstRatio = Math.min(worstRatio, through.getOrDefault(test, 0.0) / direct.get(test));
      double addedP50 = micros(proxiedRtt, 0.50) - micros(directRtt, 0.50);
      ObjectNode goals = json.putObject("goals");
      goals.put("throughput_ratio_min", 0.9);
      goals.put("throughput_ratio_worst", worstRatio);
      goals.put("throughput_met", worstRatio >= 0.9);
      double proxyCpuPerRequest = proxyCpu / 1000.0 / requests;
      goals.put("proxy_cpu_us_per_request_max", 0.35);
      goals.put("proxy_cpu_met", proxyCpuPerRequest <= 0.35);
      goals.put("added_p50_us_max", 20);
      goals.put("added_p50_met", addedP50 < 20);
      table.append(
          String.format(
              "%nGoals: throughput >= 0.9x direct: %s (worst %.2fx); proxy CPU <= 0.35 µs/request: %s"
                  + " (%.2f µs); p50 added latency < 20 µs: %s (+%.1f µs)%n",
              worstRatio >= 0.9 ? "met" : "NOT met",
              worstRatio,
              proxyCpuPerRequest <= 0.35 ? "met" : "NOT met",
              proxyCpuPerRequest,
              addedP50 < 20 ? "met" : "NOT met",
              addedP50));
      table.append(
          String.format(
              "Load average %.1f at the start, %.1f at the end (%d cores): figures from a loaded"
                  + " machine are noisy.%n",
              loadAverage, loadAtEnd, Runtime.getRuntime().availableProcessors()));
      if (out.getParent() != null) Files.createDirectories(out.getParent());
      Files.writeString(
          out,
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
      System.out.print(table);
      System.out.println("results: " + out.toAbsolutePath());
      return 0;
    } finally {
      redis.destroy();
      if (!redis.waitFor(10, TimeUnit.SECONDS)) {
        redis.destroyForcibly();
        redis.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** CPU time (or user time alone) of the proxy's event-loop threads (not its API threads). */
  private static long proxyThreadsCpuNanos(boolean userOnly) {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long total = 0;
    for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t != null
          && t.getThreadName().startsWith("chaos-proxy-")
          && !t.getThreadName().startsWith("chaos-proxy-api")) {
        long c =
            userOnly ? mx.getThreadUserTime(t.getThreadId()) : mx.getThreadCpuTime(t.getThreadId());
        if (c > 0) total += c;
      }
    }
    return total;
  }

  /** A process's user+system CPU from /proc (Linux; 0 elsewhere). */
  private static long processCpuNanos(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
      return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static Map<String, Double> median(List<Map<String, Double>> runs) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String test : runs.get(0).keySet()) {
      double[] v = runs.stream().mapToDouble(m -> m.get(test)).sorted().toArray();
      out.put(test, v[v.length / 2]);
    }
    return out;
  }

  private static double micros(long[] sortedNanos, double q) {
    int i = (int) Math.min(sortedNanos.length - 1, Math.round(q * (sortedNanos.length - 1)));
    return sortedNanos[i] / 1000.0;
  }

  /** Runs redis-benchmark; returns requests per second by test name (SET, GET). */
  static Map<String, Double> redisBenchmark(String tool, int port, int requests)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                tool,
                "-h",
                "127.0.0.1",
                "-p",
                String.valueOf(port),
                "-t",
                "set,get",
                "-P",
                "16",
                "-n",
                String.valueOf(requests),
                "-c",
                "50",
                "-q",
                "--csv")
            .redirectErrorStream(true)
            .start();
    String output;
    try (InputStream in = p.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      if (!p.waitFor(5, TimeUnit.MINUTES)) p.destroyForcibly();
    }
    if (p.exitValue() != 0) throw new IOException("redis-benchmark failed: " + output);
    Map<String, Double> rps = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      String[] f = line.replace("\"", "").split(",");
      if (f.length >= 2 && (f[0].equals("SET") || f[0].equals("GET")))
        rps.put(f[0], Double.parseDouble(f[1]));
    }
    if (rps.size() != 2) throw new IOException("cannot read redis-benchmark's CSV: " + output);
    return rps;
  }

  /** One client, one PING at a time; records each round trip in nanoseconds. */
  static void pingPong(int port, long[] into, int offset) throws IOException {
    byte[] ping = "PING\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] pong = new byte[7]; // +PONG\r\n
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setTcpNoDelay(true);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      for (int i = 0; i < PINGS; i++) {
        long t0 = System.nanoTime();
        out.write(ping);
        int got = 0;
        while (got < pong.length) {
          int n = in.read(pong, got, pong.length - got);
          if (n < 0) throw new IOException("connection closed during ping-pong");
          got += n;
        }
        into[offset + i] = System.nanoTime() - t0;
      }
    }
  }

  private static void waitForPing(int port) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    IOException last = null;
    while (System.nanoTime() < deadline) {
      try {
        pingOnce(port);
        return;
      } catch (IOException e) {
        last = e;
        Thread.sleep(50);
      }
    }
    throw new IOException(
        "redis-server did not answer PING on port " + port + " within 20 s", last);
  }

  private static void pingOnce(int port) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(2_000);
      s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] b = s.getInputStream().readNBytes(7);
      if (!new String(b, StandardCharsets.US_ASCII).equals("+PONG\r\n"))
        throw new IOException("unexpected reply");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    }
  }
}
