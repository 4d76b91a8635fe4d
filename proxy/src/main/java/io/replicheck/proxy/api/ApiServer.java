package io.replicheck.proxy.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.replicheck.proxy.ProxyCollection;
import io.replicheck.proxy.ProxyException;
import io.replicheck.proxy.net.TcpProxy;
import io.replicheck.proxy.toxic.Direction;
import io.replicheck.proxy.toxic.ToxicSpec;
import io.replicheck.proxy.toxic.ToxicType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP API: Toxiproxy 2.x's routes over a {@link ProxyCollection}. */
public final class ApiServer implements AutoCloseable {
  /**
   * What GET /version answers: Toxiproxy's API level, marked as this implementation (semver build
   * metadata).
   */
  public static final String VERSION = "2.12.0+replicheck";

  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final int MAX_BODY = 1 << 20;

  private final HttpServer http;
  private final ExecutorService executor;
  private final ProxyCollection proxies;

  private ApiServer(HttpServer http, ExecutorService executor, ProxyCollection proxies) {
    this.http = http;
    this.executor = executor;
    this.proxies = proxies;
  }

  public static ApiServer start(String host, int port, ProxyCollection proxies) throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 64);
    ExecutorService executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "chaos-proxy-api");
              t.setDaemon(true);
              return t;
            });
    ApiServer api = new ApiServer(http, executor, proxies);
    http.createContext("/", api::handle);
    http.setExecutor(executor);
    http.start();
    return api;
  }

  public int port() {
    return http.getAddress().getPort();
  }

  public String host() {
    String h = http.getAddress().getAddress().getHostAddress();
    return h.contains(":") ? "[" + h + "]" : h;
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
      String agent = ex.getRequestHeaders().getFirst("User-Agent");
      if (agent != null && agent.startsWith("Mozilla/")) {
        // Toxiproxy refuses browsers, so a web page cannot drive it (CSRF).
        send(ex, 403, Json.error("User agent not allowed", 403));
        return;
      }
      try {
        route(ex);
      } catch (ProxyException e) {
        send(ex, e.status(), Json.error(e.getMessage(), e.status()));
      } catch (RuntimeException e) {
        LOG.warn("API request {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
        send(ex, 500, Json.error(String.valueOf(e.getMessage()), 500));
      }
    }
  }

  private void route(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    List<String> parts = segments(ex.getRequestURI().getRawPath());
    int n = parts.size();
    if (n == 1 && parts.get(0).equals("version")) {
      allow(method, "GET");
      byte[] body = ("{\"version\": \"" + VERSION + "\"}\n").getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      return;
    }
    if (n == 1 && parts.get(0).equals("reset")) {
      allow(method, "POST");
      proxies.reset();
      noContent(ex);
      return;
    }
    if (n == 1 && parts.get(0).equals("populate")) {
      allow(method, "POST");
      populate(ex);
      return;
    }
    if (n >= 1 && parts.get(0).equals("proxies")) {
      if (n == 1) {
        if (method.equals("GET")) {
          ObjectNode all = Json.MAPPER.createObjectNode();
          for (TcpProxy p : proxies.all()) all.set(p.name(), Json.proxy(p));
          send(ex, 200, all);
        } else {
          allow(method, "POST");
          createProxy(ex);
        }
        return;
      }
      String name = parts.get(1);
      if (n == 2) {
        switch (method) {
          case "GET":
            send(ex, 200, Json.proxy(proxies.get(name)));
            return;
          case "POST":
          case "PATCH":
            updateProxy(ex, name);
            return;
          case "DELETE":
            proxies.delete(name);
            noContent(ex);
            return;
          default:
            throw notAllowed();
        }
      }
      if (parts.get(2).equals("toxics")) {
        if (n == 3) {
          if (method.equals("GET")) {
            send(ex, 200, Json.toxics(proxies.get(name).toxics()));
          } else {
            allow(method, "POST");
            createToxic(ex, proxies.get(name));
          }
          return;
        }
        if (n == 4) {
          TcpProxy p = proxies.get(name);
          String toxic = parts.get(3);
          switch (method) {
            case "GET":
              ToxicSpec t = p.toxic(toxic);
              if (t == null) throw new ProxyException(404, "toxic not found");
              send(ex, 200, Json.toxic(t));
              return;
            case "POST":
            case "PATCH":
              updateToxic(ex, p, toxic);
              return;
            case "DELETE":
              p.removeToxic(toxic);
              noContent(ex);
              return;
            default:
              throw notAllowed();
          }
        }
      }
    }
    throw new ProxyException(404, "not found: " + ex.getRequestURI().getPath());
  }

  private void createProxy(HttpExchange ex) throws IOException {
    ObjectNode o = Json.object(Json.parse(body(ex)), "a proxy");
    Boolean enabled = Json.bool(o, "enabled");
    TcpProxy p =
        proxies.create(
            new ProxyCollection.Spec(
                Json.string(o, "name"),
                Json.string(o, "listen"),
                Json.string(o, "upstream"),
                enabled == null || enabled));
    send(ex, 201, Json.proxy(p));
  }

  private void updateProxy(HttpExchange ex, String name) throws IOException {
    proxies.get(name);
    ObjectNode o = Json.object(Json.parse(body(ex)), "a proxy");
    TcpProxy p =
        proxies.update(
            name, Json.string(o, "listen"), Json.string(o, "upstream"), Json.bool(o, "enabled"));
    send(ex, 200, Json.proxy(p));
  }

  private void populate(HttpExchange ex) throws IOException {
    List<ProxyCollection.Spec> specs = ProxySpecs.parse(body(ex));
    ObjectNode out = Json.MAPPER.createObjectNode();
    try {
      out.set("proxies", Json.proxies(proxies.populate(specs)));
      send(ex, 201, out);
    } catch (ProxyException e) {
      ObjectNode err = Json.error(e.getMessage(), e.status());
      err.putNull("proxies");
      send(ex, e.status(), err);
    }
  }

  private void createToxic(HttpExchange ex, TcpProxy p) throws IOException {
    ObjectNode o = Json.object(Json.parse(body(ex)), "a toxic");
    String streamName = Json.string(o, "stream");
    if (streamName == null) streamName = "downstream";
    Direction stream = Direction.parse(streamName);
    if (stream == null)
      throw new ProxyException(400, "stream was invalid, can be either upstream or downstream");
    String typeName = Json.string(o, "type");
    String name = Json.string(o, "name");
    if (name == null || name.isEmpty())
      name = (typeName == null ? "" : typeName) + "_" + stream.wire();
    ToxicType type = ToxicType.parse(typeName);
    if (type == null) throw new ProxyException(400, "invalid toxic type");
    if (p.toxic(name) != null) throw new ProxyException(409, "toxic already exists");
    Double toxicity = Json.number(o, "toxicity");
    Map<String, Long> attrs = Json.attributes(o);
    ToxicSpec spec;
    try {
      spec = ToxicSpec.of(name, type, stream, toxicity == null ? 1.0 : toxicity, attrs);
    } catch (IllegalArgumentException e) {
      throw new ProxyException(400, "bad request body: " + e.getMessage());
    }
    p.addToxic(spec);
    send(ex, 200, Json.toxic(spec));
  }

  private void updateToxic(HttpExchange ex, TcpProxy p, String toxic) throws IOException {
    if (p.toxic(toxic) == null) throw new ProxyException(404, "toxic not found");
    ObjectNode o = Json.object(Json.parse(body(ex)), "a toxic");
    ToxicSpec updated = p.updateToxic(toxic, Json.attributes(o), Json.number(o, "toxicity"));
    send(ex, 200, Json.toxic(updated));
  }

  private static byte[] body(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      byte[] b = in.readNBytes(MAX_BODY + 1);
      if (b.length > MAX_BODY)
        throw new ProxyException(400, "bad request body: larger than " + MAX_BODY + " bytes");
      return b;
    }
  }

  private static List<String> segments(String rawPath) {
    List<String> out = new ArrayList<>();
    for (String s : rawPath.split("/")) {
      if (!s.isEmpty()) out.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static void allow(String method, String allowed) {
    if (!method.equals(allowed)) throw notAllowed();
  }

  private static ProxyException notAllowed() {
    return new ProxyException(405, "method not allowed");
  }

  private static void noContent(HttpExchange ex) throws IOException {
    ex.sendResponseHeaders(204, -1);
  }

  private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] b = Json.MAPPER.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }
}
