package io.replicheck.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The client against a scripted server: what it sends and how it reads each reply type. */
class RespClientTest {

  @Test
  void encodesBinarySafeArguments() {
    byte[] bin = {0, '\r', '\n', (byte) 0xff};
    ByteArrayOutputStream want = new ByteArrayOutputStream();
    want.writeBytes("*3\r\n$3\r\nSET\r\n$2\r\n42\r\n$4\r\n".getBytes(StandardCharsets.US_ASCII));
    want.writeBytes(bin);
    want.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(RespClient.encode("SET", 42, bin)).isEqualTo(want.toByteArray());
  }

  @Test
  void readsEveryReplyType() throws Exception {
    String replies =
        "+OK\r\n"
            + ":-7\r\n"
            + "$5\r\nhe\r\no\r\n"
            + "$-1\r\n"
            + "*3\r\n$1\r\na\r\n:1\r\n*-1\r\n"
            + "-NOREPLICAS Not enough good replicas\r\n"
            + "-READONLY no\r\n"
            + "$26\r\n# Replication\r\nrole:master\r\n";
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<byte[]> received =
          CompletableFuture.supplyAsync(() -> serveOnce(server, replies));
      try (RespClient c = RespClient.connect(server.getLocalPort())) {
        assertThat(c.reply("A")).isEqualTo("OK");
        assertThat(c.num("B")).isEqualTo(-7);
        assertThat(c.ok("C")).isEqualTo("he\r\no".getBytes(StandardCharsets.UTF_8));
        assertThat(c.str("D")).isNull();
        assertThat(c.call("E")).isEqualTo(java.util.Arrays.asList("a", 1L, null));
        assertThat(c.reply("F"))
            .isEqualTo(new RespClient.Error("NOREPLICAS Not enough good replicas"));
        assertThatThrownBy(() -> c.ok("G"))
            .isInstanceOf(RespClient.ErrorReply.class)
            .hasMessage("READONLY no");
        assertThat(c.info("role")).isEqualTo("master");
      }
      assertThat(new String(received.get(10, TimeUnit.SECONDS), StandardCharsets.US_ASCII))
          .startsWith("*1\r\n$1\r\nA\r\n*1\r\n$1\r\nB\r\n")
          .endsWith("*2\r\n$4\r\nINFO\r\n$3\r\nall\r\n");
    }
  }

  @Test
  void bytesListAndTextConvertNestedReplies() {
    byte[] a = {'x'};
    assertThat(RespClient.bytesList(List.of(a))).containsExactly(a);
    assertThat(RespClient.text(List.of(a, List.of(a)))).isEqualTo(List.of("x", List.of("x")));
  }

  @Test
  void recognisesRedis70VersionLines() {
    assertThat(Tools.isRedis70("Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc")).isTrue();
    assertThat(Tools.isRedis70("redis-cli 7.0.15")).isTrue();
    assertThat(Tools.isRedis70("Redis server v=7.2.4 sha=0")).isFalse();
    assertThat(Tools.isRedis70("redis-cli 17.0.1")).isFalse();
  }

  /** Accepts one connection, answers with the script, returns all it read until the close. */
  private static byte[] serveOnce(ServerSocket server, String replies) {
    try (Socket s = server.accept()) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(replies.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      return in.readAllBytes();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
