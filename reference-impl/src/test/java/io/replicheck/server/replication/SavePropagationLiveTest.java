package io.replicheck.server.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicheck.server.ReferenceServer;
import io.replicheck.server.TestServers;
import io.replicheck.testkit.RespClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SAVE (and SHUTDOWN SAVE) reset the master's count of changes, which is not a change: nothing is
 * propagated (redis's call() clamps a negative dirty delta to 0). Propagated, a persisting restart
 * of the master put {@code SHUTDOWN SAVE} in its backlog, and a replica that continued from it
 * during the master's exit shut itself down (found by the default exploration of the reference
 * server: a master restart in a mix, P9).
 */
class SavePropagationLiveTest {
  @TempDir Path dir;

  @Test
  void aSaveOnTheMasterSendsNothingToItsReplicas() throws Exception {
    try (ReferenceServer master = TestServers.startNode(dir, "master");
        RespClient m = RespClient.connect(master.port());
        ReferenceServer replica =
            TestServers.startNode(
                dir, "replica", "--replicaof", "127.0.0.1", Integer.toString(master.port()));
        RespClient r = RespClient.connect(replica.port())) {
      m.call("SET", "k", "v");
      long before = level(m, r);
      assertThat(m.call("SAVE")).isEqualTo("OK");
      assertThat(level(m, r)).isEqualTo(before);
      assertThat(r.call("PING")).isEqualTo("PONG");

      // the catalogue's switch: SAVE goes down the stream (14 bytes: *1 $4 SAVE)
      m.call("CONFIG", "SET", "inject-bug", "propagate-save");
      m.call("SET", "k", "w");
      long changed = level(m, r);
      m.call("SAVE");
      assertThat(level(m, r)).isEqualTo(changed + "*1\r\n$4\r\nSAVE\r\n".length());
    }
  }

  /**
   * Once SHUTDOWN has run, the server accepts no connection while its process exits: a replica that
   * reconnected in that window was told to continue by a master going away.
   */
  @Test
  void aServerThatShutsDownAcceptsNoMoreConnections() throws Exception {
    try (ReferenceServer s = TestServers.startNode(dir, "node");
        RespClient c = RespClient.connect(s.port())) {
      assertThat(c.call("PING")).isEqualTo("PONG");
      try {
        c.call("SHUTDOWN", "NOSAVE");
      } catch (java.io.IOException expected) {
        // the connection closes without a reply, as redis's does
      }
      assertThatThrownBy(() -> RespClient.connect(s.port()).call("PING"))
          .isInstanceOf(java.io.IOException.class);
    }
    // the catalogue's switch brings the old exit back: still served until the process ends
    try (ReferenceServer s = TestServers.startNode(dir, "buggy", "--inject-bug", "propagate-save");
        RespClient c = RespClient.connect(s.port())) {
      try {
        c.call("SHUTDOWN", "NOSAVE");
      } catch (java.io.IOException expected) {
        // as above
      }
      try (RespClient late = RespClient.connect(s.port())) {
        assertThat(late.call("PING")).isEqualTo("PONG");
      }
    }
  }

  /**
   * The master's offset once the replica's link is up and the replica has every byte (bounded: 10
   * s).
   */
  private static long level(RespClient m, RespClient r) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      long master = Long.parseLong(m.info("master_repl_offset"));
      String replica = r.info("slave_repl_offset");
      if ("up".equals(r.info("master_link_status"))
          && replica != null
          && Long.parseLong(replica) == master) return master;
      if (System.nanoTime() > deadline)
        throw new AssertionError("replica not level with the master within 10 s");
      Thread.sleep(20);
    }
  }
}
