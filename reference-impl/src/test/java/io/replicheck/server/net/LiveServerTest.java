package io.replicheck.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.replicheck.server.ReferenceServer;
import io.replicheck.server.TestServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server on a real socket: pipelining, inline commands, protocol errors, fuzzed input. */
class LiveServerTest {
  @TempDir static Path dir;
  static ReferenceServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.start(dir, "server.log");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void pipelinedRepliesInOrder() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < 1000; i++) {
        b.append("*3\r\n$3\r\nSET\r\n$")
            .append(Integer.toString(i).length())
            .append("\r\n")
            .append(i)
            .append("\r\n$1\r\nv\r\n");
        b.append("PING\r\n");
      }
      c.send(b.toString());
      assertThat(c.read(1000 * 12)).isEqualTo("+OK\r\n+PONG\r\n".repeat(1000));
    }
  }

  @Test
  void inlineCommandsWithQuotes() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      c.send("set q \"a b\"\r\nget q\r\n");
      assertThat(c.line()).isEqualTo("+OK\r\n");
      assertThat(c.line()).isEqualTo("$3\r\n");
      assertThat(c.line()).isEqualTo("a b\r\n");
    }
  }

  @Test
  void protocolErrorsCloseOnlyThatConnection() throws Exception {
    String[][] cases = {
      {"*x\r\n", "-ERR Protocol error: invalid multibulk length\r\n"},
      {"*1\r\n$-5\r\n", "-ERR Protocol error: invalid bulk length\r\n"},
      {"*1\r\n$600000000\r\n", "-ERR Protocol error: invalid bulk length\r\n"},
      {"*2\r\n$3\r\nGET\r\n:1\r\n", "-ERR Protocol error: expected '$', got ':'\r\n"},
      {"set \"a\r\n", "-ERR Protocol error: unbalanced quotes in request\r\n"},
      {"x".repeat(70_000), "-ERR Protocol error: too big inline request\r\n"},
    };
    try (RawClient bystander = new RawClient(server.port())) {
      for (String[] tc : cases) {
        try (RawClient c = new RawClient(server.port())) {
          c.send(tc[0]);
          assertThat(c.read(tc[1].length())).isEqualTo(tc[1]);
          assertThat(c.closedByServer()).isTrue();
        }
        bystander.send("PING\r\n");
        assertThat(bystander.line()).isEqualTo("+PONG\r\n");
      }
    }
  }

  @Test
  void announcedHugeBulksCostOnlyWhatArrived() throws Exception {
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long before = rt.totalMemory() - rt.freeMemory();
    RawClient[] hogs = new RawClient[4];
    try {
      for (int i = 0; i < hogs.length; i++) {
        hogs[i] = new RawClient(server.port());
        hogs[i].send("*2\r\n$3\r\nSET\r\n$536870000\r\n" + "x".repeat(1024));
      }
      try (RawClient c = new RawClient(server.port())) {
        c.send("PING\r\n");
        assertThat(c.line()).isEqualTo("+PONG\r\n");
      }
      System.gc();
      long after = rt.totalMemory() - rt.freeMemory();
      assertThat(after - before).isLessThan(256L * 1024 * 1024);
    } finally {
      for (RawClient h : hogs) {
        if (h != null) {
          h.close();
        }
      }
    }
  }

  @Test
  void resp3AfterHello() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      c.send("HELLO 3\r\n");
      assertThat(c.line()).isEqualTo("%7\r\n");
      c.drain(4096);
      c.send("GET nokey\r\n");
      assertThat(c.line()).isEqualTo("_\r\n");
    }
  }

  @Test
  void fuzzedConnectionsDoNotHurtTheServer() throws Exception {
    int clientsBefore = server.core().clients().size();
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long heapBefore = rt.totalMemory() - rt.freeMemory();
    Random rnd = new Random(11);
    String[] seeds = {
      "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n",
      "PING\r\n",
      "*2\r\n$4\r\nLLEN\r\n$1\r\nk\r\n",
      "*1\r\n$4\r\nPING\r\n",
      "MULTI\r\nINCR k\r\nEXEC\r\n",
      "*2\r\n$5\r\nBLPOP\r\n$1\r\n0\r\n"
    };
    for (int i = 0; i < 150; i++) {
      try (RawClient c = new RawClient(server.port())) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < 20; k++) {
          b.append(seeds[rnd.nextInt(seeds.length)]);
        }
        byte[] bytes = b.toString().getBytes(StandardCharsets.ISO_8859_1);
        for (int m = 0; m < 1 + rnd.nextInt(10); m++) {
          bytes[rnd.nextInt(bytes.length)] = (byte) rnd.nextInt(256);
        }
        c.send(bytes);
        c.drain(1 << 20);
      }
    }
    try (RawClient c = new RawClient(server.port())) {
      c.send("PING\r\n");
      assertThat(c.line()).isEqualTo("+PONG\r\n");
    }
    assertThat(server.core().stats().unexpectedErrorReplies).isZero();
    // Every fuzzed connection is gone from the server, and what they sent is not kept.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(server.core().clients()).hasSizeLessThanOrEqualTo(clientsBefore));
    System.gc();
    assertThat(rt.totalMemory() - rt.freeMemory() - heapBefore).isLessThan(64L * 1024 * 1024);
  }
}
