package io.replicheck.server.command;

import static io.replicheck.server.command.TestCore.err;
import static io.replicheck.server.command.TestCore.ok;
import static io.replicheck.server.command.TestCore.simple;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.replicheck.server.core.Client;
import io.replicheck.server.core.ClientConnection;
import io.replicheck.server.core.ClientKind;
import io.replicheck.server.resp.ByteBufReplySink;
import io.replicheck.server.resp.ReplyRecorder;
import io.replicheck.server.resp.ReplySink;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pub/sub against the core, without sockets: replies and pushes as redis 7.0.15 sends them. */
class PubSubTest {
  final TestCore t = new TestCore();
  final TestCore.Conn sub = t.connect();
  final TestCore.Conn pub = t.connect();

  private static final String ONLY =
      "only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context";

  @Test
  void subscribeConfirmsEachChannelWithTheRunningCount() {
    sub.send("SUBSCRIBE", "a", "b", "a");
    assertThat(sub.replies.replies())
        .containsExactly(
            List.of("subscribe", "a", 1L),
            List.of("subscribe", "b", 2L),
            List.of("subscribe", "a", 2L));
    sub.replies.clear();
    sub.send("PSUBSCRIBE", "n*");
    assertThat(sub.next()).isEqualTo(List.of("psubscribe", "n*", 3L));
  }

  @Test
  void publishDeliversToChannelAndPatternSubscribersAndCountsThem() {
    sub.send("SUBSCRIBE", "news");
    sub.send("PSUBSCRIBE", "n*", "x*");
    sub.replies.clear();
    TestCore.Conn other = t.connect();
    other.send("PSUBSCRIBE", "*s");
    other.replies.clear();
    assertThat(pub.call("PUBLISH", "news", "hello")).isEqualTo(3L);
    assertThat(sub.replies.replies())
        .containsExactly(
            List.of("message", "news", "hello"), List.of("pmessage", "n*", "news", "hello"));
    assertThat(other.next()).isEqualTo(List.of("pmessage", "*s", "news", "hello"));
    assertThat(pub.call("PUBLISH", "nobody", "x")).isEqualTo(1L); // n* only
    assertThat(pub.call("PUBLISH", "zzz", "x")).isEqualTo(0L);
  }

  @Test
  void publishIsPropagatedThoughNoKeyChanged() {
    pub.call("SELECT", "3");
    assertThat(pub.call("PUBLISH", "ch", "m")).isEqualTo(0L);
    assertThat(pub.call("SPUBLISH", "sh", "m")).isEqualTo(0L);
    assertThat(t.propagated).containsExactly("3: PUBLISH ch m", "3: SPUBLISH sh m");
    assertThat(pub.call("PUBSUB", "NUMPAT")).isEqualTo(0L);
    assertThat(t.propagated).hasSize(2);
  }

  @Test
  void theMasterLinksPublishReachesTheReplicasSubscribers() {
    sub.send("SUBSCRIBE", "__sentinel__:hello");
    sub.replies.clear();
    ReplyRecorder none = new ReplyRecorder();
    Client master =
        t.core.newClient(ClientConnection.detached(none, "127.0.0.1:1"), ClientKind.MASTER);
    t.core.process(master, args("PUBLISH", "__sentinel__:hello", "127.0.0.1,26379,abc,0"));
    assertThat(sub.next())
        .isEqualTo(List.of("message", "__sentinel__:hello", "127.0.0.1,26379,abc,0"));
    assertThat(none.replies()).isEmpty();
    assertThat(t.propagated).isEmpty(); // a replica forwards its master's stream as it came
  }

  @Test
  void resp2SubscribedModeAllowsOnlyPubSubCommandsAndAnswersPingAsAPush() {
    sub.send("SUBSCRIBE", "a");
    sub.replies.clear();
    assertThat(sub.call("PING")).isEqualTo(List.of("pong", ""));
    assertThat(sub.call("PING", "x")).isEqualTo(List.of("pong", "x"));
    assertThat(sub.call("GET", "k")).isEqualTo(err("ERR Can't execute 'get': " + ONLY));
    assertThat(sub.call("CLIENT", "KILL", "TYPE", "pubsub"))
        .isEqualTo(err("ERR Can't execute 'client|kill': " + ONLY));
    assertThat(sub.call("MULTI")).isEqualTo(err("ERR Can't execute 'multi': " + ONLY));
    assertThat(sub.call("UNSUBSCRIBE")).isEqualTo(List.of("unsubscribe", "a", 0L));
    assertThat(sub.call("PING")).isEqualTo(simple("PONG"));
    assertThat(sub.call("GET", "k")).isNull();
  }

  @Test
  void unsubscribeWithoutSubscriptionsStillAnswersOnce() {
    assertThat(sub.call("UNSUBSCRIBE")).isEqualTo(Arrays.asList("unsubscribe", null, 0L));
    assertThat(sub.call("PUNSUBSCRIBE")).isEqualTo(Arrays.asList("punsubscribe", null, 0L));
    assertThat(sub.call("SUNSUBSCRIBE")).isEqualTo(Arrays.asList("sunsubscribe", null, 0L));
    assertThat(sub.call("UNSUBSCRIBE", "never")).isEqualTo(List.of("unsubscribe", "never", 0L));
    assertThat(sub.call("PING")).isEqualTo(simple("PONG"));
  }

  @Test
  void resp3PushesAndNoRestrictions() {
    sub.call("HELLO", "3");
    sub.send("SUBSCRIBE", "a");
    assertThat(sub.next()).isEqualTo(List.of("subscribe", "a", 1L));
    assertThat(sub.call("PING")).isEqualTo(simple("PONG"));
    assertThat(sub.call("SET", "k", "v")).isEqualTo(ok());
    assertThat(pub.call("PUBLISH", "a", "m")).isEqualTo(1L);
    assertThat(sub.next()).isEqualTo(List.of("message", "a", "m"));
  }

  @Test
  void resp3PushIsEncodedWithItsOwnType() {
    ByteBufReplySink sink = new ByteBufReplySink(UnpooledByteBufAllocator.DEFAULT);
    sink.setProtocol(3);
    Client c = t.core.newClient(ClientConnection.detached(sink, "127.0.0.1:2"), ClientKind.NORMAL);
    t.core.process(c, args("SUBSCRIBE", "a"));
    ByteBuf out = sink.take();
    assertThat(out.toString(StandardCharsets.US_ASCII))
        .isEqualTo(">3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n");
    out.release();
  }

  @Test
  void shardChannelsCountApartAndIgnorePatterns() {
    sub.send("SUBSCRIBE", "a");
    sub.send("PSUBSCRIBE", "*");
    sub.replies.clear();
    sub.send("SSUBSCRIBE", "s1", "s2");
    assertThat(sub.replies.replies())
        .containsExactly(List.of("ssubscribe", "s1", 1L), List.of("ssubscribe", "s2", 2L));
    sub.replies.clear();
    assertThat(pub.call("SPUBLISH", "s1", "m")).isEqualTo(1L);
    assertThat(sub.next()).isEqualTo(List.of("smessage", "s1", "m"));
    assertThat(pub.call("PUBSUB", "SHARDCHANNELS")).isEqualTo(List.of("s1", "s2"));
    assertThat(pub.call("PUBSUB", "SHARDNUMSUB", "s1", "a")).isEqualTo(List.of("s1", 1L, "a", 0L));
    assertThat(pub.call("PUBSUB", "CHANNELS")).isEqualTo(List.of("a"));
    sub.send("SUNSUBSCRIBE");
    assertThat(sub.replies.replies())
        .containsExactly(List.of("sunsubscribe", "s1", 1L), List.of("sunsubscribe", "s2", 0L));
  }

  @Test
  void pubsubIntrospection() {
    sub.send("SUBSCRIBE", "news.1", "news.2", "other");
    sub.send("PSUBSCRIBE", "p*", "q*");
    TestCore.Conn two = t.connect();
    two.send("SUBSCRIBE", "news.1");
    two.send("PSUBSCRIBE", "p*");
    assertThat(pub.call("PUBSUB", "CHANNELS")).isEqualTo(List.of("news.1", "news.2", "other"));
    assertThat(pub.call("PUBSUB", "CHANNELS", "news.*")).isEqualTo(List.of("news.1", "news.2"));
    assertThat(pub.call("PUBSUB", "NUMSUB", "news.1", "other", "none"))
        .isEqualTo(List.of("news.1", 2L, "other", 1L, "none", 0L));
    assertThat(pub.call("PUBSUB", "NUMSUB")).isEqualTo(List.of());
    assertThat(pub.call("PUBSUB", "NUMPAT")).isEqualTo(2L);
    assertThat(pub.call("PUBSUB", "numpat", "x"))
        .isEqualTo(err("ERR wrong number of arguments for 'pubsub|numpat' command"));
    assertThat(pub.call("PUBSUB", "CHANNELS", "a", "b"))
        .isEqualTo(
            err(
                "ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. Try PUBSUB"
                    + " HELP."));
    assertThat(pub.call("PUBSUB", "foo"))
        .isEqualTo(err("ERR unknown subcommand 'foo'. Try PUBSUB HELP."));
    assertThat(pub.call("PUBSUB"))
        .isEqualTo(err("ERR wrong number of arguments for 'pubsub' command"));
    assertThat(pub.call("PUBLISH", "a"))
        .isEqualTo(err("ERR wrong number of arguments for 'publish' command"));
    Object info = pub.call("INFO", "stats");
    assertThat((String) info).contains("pubsub_channels:3\r\n", "pubsub_patterns:2\r\n");
  }

  @Test
  void aClosedClientLeavesItsSubscriptions() {
    sub.send("SUBSCRIBE", "a", "b");
    sub.send("PSUBSCRIBE", "p*");
    sub.send("SSUBSCRIBE", "s");
    t.core.clientClosed(sub.client);
    assertThat(pub.call("PUBLISH", "a", "m")).isEqualTo(0L);
    assertThat(pub.call("PUBLISH", "pa", "m")).isEqualTo(0L);
    assertThat(pub.call("PUBSUB", "CHANNELS")).isEqualTo(List.of());
    assertThat(pub.call("PUBSUB", "NUMPAT")).isEqualTo(0L);
    assertThat(pub.call("PUBSUB", "SHARDCHANNELS")).isEqualTo(List.of());
  }

  @Test
  void resetLeavesSubscriptionsAndSubscribedMode() {
    sub.send("SUBSCRIBE", "a");
    sub.replies.clear();
    assertThat(sub.call("RESET")).isEqualTo(simple("RESET"));
    assertThat(sub.call("PING")).isEqualTo(simple("PONG"));
    assertThat(pub.call("PUBLISH", "a", "m")).isEqualTo(0L);
  }

  @Test
  void subscribeInsideMultiButNotSsubscribe() {
    sub.call("MULTI");
    sub.call("SUBSCRIBE", "a");
    sub.call("SSUBSCRIBE", "b");
    sub.call("PUBLISH", "a", "x");
    // On the wire as redis 7.0.15: *3, the confirmation, the error, the message push (out of
    // band, in the middle of the array), then PUBLISH's :1. A RESP2 reader sees the push as
    // the third element and the count after the array.
    assertThat(sub.call("EXEC"))
        .isEqualTo(
            List.of(
                List.of("subscribe", "a", 1L),
                err("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client"),
                List.of("message", "a", "x")));
    assertThat(sub.next()).isEqualTo(1L);
  }

  @Test
  void clientListAndKillKnowPubSubClients() {
    sub.send("SUBSCRIBE", "a", "b");
    sub.send("PSUBSCRIBE", "p");
    String list = (String) pub.call("CLIENT", "LIST", "TYPE", "pubsub");
    assertThat(list.lines().toList()).hasSize(1);
    assertThat(list).contains("id=" + sub.client.id(), "flags=P", "sub=2 psub=1 ssub=0");
    assertThat((String) pub.call("CLIENT", "LIST", "TYPE", "normal"))
        .doesNotContain("id=" + sub.client.id() + " ");
    assertThat(pub.call("CLIENT", "KILL", "TYPE", "normal")).isEqualTo(0L); // skips itself
    assertThat(pub.call("CLIENT", "KILL", "TYPE", "pubsub")).isEqualTo(1L);
    assertThat(sub.client.isClosed()).isTrue();
    assertThat(pub.call("PUBSUB", "NUMSUB", "a")).isEqualTo(List.of("a", 0L));
  }

  @Test
  void pushesIgnoreClientReplyOff() {
    sub.call("CLIENT", "REPLY", "OFF");
    sub.send("SUBSCRIBE", "a");
    assertThat(sub.next()).isEqualTo(List.of("subscribe", "a", 1L));
    pub.call("PUBLISH", "a", "m");
    assertThat(sub.next()).isEqualTo(List.of("message", "a", "m"));
  }

  @Test
  void aSubscriberOverThePubsubOutputLimitIsClosed() {
    long[] pending = {0};
    ReplyRecorder rec = new ReplyRecorder();
    Client slow = t.core.newClient(slowConnection(rec, pending), ClientKind.NORMAL);
    t.core.process(slow, args("SUBSCRIBE", "a"));
    t.core.pubSub().setOutputLimit(1000, 100, 2);
    pending[0] = 150; // over soft: the clock starts
    assertThat(pub.call("PUBLISH", "a", "m")).isEqualTo(1L);
    assertThat(slow.isClosed()).isFalse();
    t.clock.advance(2500);
    t.core.cron();
    assertThat(slow.isClosed()).isTrue();

    Client fast = t.core.newClient(slowConnection(new ReplyRecorder(), pending), ClientKind.NORMAL);
    t.core.process(fast, args("SUBSCRIBE", "a"));
    pending[0] = 1000; // hard limit: at once
    pub.call("PUBLISH", "a", "m");
    assertThat(fast.isClosed()).isTrue();
    assertThat(pub.call("PUBSUB", "NUMSUB", "a")).isEqualTo(List.of("a", 0L));
  }

  private static byte[][] args(String... a) {
    byte[][] out = new byte[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].getBytes(StandardCharsets.UTF_8);
    }
    return out;
  }

  private static ClientConnection slowConnection(ReplyRecorder rec, long[] pending) {
    ClientConnection base = ClientConnection.detached(rec, "127.0.0.1:3");
    return new ClientConnection() {
      @Override
      public ReplySink sink() {
        return base.sink();
      }

      @Override
      public void setProtocol(int protocol) {
        base.setProtocol(protocol);
      }

      @Override
      public void flushSoon() {}

      @Override
      public void closeAfterReply() {}

      @Override
      public void close() {}

      @Override
      public void unblocked() {}

      @Override
      public String remoteAddress() {
        return "127.0.0.1:3";
      }

      @Override
      public String localAddress() {
        return "127.0.0.1:6379";
      }

      @Override
      public long pendingOutputBytes() {
        return pending[0];
      }
    };
  }
}
