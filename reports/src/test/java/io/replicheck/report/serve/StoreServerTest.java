package io.replicheck.report.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicheck.report.ReportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreServerTest {
  private static final String RUN = "20261125-080000-list-append-11";
  @TempDir Path root;
  private Path store;
  private StoreServer server;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() throws Exception {
    store = Files.createDirectories(root.resolve("store"));
    Path sample = Path.of(StoreServerTest.class.getResource("/runs/" + RUN).toURI());
    Path run = Files.createDirectories(store.resolve(RUN));
    for (String f : new String[] {"history.jsonl", "samples.jsonl", "results.json"})
      Files.copy(sample.resolve(f), run.resolve(f));
    Files.writeString(root.resolve("secret.txt"), "top secret");
    Files.createSymbolicLink(store.resolve("escape"), root);
    Files.createSymbolicLink(store.resolve("latest"), Path.of(RUN));
    server = StoreServer.start(store, 0);
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .timeout(Duration.ofSeconds(20))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A request sent byte for byte, so no client normalises the path first. */
  private String raw(String requestLine) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(
          (requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** A request with the given Host header line (none when null), sent byte for byte. */
  private String rawWithHost(String requestLine, String host, String body) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      StringBuilder head = new StringBuilder(requestLine).append("\r\n");
      if (host != null) head.append("Host: ").append(host).append("\r\n");
      if (body != null) head.append("Content-Length: ").append(body.length()).append("\r\n");
      head.append("Connection: close\r\n\r\n");
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      if (body != null) out.write(body.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void listensOnLoopbackOnly() throws Exception {
    InetSocketAddress bound = server.address();
    assertThat(bound.getAddress().isLoopbackAddress()).as("bound to %s", bound).isTrue();
    assertThat(URI.create(server.url()).getPort()).isEqualTo(bound.getPort());
    // Every non-loopback address of this machine refuses the port.
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress()) continue;
        try (Socket s = new Socket()) {
          assertThatThrownBy(() -> s.connect(new InetSocketAddress(a, bound.getPort()), 2_000))
              .as("connect to %s", a)
              .isInstanceOf(IOException.class);
        }
      }
    }
  }

  @Test
  void onlyLoopbackHostNamesAreServed() throws Exception {
    int port = server.port();
    for (String host :
        new String[] {
          "localhost",
          "localhost:" + port,
          "127.0.0.1",
          "127.0.0.1:" + port,
          "[::1]",
          "[::1]:" + port,
          "LOCALHOST:" + port
        }) {
      assertThat(rawWithHost("GET /" + RUN + "/results.json HTTP/1.1", host, null))
          .as(host)
          .startsWith("HTTP/1.1 200");
    }
    // DNS rebinding: the attacker's name resolves to 127.0.0.1, but the browser still sends it.
    for (String host :
        new String[] {
          "evil.example",
          "evil.example:" + port,
          "127.0.0.1.evil.example",
          "localhost.evil.example:" + port,
          "127.0.0.2",
          "[::2]",
          "localhost:http",
          "localhost:" + port + "@evil",
          "",
          "[::1"
        }) {
      String response = rawWithHost("GET /" + RUN + "/results.json HTTP/1.1", host, null);
      assertThat(response).as(host).startsWith("HTTP/1.1 421").doesNotContain("\"verdict\"");
    }
    assertThat(rawWithHost("GET / HTTP/1.0", null, null)).startsWith("HTTP/1.1 421");
    assertThat(StoreServer.loopbackHost(null)).isFalse();
    // Nothing was rendered for a refused request.
    assertThat(store.resolve(RUN).resolve("report.html")).doesNotExist();
    assertThat(rawWithHost("GET /" + RUN + "/report.html HTTP/1.1", "evil.example", null))
        .startsWith("HTTP/1.1 421");
    assertThat(store.resolve(RUN).resolve("report.html")).doesNotExist();
  }

  @Test
  void aRequestWithABodyIsRefusedAndTheNextRequestIsServed() throws Exception {
    // Small enough that the server drains it before closing, so the reply is not lost to a reset.
    String body = "x".repeat(32 << 10);
    assertThat(rawWithHost("POST / HTTP/1.1", "127.0.0.1", body)).startsWith("HTTP/1.1 405");
    assertThat(rawWithHost("PUT /" + RUN + "/results.json HTTP/1.1", "127.0.0.1", body))
        .startsWith("HTTP/1.1 405");
    assertThat(store.resolve(RUN).resolve("results.json")).content().doesNotContain("xxxx");
    assertThat(get(RUN + "/results.json").statusCode()).isEqualTo(200);
  }

  @Test
  void manyClientsAtOnceAreAllServed() throws Exception {
    // Two worker threads and a backlog of 16: more clients than that at once wait, none is dropped.
    var pool = java.util.concurrent.Executors.newFixedThreadPool(24);
    try {
      var replies = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
      for (int i = 0; i < 48; i++)
        replies.add(pool.submit(() -> get(RUN + "/results.json").statusCode()));
      for (var r : replies)
        assertThat(r.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void indexAndReportsAreRenderedOnTheFly() throws Exception {
    HttpResponse<String> index = get("");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(index.body())
        .contains("href=\"" + RUN + "/report.html\"")
        .contains("data-verdict=\"valid\"");
    assertThat(store.resolve(RUN).resolve("report.html")).doesNotExist();
    HttpResponse<String> report = get(RUN + "/report.html");
    assertThat(report.statusCode()).isEqualTo(200);
    assertThat(report.body()).contains("<svg id=\"timeline\"");
    assertThat(store.resolve(RUN).resolve("report.html")).isRegularFile();
    assertThat(get(RUN + "/history.jsonl").body()).startsWith("{\"index\":0");
    assertThat(get(RUN + "/results.json").headers().firstValue("Content-Type"))
        .hasValue("application/json");
    // A run folder and the latest link lead to the report.
    HttpResponse<String> folder =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url() + "latest")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(folder.statusCode()).isEqualTo(302);
    assertThat(folder.headers().firstValue("Location")).hasValue("/latest/report.html");
    assertThat(get("latest/report.html").body()).contains("<svg id=\"timeline\"");
  }

  @Test
  void latestAsAFileNamingTheRunRedirectsToItsReport() throws Exception {
    Files.delete(store.resolve("latest"));
    Files.writeString(store.resolve("latest"), RUN + "\n");
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url() + "latest")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location")).hasValue("/" + RUN + "/report.html");
    // A latest file pointing out of the store leads nowhere.
    Files.writeString(store.resolve("latest"), "../secret.txt");
    assertThat(get("latest").statusCode()).isEqualTo(404);
    Files.writeString(store.resolve("latest"), "..");
    assertThat(get("latest").statusCode()).isEqualTo(404);
  }

  @Test
  void nothingOutsideTheStoreIsServed() throws Exception {
    for (String line :
        new String[] {
          "GET /../secret.txt HTTP/1.1",
          "GET /%2e%2e/secret.txt HTTP/1.1",
          "GET /" + RUN + "/../../secret.txt HTTP/1.1",
          "GET /escape/secret.txt HTTP/1.1",
          "GET /..%2fsecret.txt HTTP/1.1",
          "GET /%2e%2e%5csecret.txt HTTP/1.1"
        }) {
      String response = raw(line);
      assertThat(response)
          .as(line)
          .doesNotContain("top secret")
          .matches("(?s)HTTP/1\\.1 (400|404) .*");
    }
    assertThat(get("no-such-run/report.html").statusCode()).isEqualTo(404);
  }

  @Test
  void onlyGetAndHeadAndBadRunsGiveAClearError() throws Exception {
    assertThat(raw("POST / HTTP/1.1")).startsWith("HTTP/1.1 405");
    assertThat(raw("HEAD /" + RUN + "/results.json HTTP/1.1"))
        .startsWith("HTTP/1.1 200")
        .doesNotContain("\"verdict\"");
    Path broken = Files.createDirectories(store.resolve("broken"));
    Files.writeString(broken.resolve("history.jsonl"), "{\"index\":0,");
    HttpResponse<String> r = get("broken/report.html");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).startsWith("cannot render: ").contains("history.jsonl:1:");
  }

  @Test
  void aMissingStoreIsAnError() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> StoreServer.start(root.resolve("nope"), 0))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining("no store folder");
  }
}
