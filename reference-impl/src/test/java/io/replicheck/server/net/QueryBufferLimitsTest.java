package io.replicheck.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.replicheck.server.ReferenceServer;
import io.replicheck.server.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * client-query-buffer-limit and maxmemory-clients on a live socket: the offender is closed without
 * a reply (as redis), the server stays up and the other clients are served.
 */
class QueryBufferLimitsTest {
  private static final int MB = 1024 * 1024;

  @TempDir Path dir;
  private ReferenceServer server;
  private Path log;

  @BeforeEach
  void start() throws Exception {
    log = dir.resolve("server.log");
    server =
        TestServers.start(
            dir, "server.log", "--loglevel", "verbose", "--client-query-buffer-limit", "1mb");
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void limitsAreConfigurable() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      c.send("CONFIG GET client-query-buffer-limit\r\nCONFIG GET maxmemory-clients\r\n");
      String limit = "*2\r\n$25\r\nclient-query-buffer-limit\r\n$7\r\n1048576\r\n";
      String total = "*2\r\n$17\r\nmaxmemory-clients\r\n$1\r\n0\r\n";
      assertThat(c.read(limit.length() + total.length())).isEqualTo(limit + total);
      c.send("CONFIG SET client-query-buffer-limit 1000\r\n");
      assertThat(c.line()).startsWith("-ERR CONFIG SET failed");
      c.send("CONFIG SET maxmemory-clients 10%\r\n");
      assertThat(c.line()).startsWith("-ERR CONFIG SET failed");
    }
  }

  @Test
  void aManyArgumentRequestOverTheLimitClosesOnlyItsClient() throws Exception {
    try (RawClient bystander = new RawClient(server.port());
        RawClient offender = new RawClient(server.port())) {
      bystander.send("SET k v\r\n");
      assertThat(bystander.line()).isEqualTo("+OK\r\n");
      // A million arguments announced, each 32kb: the parsed ones count, not only the buffer.
      String bulk = "$32768\r\n" + "x".repeat(32768) + "\r\n";
      offender.send("*1048576\r\n");
      sendUntilClosed(offender, bulk.getBytes(StandardCharsets.ISO_8859_1), 4 * MB);
      assertThat(offender.closedByServer()).isTrue();
      bystander.send("GET k\r\n");
      assertThat(bystander.read(7)).isEqualTo("$1\r\nv\r\n");
    }
    assertThat(Files.readString(log))
        .contains("Closing client that reached max query buffer length: id=")
        .contains("(qbuf initial bytes: \"");
  }

  @Test
  void oneHugeBulkOverTheLimitIsRefusedBeforeItIsBuffered() throws Exception {
    try (RawClient offender = new RawClient(server.port())) {
      offender.send("*2\r\n$3\r\nGET\r\n$100000000\r\n");
      sendUntilClosed(offender, new byte[64 * 1024], 8 * MB);
      assertThat(offender.closedByServer()).isTrue();
    }
    assertThat(server.core().stats().memClientsNormal).isZero();
    try (RawClient c = new RawClient(server.port())) {
      c.send("PING\r\n");
      assertThat(c.line()).isEqualTo("+PONG\r\n");
    }
  }

  @Test
  void theTotalOfAllClientsEvictsTheLargestFirst() throws Exception {
    try (RawClient admin = new RawClient(server.port());
        RawClient big = new RawClient(server.port());
        RawClient small = new RawClient(server.port())) {
      admin.send(
          "CONFIG SET client-query-buffer-limit 1gb\r\nCONFIG SET maxmemory-clients 2mb\r\n");
      assertThat(admin.read(10)).isEqualTo("+OK\r\n+OK\r\n");
      big.send("*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$10000000\r\n");
      big.send(new byte[1536 * 1024]);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> server.core().stats().memClientsNormal >= 1536 * 1024);
      // The small client's request takes the total over 2mb: the big one goes, the small is served.
      String value = "y".repeat(700 * 1024);
      small.send("*3\r\n$3\r\nSET\r\n$1\r\ns\r\n$" + value.length() + "\r\n" + value + "\r\n");
      assertThat(small.line()).isEqualTo("+OK\r\n");
      assertThat(big.closedByServer()).isTrue();
      admin.send("STRLEN s\r\nINFO stats\r\n");
      assertThat(admin.line()).isEqualTo(":" + value.length() + "\r\n");
      String header = admin.line();
      assertThat(admin.read(Integer.parseInt(header.substring(1).trim())))
          .contains("evicted_clients:1\r\n");
    }
    assertThat(Files.readString(log)).contains("Evicting client: id=");
  }

  /** Sends chunks until the server closes the connection (without replying, as redis). */
  private static void sendUntilClosed(RawClient c, byte[] chunk, int max) {
    int sent = 0;
    try {
      while (sent < max) {
        c.send(chunk);
        sent += chunk.length;
      }
    } catch (IOException closed) {
      return;
    }
    // The socket buffers may have taken the rest: the server must still have closed.
    try {
      assertThat(c.closedByServer()).isTrue();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
