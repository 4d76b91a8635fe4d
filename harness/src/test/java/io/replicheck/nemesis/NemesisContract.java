package io.replicheck.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.replicheck.client.AdminClient;
import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Node;
import io.replicheck.cluster.ProcessCluster;
import io.replicheck.cluster.ServerBinary;
import io.replicheck.cluster.Topology;
import io.replicheck.runner.ChaosProxy;
import io.replicheck.runner.EmbeddedChaosProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Each nemesis shows its effect on a real cluster (master + 2 replicas behind the embedded chaos
 * proxy) and the cluster recovers after heal. Subclasses choose the server binary, so the same
 * contract holds for redis-server and for the reference server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NemesisContract {

  private static final Duration BOUND = Duration.ofSeconds(40);

  private ChaosProxy proxy;
  private ProcessCluster cluster;
  private Deployment d;
  private ActiveFault fault;
  private int exitsBefore;

  abstract ServerBinary binary();

  @BeforeAll
  void startCluster() throws IOException {
    Path dir = Files.createTempDirectory("replicheck-nemesis-it-");
    proxy = EmbeddedChaosProxy.start(7);
    cluster =
        new ProcessCluster(
            binary(),
            dir,
            3,
            List.of(
                "--repl-timeout",
                "4",
                "--repl-ping-replica-period",
                "1",
                "--repl-diskless-sync-delay",
                "0"));
    d =
        new Deployment(
            cluster, new ToxiproxyClient(proxy.host(), proxy.port()), Topology.parse("star"));
    d.start(BOUND);
  }

  @AfterAll
  void stopCluster() {
    try {
      if (cluster != null) cluster.close();
    } finally {
      if (proxy != null) proxy.close();
    }
  }

  @BeforeEach
  void linksUp() {
    d.awaitLinksUp(BOUND);
    exitsBefore = cluster.unexpectedExits().size();
  }

  /**
   * Heals whatever a failed test left behind, so the next one starts from a healthy cluster: the
   * fault, then any node whose process ended on its own (that test fails on it; the rest do not
   * fail after it for want of a node).
   */
  @AfterEach
  void heal() throws Exception {
    try {
      if (fault != null) {
        ActiveFault f = fault;
        fault = null;
        f.heal();
      }
    } finally {
      for (Node n : cluster.nodes()) if (!cluster.isRunning(n)) cluster.start(n);
    }
    // no fault may crash a node (P9): the exit's signal and log say what happened
    assertThat(cluster.unexpectedExits().stream().skip(exitsBefore).map(this::describe).toList())
        .as("node processes that ended on their own during this test")
        .isEmpty();
    d.awaitLinksUp(BOUND);
  }

  private String describe(io.replicheck.cluster.NodeExit e) {
    return e.node() + " " + e.how() + " at " + e.at() + ":\n" + e.logTail();
  }

  private ActiveFault start(String nemesis) throws Exception {
    fault = Nemesis.named(nemesis).start(d, new Random(1));
    return fault;
  }

  private void healNow() throws Exception {
    ActiveFault f = fault;
    fault = null;
    f.heal();
    d.awaitLinksUp(BOUND);
  }

  /** The replica a fault's description names (descriptions name nodes as nK). */
  private Node target(ActiveFault f) {
    Matcher m = Pattern.compile("\\b(n\\d+)\\b").matcher(f.description());
    Node chosen = null;
    while (m.find()) {
      for (Node n : d.replicas()) if (n.name().equals(m.group(1))) chosen = n;
    }
    assertThat(chosen).as("a replica named in '%s'", f.description()).isNotNull();
    return chosen;
  }

  private static Map<String, String> info(Node n, String section) throws IOException {
    try (AdminClient c = Deployment.admin(n)) {
      return c.info(section);
    }
  }

  private static String linkStatus(Node replica) throws IOException {
    return info(replica, "replication").get("master_link_status");
  }

  private long resyncs() throws IOException {
    Map<String, String> stats = info(d.master(), "stats");
    return Long.parseLong(stats.get("sync_full")) + Long.parseLong(stats.get("sync_partial_ok"));
  }

  private long fullSyncs() throws IOException {
    return Long.parseLong(info(d.master(), "stats").get("sync_full"));
  }

  private void set(String key, String value) throws IOException {
    try (AdminClient c = Deployment.admin(d.master())) {
      assertThat(c.callText("SET", key, value)).isEqualTo("OK");
    }
  }

  private static String get(Node n, String key) throws IOException {
    try (AdminClient c = Deployment.admin(n)) {
      return AdminClient.text(c.call("GET", key));
    }
  }

  private void writeBulk(String prefix, int count, int size) throws IOException {
    String value = "x".repeat(size);
    try (AdminClient c = Deployment.admin(d.master())) {
      for (int i = 0; i < count; i++) c.send("SET", prefix + i, value);
      for (int i = 0; i < count; i++) c.read();
    }
  }

  @Test
  void partitionTakesTheLinkDownAndHealBringsItBack() throws Exception {
    ActiveFault f = start("partition");
    Node replica = target(f);
    await().atMost(BOUND).untilAsserted(() -> assertThat(linkStatus(replica)).isEqualTo("down"));
    set("p", "during");
    Thread.sleep(500);
    assertThat(get(replica, "p")).isNotEqualTo("during");
    healNow();
    await().atMost(BOUND).untilAsserted(() -> assertThat(get(replica, "p")).isEqualTo("during"));
    // the expiry probe: its TTL passed on the replica's clock while cut off, but the master
    // persisted the key, so the replica (which never expires keys on its own) keeps it
    Matcher probe = Pattern.compile("expiry probe (\\S+)\\)").matcher(f.description());
    assertThat(probe.find()).as(f.description()).isTrue();
    try (AdminClient m = Deployment.admin(d.master());
        AdminClient r = Deployment.admin(replica)) {
      m.callText("SELECT", ExpiryProbe.DB);
      r.callText("SELECT", ExpiryProbe.DB);
      assertThat(m.call("PTTL", probe.group(1))).isEqualTo(-1L);
      await()
          .atMost(BOUND)
          .untilAsserted(() -> assertThat(r.call("PTTL", probe.group(1))).isEqualTo(-1L));
    }
  }

  @Test
  void partitionClientsRefusesClientConnections() throws Exception {
    start("partition-clients");
    Deployment.HostPort clients = d.clientAddress();
    assertThatThrownBy(
            () -> {
              try (AdminClient c =
                  AdminClient.connect(clients.host(), clients.port(), Duration.ofSeconds(2))) {
                c.call("PING");
              }
            })
        .isInstanceOf(IOException.class);
    healNow();
    try (AdminClient c =
        AdminClient.connect(clients.host(), clients.port(), Duration.ofSeconds(2))) {
      assertThat(c.callText("PING")).isEqualTo("PONG");
    }
  }

  @Test
  void oneWayDropsTheMastersStreamUntilHealed() throws Exception {
    ActiveFault f = start("one-way");
    Node replica = target(f);
    set("ow", "during");
    Thread.sleep(1000);
    assertThat(get(replica, "ow")).isNotEqualTo("during");
    healNow();
    await().atMost(BOUND).untilAsserted(() -> assertThat(get(replica, "ow")).isEqualTo("during"));
  }

  @Test
  void blackholeIsNoticedOnlyByReplTimeout() throws Exception {
    ActiveFault f = start("blackhole");
    Node replica = target(f);
    // No connection error tells either end: the link goes down when repl-timeout expires on one of
    // them, and that end's log says so (whenever the loaded machine gets there).
    await().atMost(BOUND).untilAsserted(() -> assertThat(linkStatus(replica)).isEqualTo("down"));
    await()
        .atMost(BOUND)
        .untilAsserted(
            () ->
                assertThat(
                        Files.readString(replica.logFile())
                            + Files.readString(d.master().logFile()))
                    .containsAnyOf(
                        "MASTER timeout: no data nor PING received",
                        "Disconnecting timedout replica"));
    healNow();
    await().atMost(BOUND).untilAsserted(() -> assertThat(linkStatus(replica)).isEqualTo("up"));
  }

  @Test
  void latencyDelaysReplicationByAtLeastTheConfiguredTime() throws Exception {
    ActiveFault f = start("latency");
    Node replica = target(f);
    long ms = Long.parseLong(f.description().replaceAll(".*latency (\\d+)ms.*", "$1"));
    long started = System.nanoTime();
    set("lat", "v" + started);
    await()
        .atMost(BOUND)
        .pollInterval(Duration.ofMillis(5))
        .untilAsserted(() -> assertThat(get(replica, "lat")).isEqualTo("v" + started));
    // jitter is +-ms/2, so the delay is at least half the configured latency
    assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(ms / 2);
  }

  @Test
  void bandwidthSlowsAFullSyncSizedTransfer() throws Exception {
    ActiveFault f = start("bandwidth");
    Node replica = target(f);
    long kbps = Long.parseLong(f.description().replaceAll(".*bandwidth (\\d+)KB/s.*", "$1"));
    long started = System.nanoTime();
    writeBulk("bw", 64, 4096); // 256 KB
    set("bw-done", "yes");
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(() -> assertThat(get(replica, "bw-done")).isEqualTo("yes"));
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    assertThat(seconds).as("256 KB at %d KB/s", kbps).isGreaterThanOrEqualTo(256 / kbps / 2);
  }

  @Test
  void slicerStillDeliversEveryByte() throws Exception {
    ActiveFault f = start("slicer");
    Node replica = target(f);
    writeBulk("sl", 20, 1000);
    set("sl-done", "yes");
    await().atMost(BOUND).untilAsserted(() -> assertThat(get(replica, "sl-done")).isEqualTo("yes"));
    assertThat(get(replica, "sl19")).hasSize(1000);
  }

  @Test
  void resetPeerCutsTheLinkUntilHealed() throws Exception {
    // every connection is reset after its first data, so the handshake cannot complete either
    ActiveFault f = start("reset-peer");
    Node replica = target(f);
    await().atMost(BOUND).untilAsserted(() -> assertThat(linkStatus(replica)).isEqualTo("down"));
    healNow();
  }

  @Test
  void limitDataEndsEachConnectionAfterItsBytes() throws Exception {
    ActiveFault f = start("limit-data");
    Node replica = target(f);
    long bytes = Long.parseLong(f.description().replaceAll(".*limit_data (\\d+) B.*", "$1"));
    long before = resyncs();
    // more than the limit down the link: the connection ends, and the replica asks again (a PSYNC
    // the master serves) or, with a limit inside the handshake, stays down
    writeBulk("ld", (int) (bytes / 1000) + 64, 1000);
    await()
        .atMost(BOUND)
        .untilAsserted(
            () ->
                assertThat(resyncs() > before || "down".equals(linkStatus(replica)))
                    .as("%s: a resync or the link down", f.description())
                    .isTrue());
    healNow();
    set("ld-done", "yes");
    await().atMost(BOUND).untilAsserted(() -> assertThat(get(replica, "ld-done")).isEqualTo("yes"));
  }

  @Test
  void killStopsTheProcessAndHealRestartsIt() throws Exception {
    ActiveFault f = start("kill");
    Node replica = target(f);
    assertThat(cluster.isRunning(replica)).isFalse();
    healNow();
    assertThat(cluster.isRunning(replica)).isTrue();
  }

  @Test
  void pauseFreezesTheProcess() throws Exception {
    ActiveFault f = start("pause");
    Node replica = target(f);
    // a stopped process answers nothing: every PING from now on times out (awaited, not assumed
    // at once: a loaded machine may take a moment to stop every thread)
    await()
        .atMost(BOUND)
        .untilAsserted(
            () ->
                assertThatThrownBy(
                        () -> {
                          try (AdminClient c =
                              AdminClient.connect(
                                  replica.host(), replica.port(), Duration.ofSeconds(1))) {
                            c.call("PING");
                          }
                        })
                    .isInstanceOf(IOException.class));
    healNow();
    // The master may have timed the frozen replica out: it reconnects, in its own time.
    await().atMost(BOUND).untilAsserted(() -> assertThat(linkStatus(replica)).isEqualTo("up"));
  }

  @Test
  void restartStopsGracefullyAndStartsAgain() throws Exception {
    ActiveFault f = start("restart");
    Node replica = target(f);
    assertThat(cluster.isRunning(replica)).isFalse();
    healNow();
    assertThat(cluster.isRunning(replica)).isTrue();
    await().atMost(BOUND).untilAsserted(() -> assertThat(linkStatus(replica)).isEqualTo("up"));
  }

  @Test
  void aMasterRestartPersistsAndItsReplicasContinue() throws Exception {
    set("mr", "before");
    Node master = d.master();
    long offset = Long.parseLong(info(master, "replication").get("master_repl_offset"));
    String replid = info(master, "replication").get("master_replid");
    fault = Nemesis.named("restart").start(d, new Random(1), io.replicheck.cluster.Role.MASTER);
    assertThat(fault.description()).startsWith("restart " + master.name() + " (master)");
    assertThat(cluster.isRunning(master)).isFalse();
    healNow();
    Map<String, String> after = info(master, "replication");
    // since redis 7.0 the history goes on: the same replid (or the old one kept as replid2)
    assertThat(List.of(after.get("master_replid"), after.get("master_replid2"))).contains(replid);
    assertThat(Long.parseLong(after.get("master_repl_offset"))).isGreaterThanOrEqualTo(offset);
    try (AdminClient c = Deployment.admin(master)) {
      assertThat(AdminClient.text(c.call("GET", "mr"))).isEqualTo("before");
    }
    // the restarted master's counters start at 0: both replicas continued, none full synced
    await()
        .atMost(BOUND)
        .untilAsserted(
            () ->
                assertThat(Long.parseLong(info(master, "stats").get("sync_partial_ok")))
                    .isGreaterThanOrEqualTo(2));
    assertThat(info(master, "stats").get("sync_full")).isEqualTo("0");
  }

  @Test
  void clientPauseStallsWrites() throws Exception {
    start("client-pause");
    Deployment.HostPort clients = d.clientAddress();
    try (AdminClient c =
        AdminClient.connect(clients.host(), clients.port(), Duration.ofMillis(300))) {
      assertThatThrownBy(() -> c.call("SET", "cp", "1")).isInstanceOf(IOException.class);
    }
    healNow();
    set("cp", "2");
  }

  @Test
  void failoverPromotesAReplicaAndRepointsEveryone() throws Exception {
    Node old = d.master();
    start("failover");
    Node promoted = d.master();
    assertThat(promoted).isNotSameAs(old);
    assertThat(info(promoted, "replication").get("role")).isEqualTo("master");
    healNow();
    for (Node n : d.replicas()) {
      assertThat(info(n, "replication").get("role")).isEqualTo("slave");
    }
    set("fo", "after");
    for (Node n : d.replicas()) {
      await().atMost(BOUND).untilAsserted(() -> assertThat(get(n, "fo")).isEqualTo("after"));
    }
  }

  /**
   * Explore seed 1003's false alarm: with {@code min-replicas-to-write 1} on the master, the
   * failover's split-brain write on the demoted master is refused (NOREPLICAS: its replicas are
   * gone), which aborted the failover before the old master rejoined; it stayed a master on its own
   * and P5 blamed the server ("n1 link down"). Now the refusal means no split brain, and the old
   * master rejoins whatever the step before it did.
   */
  @Test
  void failoverOfAMasterThatRefusesTheSplitBrainWriteStillRepointsIt() throws Exception {
    Node old = d.master();
    try (AdminClient c = Deployment.admin(old)) {
      c.callText("CONFIG", "SET", "min-replicas-to-write", "1");
    }
    try {
      fault = Nemesis.named("failover").start(d, splitBrainDrawn(d.replicas().size()));
      assertThat(fault.description()).contains("split-brain write refused");
      assertThat(d.master()).isNotSameAs(old);
      healNow();
      assertThat(d.replicas()).contains(old);
      for (Node n : d.replicas()) {
        assertThat(info(n, "replication").get("role")).isEqualTo("slave");
      }
      set("fo-refused", "after");
      for (Node n : d.replicas()) {
        await()
            .atMost(BOUND)
            .untilAsserted(() -> assertThat(get(n, "fo-refused")).isEqualTo("after"));
      }
    } finally {
      try (AdminClient c = Deployment.admin(old)) {
        c.callText("CONFIG", "SET", "min-replicas-to-write", "0");
      }
    }
  }

  /**
   * A random whose draws, in the failover's order (candidate, held replica, split brain), choose a
   * split brain; the description's "refused" shows the draw did.
   */
  private static Random splitBrainDrawn(int directReplicas) {
    for (long seed = 0; ; seed++) {
      Random r = new Random(seed);
      r.nextInt(directReplicas);
      r.nextInt(directReplicas);
      if (r.nextInt(3) > 0) return new Random(seed);
    }
  }

  @Test
  void backlogShrinkForcesAFullResync() throws Exception {
    ActiveFault f = start("backlog-shrink");
    Node replica = target(f);
    await().atMost(BOUND).untilAsserted(() -> assertThat(linkStatus(replica)).isEqualTo("down"));
    long before = fullSyncs();
    writeBulk("bs", 64, 1024); // 64 KB, four times the shrunk backlog
    healNow();
    assertThat(fullSyncs()).isGreaterThan(before);
    assertThat(get(replica, "bs63")).hasSize(1024);
  }

  private String keySaveDelay() throws IOException {
    try (AdminClient c = Deployment.admin(d.master())) {
      return AdminClient.text(((List<?>) c.call("CONFIG", "GET", "rdb-key-save-delay")).get(1));
    }
  }

  @Test
  void divergeFullSyncsTheStrayReplicaWhichLosesItsWriteAndGetsTheWritesMadeDuringTheSnapshot()
      throws Exception {
    long before = fullSyncs();
    ActiveFault f = start("diverge");
    Node replica = target(f);
    assertThat(f.description()).doesNotContain("not slowed");
    assertThat(keySaveDelay()).isNotEqualTo("0");
    set("dv-during", "written while the snapshot is slowed");
    await().atMost(BOUND).untilAsserted(() -> assertThat(fullSyncs()).isGreaterThan(before));
    await()
        .atMost(BOUND)
        .untilAsserted(
            () ->
                assertThat(get(replica, "dv-during"))
                    .isEqualTo("written while the snapshot is slowed"));
    assertThat(get(replica, DivergeNemesis.STRAY_KEY)).isNull();
    assertThat(get(d.master(), DivergeNemesis.STRAY_KEY)).isNull();
    healNow();
    assertThat(keySaveDelay()).isEqualTo("0");
  }

  /**
   * How often the master's log says it dropped a client for its output buffer (redis's own line).
   */
  private long outputBufferDrops() throws IOException {
    try (var lines =
        Files.lines(d.master().logFile(), java.nio.charset.StandardCharsets.ISO_8859_1)) {
      return lines
          .filter(
              l -> l.contains("scheduled to be closed ASAP for overcoming of output buffer limits"))
          .count();
    }
  }

  @Test
  void outputBufferOverflowDropsTheReplica() throws Exception {
    long before = outputBufferDrops();
    start("output-buffer");
    writeBulk("ob", 64, 4096); // the workload goes on; the nemesis itself wrote 16 MB of filler
    await()
        .atMost(BOUND)
        .untilAsserted(() -> assertThat(outputBufferDrops()).isGreaterThan(before));
    healNow(); // and the replica resyncs: heal waits until every link is up again
  }
}
