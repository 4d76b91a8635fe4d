package io.replicheck.proxy.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicheck.proxy.ChaosProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad requests over raw HTTP: each a clear JSON error with Toxiproxy's status; the other proxies
 * keep serving.
 */
class BadInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private ChaosProxyServer chaos;
  private ServerSocket upstream;
  private Thread upstreamThread;

  /** A reply: status and parsed body. */
  record Reply(int status, JsonNode body, String contentType) {}

  @BeforeEach
  void start() throws Exception {
    chaos = ChaosProxyServer.start("127.0.0.1", 0, 3);
    upstream = new ServerSocket();
    upstream.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    upstreamThread =
        new Thread(
            () -> {
              while (!upstream.isClosed()) {
                try (Socket s = upstream.accept();
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream()) {
                  int b;
                  while ((b = in.read()) >= 0) out.write(b);
                } catch (IOException e) {
                  // closed
                }
              }
            },
            "bad-input-upstream");
    upstreamThread.setDaemon(true);
    upstreamThread.start();
    Reply r =
        call(
            "POST",
            "/proxies",
            "{\"name\":\"good\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:"
                + upstream.getLocalPort()
                + "\"}");
    assertThat(r.status()).isEqualTo(201);
  }

  @AfterEach
  void stop() throws Exception {
    chaos.close();
    upstream.close();
    upstreamThread.join(5_000);
  }

  private Reply call(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(chaos.apiUrl() + path));
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode parsed = resp.body().isEmpty() ? null : JSON.readTree(resp.body());
    return new Reply(
        resp.statusCode(), parsed, resp.headers().firstValue("Content-Type").orElse(""));
  }

  private void assertError(Reply r, int status, String message) {
    assertThat(r.status()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/json");
    assertThat(r.body().get("status").asInt()).isEqualTo(status);
    assertThat(r.body().get("error").asText()).contains(message);
  }

  /** The proxy made in setup still echoes: bad requests broke nothing. */
  private void assertGoodProxyServes() throws Exception {
    String listen = call("GET", "/proxies/good", null).body().get("listen").asText();
    try (Socket s =
        new Socket("127.0.0.1", Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1)))) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(77);
      assertThat(s.getInputStream().read()).isEqualTo(77);
    }
  }

  @Test
  void malformedJsonIs400() throws Exception {
    assertError(call("POST", "/proxies", "{\"name\": "), 400, "bad request body");
    assertError(call("POST", "/proxies", ""), 400, "bad request body: EOF");
    assertError(call("POST", "/proxies/good/toxics", "not json"), 400, "bad request body");
    assertError(call("POST", "/populate", "{}"), 400, "bad request body");
    assertGoodProxyServes();
  }

  /**
   * A JSON object for a new proxy named {@code name}, padded with spaces to exactly {@code size}
   * bytes.
   */
  private String paddedProxy(String name, int size) {
    String json =
        "{\"name\":\""
            + name
            + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:"
            + upstream.getLocalPort()
            + "\"}";
    return json + " ".repeat(size - json.length());
  }

  @Test
  void aBodyOverOneMebibyteIs400AndTheServerServesTheNextRequest() throws Exception {
    int cap = 1 << 20;
    assertError(
        call("POST", "/proxies", paddedProxy("big", cap + 1)),
        400,
        "larger than " + cap + " bytes");
    assertThat(call("GET", "/proxies/big", null).status()).isEqualTo(404);
    // The cap is exact: a body of exactly 1 MiB is read and parsed.
    assertThat(call("POST", "/proxies", paddedProxy("fits", cap)).status()).isEqualTo(201);
    assertThat(call("GET", "/proxies/fits", null).status()).isEqualTo(200);
    assertGoodProxyServes();
  }

  @Test
  void wrongFieldTypesAre400() throws Exception {
    assertError(
        call("POST", "/proxies", "{\"name\":5,\"upstream\":\"127.0.0.1:1\"}"),
        400,
        "cannot unmarshal number");
    assertError(
        call(
            "POST",
            "/proxies/good/toxics",
            "{\"type\":\"latency\",\"attributes\":{\"latency\":\"100\"}}"),
        400,
        "cannot unmarshal string");
    assertError(
        call(
            "POST",
            "/proxies/good/toxics",
            "{\"type\":\"latency\",\"attributes\":{\"latency\":1.5}}"),
        400,
        "int64");
    assertGoodProxyServes();
  }

  @Test
  void missingFieldsAre400() throws Exception {
    assertError(
        call("POST", "/proxies", "{\"upstream\":\"127.0.0.1:1\"}"),
        400,
        "missing required field: name");
    assertError(
        call("POST", "/proxies", "{\"name\":\"x\"}"), 400, "missing required field: upstream");
  }

  @Test
  void badAddressesAre400() throws Exception {
    assertError(
        call("POST", "/proxies", "{\"name\":\"x\",\"upstream\":\"nowhere\"}"), 400, "missing port");
    assertError(
        call(
            "POST",
            "/proxies",
            "{\"name\":\"x\",\"listen\":\"127.0.0.1:99999\",\"upstream\":\"127.0.0.1:1\"}"),
        400,
        "invalid port");
  }

  @Test
  void unknownToxicTypesAndStreamsAre400() throws Exception {
    assertError(
        call("POST", "/proxies/good/toxics", "{\"type\":\"explode\"}"), 400, "invalid toxic type");
    assertError(
        call("POST", "/proxies/good/toxics", "{\"type\":\"latency\",\"stream\":\"sideways\"}"),
        400,
        "stream was invalid");
    assertGoodProxyServes();
  }

  @Test
  void negativeOrAbsurdAttributesAre400() throws Exception {
    assertError(
        call(
            "POST",
            "/proxies/good/toxics",
            "{\"type\":\"latency\",\"attributes\":{\"latency\":-5}}"),
        400,
        "negative");
    assertError(
        call(
            "POST",
            "/proxies/good/toxics",
            "{\"type\":\"timeout\",\"attributes\":{\"timeout\":99999999999}}"),
        400,
        "at most");
    assertError(
        call("POST", "/proxies/good/toxics", "{\"type\":\"latency\",\"toxicity\":2}"),
        400,
        "toxicity");
    assertError(
        call(
            "POST",
            "/proxies/good/toxics",
            "{\"type\":\"slicer\",\"attributes\":{\"average_size\":0}}"),
        400,
        "average_size");
    call(
        "POST",
        "/proxies/good/toxics",
        "{\"name\":\"lat\",\"type\":\"latency\",\"attributes\":{\"latency\":5}}");
    assertError(
        call("POST", "/proxies/good/toxics/lat", "{\"attributes\":{\"jitter\":-1}}"),
        400,
        "negative");
    assertThat(
            call("GET", "/proxies/good/toxics/lat", null)
                .body()
                .get("attributes")
                .get("jitter")
                .asLong())
        .isZero();
    assertGoodProxyServes();
  }

  @Test
  void duplicatesAre409() throws Exception {
    assertError(
        call("POST", "/proxies", "{\"name\":\"good\",\"upstream\":\"127.0.0.1:1\"}"),
        409,
        "proxy already exists");
    assertThat(call("POST", "/proxies/good/toxics", "{\"type\":\"latency\"}").status())
        .isEqualTo(200);
    assertError(
        call("POST", "/proxies/good/toxics", "{\"type\":\"latency\"}"),
        409,
        "toxic already exists");
  }

  @Test
  void missingThingsAre404() throws Exception {
    assertError(call("GET", "/proxies/nope", null), 404, "proxy not found");
    assertError(call("DELETE", "/proxies/nope", null), 404, "proxy not found");
    assertError(call("POST", "/proxies/nope", "{\"enabled\":false}"), 404, "proxy not found");
    assertError(call("GET", "/proxies/nope/toxics", null), 404, "proxy not found");
    assertError(call("GET", "/proxies/good/toxics/nope", null), 404, "toxic not found");
    assertError(call("PATCH", "/proxies/good/toxics/nope", "{}"), 404, "toxic not found");
    assertError(call("DELETE", "/proxies/good/toxics/nope", null), 404, "toxic not found");
    assertError(call("GET", "/nowhere", null), 404, "not found");
  }

  @Test
  void aListenPortInUseIsAClearErrorAndNothingIsCreated() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Reply r =
          call(
              "POST",
              "/proxies",
              "{\"name\":\"clash\",\"listen\":\"127.0.0.1:"
                  + taken.getLocalPort()
                  + "\",\"upstream\":\"127.0.0.1:1\"}");
      assertError(r, 500, "listen tcp 127.0.0.1:" + taken.getLocalPort());
      assertThat(r.body().get("error").asText()).contains("in use");
      assertThat(call("GET", "/proxies/clash", null).status()).isEqualTo(404);
    }
    assertGoodProxyServes();
  }

  @Test
  void browsersAreRefusedAsToxiproxyDoes() throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(chaos.apiUrl() + "/proxies"))
            .header("User-Agent", "Mozilla/5.0")
            .GET()
            .build();
    assertThat(http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(403);
  }

  @Test
  void populateCreatesOrReplacesAllOrNothing() throws Exception {
    String up = "127.0.0.1:" + upstream.getLocalPort();
    Reply r =
        call(
            "POST",
            "/populate",
            "[{\"name\":\"p1\",\"listen\":\"127.0.0.1:0\",\"upstream\":\""
                + up
                + "\"},{\"name\":\"p2\",\"upstream\":\""
                + up
                + "\",\"enabled\":false}]");
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.body().get("proxies")).hasSize(2);
    assertThat(r.body().get("proxies").get(0).get("name").asText()).isEqualTo("p1");
    assertThat(r.body().get("proxies").get(0).get("enabled").asBoolean()).isTrue();
    assertThat(r.body().get("proxies").get(1).get("enabled").asBoolean()).isFalse();
    assertThat(r.body().get("proxies").get(0).get("toxics").isArray()).isTrue();

    Reply bad =
        call(
            "POST",
            "/populate",
            "[{\"name\":\"p3\",\"upstream\":\"" + up + "\"},{\"name\":\"p4\"}]");
    assertError(bad, 400, "missing required field: upstream at proxy 2");
    assertThat(call("GET", "/proxies/p3", null).status()).isEqualTo(404);
    assertThat(call("GET", "/proxies", null).body().size()).isEqualTo(3);
  }

  @Test
  void proxyUpdatesByPatchOrPostChangeOnlyWhatIsGiven() throws Exception {
    Reply before = call("GET", "/proxies/good", null);
    Reply off = call("PATCH", "/proxies/good", "{\"enabled\":false}");
    assertThat(off.status()).isEqualTo(200);
    assertThat(off.body().get("enabled").asBoolean()).isFalse();
    assertThat(off.body().get("listen")).isEqualTo(before.body().get("listen"));
    assertThat(off.body().get("upstream")).isEqualTo(before.body().get("upstream"));
    Reply on = call("POST", "/proxies/good", "{\"enabled\":true}");
    assertThat(on.body().get("enabled").asBoolean()).isTrue();
    assertThat(on.body().get("listen")).isEqualTo(before.body().get("listen"));
    assertError(
        call("PATCH", "/proxies/good", "{\"enabled\":\"yes\"}"), 400, "cannot unmarshal string");
    assertError(call("PATCH", "/proxies/good", "{\"upstream\":\"nowhere\"}"), 400, "missing port");
    assertGoodProxyServes();
  }

  @Test
  void versionIsJson() throws Exception {
    Reply r = call("GET", "/version", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("version").asText()).startsWith("2.");
  }

  @Test
  void toxicDefaultsFollowToxiproxy() throws Exception {
    Reply r =
        call(
            "POST",
            "/proxies/good/toxics",
            "{\"type\":\"latency\",\"attributes\":{\"latency\":5}}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("name").asText()).isEqualTo("latency_downstream");
    assertThat(r.body().get("stream").asText()).isEqualTo("downstream");
    assertThat(r.body().get("toxicity").asDouble()).isEqualTo(1.0);
    assertThat(r.body().get("attributes").get("jitter").asLong()).isZero();
    Reply patched =
        call("PATCH", "/proxies/good/toxics/latency_downstream", "{\"attributes\":{\"jitter\":2}}");
    assertThat(patched.body().get("attributes").get("latency").asLong()).isEqualTo(5);
    assertThat(patched.body().get("attributes").get("jitter").asLong()).isEqualTo(2);
    assertThat(call("DELETE", "/proxies/good/toxics/latency_downstream", null).status())
        .isEqualTo(204);
    assertThat(call("POST", "/reset", null).status()).isEqualTo(204);
    assertThat(call("DELETE", "/proxies/good", null).status()).isEqualTo(204);
  }
}
