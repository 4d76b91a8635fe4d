package io.replicheck.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.server.ReferenceServer;
import io.replicheck.server.TestServers;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client-side caching on a real socket: the invalidation messages redis-server 7.0.15 sends for the
 * same scenarios (recorded from it; TrackingInteropIT compares the two servers byte for byte).
 */
class TrackingLiveTest {
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
  void invalidationsAsRedisSendsThem() throws Exception {
    String t = TrackingTranscript.run(server.port());
    // RESP2 redirect: a pub/sub message on __redis__:invalidate per modified key, null on flush.
    assertThat(t)
        .contains(
            "> c2 SET k1 x\n  c2: +OK\\r\\n\n  c0:"
                + " *3\\r\\n$7\\r\\nmessage\\r\\n$20\\r\\n__redis__:invalidate\\r\\n*1\\r\\n$2\\r\\nk1\\r\\n\n")
        .contains(
            "> c2 FLUSHALL\n  c2: +OK\\r\\n\n  c0:"
                + " *3\\r\\n$7\\r\\nmessage\\r\\n$20\\r\\n__redis__:invalidate\\r\\n$-1\\r\\n\n")
        // RESP3 on itself: the reply first, then the push.
        .contains(
            "> c0 SET z 1\n  c0: +OK\\r\\n>2\\r\\n$10\\r\\ninvalidate\\r\\n*1\\r\\n$1\\r\\nz\\r\\n\n")
        .contains("> c0 FLUSHDB\n  c0: +OK\\r\\n>2\\r\\n$10\\r\\ninvalidate\\r\\n_\\r\\n\n")
        // An untracked key's write sends nothing; OPTIN reads count only after CACHING yes.
        .contains("> c1 DEL nosuchkey\n  c1: :0\\r\\n\n> ")
        .contains("> c1 SET o 1\n  c1: +OK\\r\\n\n> ")
        // BCAST with NOLOOP: keys under the prefixes, in order, not its own writes.
        .contains(
            "> c1 MSET obj:2 b user:0 c\n  c1: +OK\\r\\n\n  c0:"
                + " >2\\r\\n$10\\r\\ninvalidate\\r\\n*1\\r\\n$5\\r\\nobj:2\\r\\n"
                + ">2\\r\\n$10\\r\\ninvalidate\\r\\n*1\\r\\n$6\\r\\nuser:0\\r\\n\n")
        .contains("> c0 SET user:2 own\n  c0: +OK\\r\\n\n> ")
        // A key expiring on access is invalidated too.
        .contains(
            "> c1 GET user:e\n  c1: $-1\\r\\n\n  c0:"
                + " >2\\r\\n$10\\r\\ninvalidate\\r\\n*1\\r\\n$6\\r\\nuser:e\\r\\n\n")
        // The redirect client went away: RESP3 is told, TRACKINGINFO says so.
        .contains("tracking-redir-broken")
        .contains("broken_redirect");
  }
}
