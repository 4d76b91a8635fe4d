package io.replicheck.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.checker.Verdict;
import io.replicheck.client.AdminClient;
import io.replicheck.cluster.Node;
import io.replicheck.invariant.InvariantResult;
import io.replicheck.server.ReferenceServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FS5's reads of a db larger than {@link FullStateReads#MAX_KEYS}: every node reads the master's
 * keys by name, so a drawn preload of 22,756 or 76,819 keys no longer makes two truncated scans
 * (each in its own hash table's order) differ everywhere, and a key a replica lacks still shows.
 */
class FullStateReadsTest {
  private static final int KEYS = FullStateReads.MAX_KEYS + 5_000;

  @TempDir Path dir;
  private ReferenceServer master;
  private ReferenceServer replica;

  @BeforeEach
  void start() throws Exception {
    master = server("m");
    replica = server("r");
    for (ReferenceServer s : List.of(master, replica)) {
      try (AdminClient c = admin(s)) {
        c.callText("DEBUG", "POPULATE", Integer.toString(KEYS), "preload");
      }
    }
  }

  private ReferenceServer server(String name) throws Exception {
    Path d = dir.resolve(name);
    java.nio.file.Files.createDirectories(d);
    return ReferenceServer.start(
        false, "--port", "0", "--bind", "127.0.0.1", "--save", "", "--dir", d.toString());
  }

  private static AdminClient admin(ReferenceServer s) throws Exception {
    return AdminClient.connect("127.0.0.1", s.port(), Duration.ofSeconds(30));
  }

  @AfterEach
  void stop() {
    master.close();
    replica.close();
  }

  private InvariantResult compare() throws Exception {
    Node m = new Node("n1", "127.0.0.1", master.port(), dir.resolve("m"));
    Node r = new Node("n2", "127.0.0.1", replica.port(), dir.resolve("r"));
    return FullStateReads.compare(m, List.of(m, r), "");
  }

  @Test
  void aLargeDbIsComparedByTheMastersKeysAndSaysSo() throws Exception {
    InvariantResult fs5 = compare();
    assertThat(fs5.verdict()).isEqualTo(Verdict.VALID);
    // SCAN stops at the first page past MAX_KEYS: a few more than it
    assertThat(fs5.reason())
        .containsPattern(
            "compared by the master's first keys \\(db0: 200\\d\\d of " + KEYS + " keys");
  }

  @Test
  void aKeyTheReplicaLacksAmongThemIsADifference() throws Exception {
    String lost;
    try (AdminClient c = admin(master)) {
      List<?> page = (List<?>) c.call("SCAN", "0", "COUNT", "10");
      lost = AdminClient.text(((List<?>) page.get(1)).get(0));
    }
    try (AdminClient c = admin(replica)) {
      assertThat(c.call("DEL", lost)).isEqualTo(1L);
    }
    InvariantResult fs5 = compare();
    assertThat(fs5.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(fs5.reason()).startsWith("1 difference(s); first: n2 db0 key " + lost + ": ");
  }
}
