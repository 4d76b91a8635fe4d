package io.replicheck.report.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.replicheck.report.ReportException;
import io.replicheck.report.RunReport;
import io.replicheck.report.StoreIndex;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Serves a store on 127.0.0.1 only: {@code /} is the index (rendered on every request, since runs
 * come and go), {@code /<run>/report.html} is rendered when missing, other files are served as they
 * are. Nothing outside the store is reachable: {@code ..} segments are refused and every path,
 * links resolved, must stay inside the store's real path. Requests whose Host header is not a
 * loopback name get 421, so a web page cannot reach the store through DNS rebinding.
 */
public final class StoreServer implements AutoCloseable {
  private static final Map<String, String> TYPES =
      Map.of(
          "html",
          "text/html; charset=utf-8",
          "json",
          "application/json",
          "jsonl",
          "text/plain; charset=utf-8",
          "edn",
          "text/plain; charset=utf-8",
          "xml",
          "application/xml",
          "log",
          "text/plain; charset=utf-8",
          "png",
          "image/png",
          "txt",
          "text/plain; charset=utf-8",
          "svg",
          "image/svg+xml");

  private final Path store;
  private final HttpServer http;
  private final ExecutorService executor;
  private final Object renderLock = new Object();

  private StoreServer(Path store, HttpServer http, ExecutorService executor) {
    this.store = store;
    this.http = http;
    this.executor = executor;
  }

  /** Starts serving {@code store} on 127.0.0.1:{@code port} (0 picks a free port). */
  public static StoreServer start(Path store, int port) throws IOException {
    if (!Files.isDirectory(store)) throw new ReportException("no store folder at " + store);
    Path real = store.toRealPath();
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "replicheck-serve");
              t.setDaemon(true);
              return t;
            });
    StoreServer server = new StoreServer(real, http, executor);
    http.createContext("/", server::handle);
    http.setExecutor(executor);
    http.start();
    return server;
  }

  public int port() {
    return http.getAddress().getPort();
  }

  /** The address the server is bound to. */
  public InetSocketAddress address() {
    return http.getAddress();
  }

  /** The URL a browser opens. */
  public String url() {
    return "http://127.0.0.1:" + port() + "/";
  }

  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      serve(ex);
    }
  }

  private void serve(HttpExchange ex) throws IOException {
    try {
      if (!loopbackHost(ex.getRequestHeaders().getFirst("Host"))) {
        // A page whose name was rebound to 127.0.0.1 still sends its own name: refuse it.
        send(
            ex,
            421,
            "text/plain; charset=utf-8",
            "only localhost, 127.0.0.1 or [::1] are served\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      String method = ex.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        send(
            ex,
            405,
            "text/plain; charset=utf-8",
            "only GET and HEAD\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      Path file = resolve(ex.getRequestURI());
      if (file == null) {
        send(ex, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (file.equals(store.resolve("latest")) && Files.isRegularFile(file)) {
        // Where links are not possible the harness writes store/latest as a file naming the run.
        String run = Files.readString(file, StandardCharsets.UTF_8).strip();
        Path dir = store.resolve(run).normalize();
        if (run.isEmpty()
            || run.contains("/")
            || run.contains("\\")
            || !dir.startsWith(store)
            || !Files.isDirectory(dir)) {
          send(
              ex, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
          return;
        }
        ex.getResponseHeaders()
            .set("Location", "/" + io.replicheck.report.html.Html.href(run) + "/report.html");
        send(ex, 302, "text/plain; charset=utf-8", new byte[0]);
        return;
      }
      if (Files.isDirectory(file)) {
        String path = ex.getRequestURI().getRawPath();
        ex.getResponseHeaders()
            .set("Location", (path.endsWith("/") ? path : path + "/") + "report.html");
        send(ex, 302, "text/plain; charset=utf-8", new byte[0]);
        return;
      }
      String name = file.getFileName().toString();
      String ext =
          name.lastIndexOf('.') < 0
              ? ""
              : name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
      send(ex, 200, TYPES.getOrDefault(ext, "application/octet-stream"), Files.readAllBytes(file));
    } catch (ReportException e) {
      send(
          ex,
          500,
          "text/plain; charset=utf-8",
          ("cannot render: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      // Whatever went wrong, the browser gets an answer rather than a dropped connection.
      send(
          ex,
          500,
          "text/plain; charset=utf-8",
          ("internal error: " + e + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * The file a request names, rendering the index or a run's report first when that is what is
   * asked for; null when it does not exist or lies outside the store.
   */
  Path resolve(URI uri) throws IOException {
    String path = uri.getPath();
    if (path == null || path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0) return null;
    Path target = store;
    for (String segment : path.split("/")) {
      if (segment.isEmpty()) continue;
      if (segment.equals("..") || segment.equals(".")) return null;
      target = target.resolve(segment);
    }
    target = target.normalize();
    if (!target.startsWith(store)) return null;
    synchronized (renderLock) {
      if (target.equals(store) || target.equals(store.resolve("index.html"))) {
        return StoreIndex.render(store);
      }
      Path parent = target.getParent();
      if (target.getFileName().toString().equals("report.html")
          && parent != null
          && !Files.exists(target)
          && (Files.isRegularFile(parent.resolve("history.jsonl"))
              || Files.isRegularFile(parent.resolve("results.json")))
          && inside(parent)) {
        RunReport.render(parent);
      }
    }
    if (!Files.exists(target) || !inside(target)) return null;
    return target;
  }

  /**
   * True when a request's Host header names this machine by a loopback name (with or without a
   * port), so a web page on another name cannot read the store through DNS rebinding.
   */
  static boolean loopbackHost(String host) {
    if (host == null) return false;
    String h = host.strip().toLowerCase(Locale.ROOT);
    String name;
    String port;
    if (h.startsWith("[")) {
      int close = h.indexOf(']');
      if (close < 0) return false;
      name = h.substring(0, close + 1);
      port = h.substring(close + 1);
    } else {
      int colon = h.indexOf(':');
      name = colon < 0 ? h : h.substring(0, colon);
      port = colon < 0 ? "" : h.substring(colon);
    }
    if (!port.isEmpty() && !port.matches(":[0-9]{1,5}")) return false;
    return name.equals("localhost") || name.equals("127.0.0.1") || name.equals("[::1]");
  }

  /** True when the path, with every link resolved, is still inside the store. */
  private boolean inside(Path p) throws IOException {
    return p.toRealPath().startsWith(store);
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
