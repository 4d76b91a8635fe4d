package io.replicheck.proxy.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Drives a chaos proxy (or Toxiproxy) over HTTP. Every call is bounded by a timeout; an error reply
 * becomes a {@link ChaosProxyClient.ApiError} with the server's message and status.
 */
public final class ChaosProxyClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final String baseUrl;
  private final HttpClient http;

  /** {@code baseUrl} like {@code http://127.0.0.1:8474}. */
  public ChaosProxyClient(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  /** An error reply: Toxiproxy's {@code {"error": ..., "status": N}}. */
  public static final class ApiError extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;

    ApiError(int status, String message) {
      super("[" + status + "] " + message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /** Creates a proxy; returns the address it listens on (the real port when asked for 0). */
  public String createProxy(String name, String listen, String upstream) throws IOException {
    ObjectNode body =
        JSON.createObjectNode().put("name", name).put("listen", listen).put("upstream", upstream);
    return send("POST", "/proxies", body).get("listen").asText();
  }

  public void deleteProxy(String name) throws IOException {
    send("DELETE", "/proxies/" + enc(name), null);
  }

  /** Enables or disables a proxy (disabling closes its connections). */
  public void setEnabled(String proxy, boolean enabled) throws IOException {
    send("POST", "/proxies/" + enc(proxy), JSON.createObjectNode().put("enabled", enabled));
  }

  /**
   * Adds a toxic; {@code stream} is "upstream" or "downstream". Returns the toxic as the server
   * shows it.
   */
  public JsonNode addToxic(
      String proxy,
      String name,
      String type,
      String stream,
      double toxicity,
      Map<String, Long> attributes)
      throws IOException {
    ObjectNode body =
        JSON.createObjectNode()
            .put("name", name)
            .put("type", type)
            .put("stream", stream)
            .put("toxicity", toxicity);
    ObjectNode attrs = body.putObject("attributes");
    attributes.forEach(attrs::put);
    return send("POST", "/proxies/" + enc(proxy) + "/toxics", body);
  }

  /** Merges attributes into a toxic. */
  public JsonNode updateToxic(String proxy, String name, Map<String, Long> attributes)
      throws IOException {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode attrs = body.putObject("attributes");
    attributes.forEach(attrs::put);
    return send("POST", "/proxies/" + enc(proxy) + "/toxics/" + enc(name), body);
  }

  public void removeToxic(String proxy, String name) throws IOException {
    send("DELETE", "/proxies/" + enc(proxy) + "/toxics/" + enc(name), null);
  }

  /**
   * Cuts one direction of a proxy (this proxy's extension): data is held until {@link #heal}, and
   * with {@code refuseNew} new connections are refused meanwhile. Returns the toxic's name.
   */
  public String partition(String proxy, String stream, boolean refuseNew) throws IOException {
    String name = "partition_" + stream;
    addToxic(proxy, name, "partition", stream, 1.0, Map.of("refuse_new", refuseNew ? 1L : 0L));
    return name;
  }

  /** Removes a partition made by {@link #partition}; what it held is delivered. */
  public void heal(String proxy, String stream) throws IOException {
    removeToxic(proxy, "partition_" + stream);
  }

  /** Every proxy enabled, every toxic removed. */
  public void reset() throws IOException {
    send("POST", "/reset", null);
  }

  public JsonNode proxies() throws IOException {
    return send("GET", "/proxies", null);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private JsonNode send(String method, String path, JsonNode body) throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json");
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    HttpResponse<byte[]> resp;
    try {
      resp = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted calling " + method + " " + path, e);
    }
    JsonNode reply = resp.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(resp.body());
    if (resp.statusCode() >= 300) {
      String message =
          reply.hasNonNull("error")
              ? reply.get("error").asText()
              : new String(resp.body(), StandardCharsets.UTF_8);
      throw new ApiError(resp.statusCode(), message);
    }
    return reply;
  }
}
