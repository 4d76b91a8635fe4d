package io.replicheck.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.server.ReferenceServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pub/sub on real sockets: messages pushed to other connections, a closed connection leaving its
 * subscriptions, the pubsub output buffer limit closing a subscriber that does not read, and a
 * replica's subscribers receiving what is published on its master.
 */
class PubSubLiveTest {
  @TempDir static Path dir;
  static ReferenceServer server;

  @BeforeAll
  static void start() throws Exception {
    server = startServer(dir.resolve("m"));
  }

  private static ReferenceServer startServer(Path d, String... extra) throws Exception {
    java.nio.file.Files.createDirectories(d);
    String[] base = {
      "--port", "0", "--save", "", "--dir", d.toString(), "--logfile", d.resolve("log").toString()
    };
    String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return ReferenceServer.start(false, args);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String cmd(String... args) {
    StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      b.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
    }
    return b.toString();
  }

  private static String push(String... items) {
    StringBuilder b = new StringBuilder("*").append(items.length).append("\r\n");
    for (String a : items) {
      b.append(a.startsWith(":") ? a + "\r\n" : "$" + a.length() + "\r\n" + a + "\r\n");
    }
    return b.toString();
  }

  /** Polls (every 20 ms, at most 10 s) until the condition holds. */
  private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(20);
    }
    return condition.getAsBoolean();
  }

  private static String numsub(RawClient c, String channel) {
    try {
      c.send(cmd("PUBSUB", "NUMSUB", channel));
      String expected = push(channel, ":0");
      return c.read(expected.length());
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Test
  void messagesArePushedToOtherConnections() throws Exception {
    try (RawClient sub = new RawClient(server.port());
        RawClient pub = new RawClient(server.port())) {
      sub.send(cmd("SUBSCRIBE", "live.a"));
      String confirm = push("subscribe", "live.a", ":1");
      assertThat(sub.read(confirm.length())).isEqualTo(confirm);
      sub.send(cmd("PSUBSCRIBE", "live.*"));
      String pconfirm = push("psubscribe", "live.*", ":2");
      assertThat(sub.read(pconfirm.length())).isEqualTo(pconfirm);
      pub.send(cmd("PUBLISH", "live.a", "hello"));
      assertThat(pub.line()).isEqualTo(":2\r\n");
      String expected =
          push("message", "live.a", "hello") + push("pmessage", "live.*", "live.a", "hello");
      assertThat(sub.read(expected.length())).isEqualTo(expected);
    }
  }

  @Test
  void aClosedConnectionLeavesItsSubscriptions() throws Exception {
    try (RawClient pub = new RawClient(server.port())) {
      RawClient sub = new RawClient(server.port());
      sub.send(cmd("SUBSCRIBE", "live.gone"));
      sub.read(push("subscribe", "live.gone", ":1").length());
      assertThat(numsub(pub, "live.gone")).isEqualTo(push("live.gone", ":1"));
      sub.close();
      assertThat(eventually(() -> numsub(pub, "live.gone").equals(push("live.gone", ":0"))))
          .isTrue();
      pub.send(cmd("PUBLISH", "live.gone", "x"));
      assertThat(pub.line()).isEqualTo(":0\r\n");
    }
  }

  @Test
  void aSubscriberThatDoesNotReadIsClosedAtThePubsubLimit() throws Exception {
    try (RawClient pub = new RawClient(server.port());
        RawClient slow = new RawClient(server.port())) {
      pub.send(cmd("CONFIG", "SET", "client-output-buffer-limit", "pubsub 256kb 0 0"));
      assertThat(pub.line()).isEqualTo("+OK\r\n");
      slow.send(cmd("SUBSCRIBE", "live.flood"));
      slow.read(push("subscribe", "live.flood", ":1").length());
      String payload = "x".repeat(16 * 1024);
      // Socket buffers take a few MB at most; 64 MB cannot all fit before the limit bites.
      int sent = 0;
      boolean dropped = false;
      while (sent < 4096 && !dropped) {
        pub.send(cmd("PUBLISH", "live.flood", payload));
        String reply = pub.line();
        dropped = reply.equals(":0\r\n");
        sent++;
      }
      assertThat(dropped).as("subscriber dropped after %d messages", sent).isTrue();
      assertThat(numsub(pub, "live.flood")).isEqualTo(push("live.flood", ":0"));
      pub.send(cmd("CONFIG", "SET", "client-output-buffer-limit", "pubsub 32mb 8mb 60"));
      assertThat(pub.line()).isEqualTo("+OK\r\n");
    }
  }

  @Test
  void aReplicasSubscribersReceiveWhatIsPublishedOnItsMaster() throws Exception {
    try (ReferenceServer replica =
        startServer(
            dir.resolve("r"), "--replicaof", "127.0.0.1", Integer.toString(server.port()))) {
      try (RawClient r = new RawClient(replica.port());
          RawClient sub = new RawClient(replica.port());
          RawClient pub = new RawClient(server.port())) {
        assertThat(
                eventually(
                    () -> {
                      try {
                        r.send(cmd("INFO", "replication"));
                        String head = r.line();
                        String body = r.read(Integer.parseInt(head.substring(1).strip()) + 2);
                        return body.contains("master_link_status:up");
                      } catch (IOException e) {
                        return false;
                      }
                    }))
            .isTrue();
        sub.send(cmd("SUBSCRIBE", "__sentinel__:hello"));
        sub.read(push("subscribe", "__sentinel__:hello", ":1").length());
        pub.send(cmd("PUBLISH", "__sentinel__:hello", "127.0.0.1,26379,id,0"));
        assertThat(pub.line()).isEqualTo(":0\r\n"); // nobody on the master itself
        String expected = push("message", "__sentinel__:hello", "127.0.0.1,26379,id,0");
        assertThat(sub.read(expected.length())).isEqualTo(expected);
      }
    }
  }
}
