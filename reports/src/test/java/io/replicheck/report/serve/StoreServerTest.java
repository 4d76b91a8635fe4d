package io.replicheck.report.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.report.ReportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

  @Test
  void listensOnLoopbackOnly() {
    assertThat(server.url()).startsWith("http://127.0.0.1:");
    assertThat(server.port()).isPositive();
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
