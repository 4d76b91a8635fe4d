package io.replicheck.server.replication;

import io.replicheck.rdb.RdbEntry;
import io.replicheck.rdb.RdbReader;
import io.replicheck.rdb.RdbVisitor;
import io.replicheck.server.ServerContext;
import io.replicheck.server.ServerLog;
import io.replicheck.server.core.Client;
import io.replicheck.server.core.ClientKind;
import io.replicheck.server.core.Clock;
import io.replicheck.server.core.Keyspace;
import io.replicheck.server.core.ServerCore;
import io.replicheck.server.persist.RdbPersistence;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One server's replication, wired into the command core: the pure {@link ReplicationMaster} and
 * {@link ReplicaLink} with their I/O edges ({@link MasterLinkClient}, {@link FullSyncJob}, the
 * snapshot file a replica receives), the master client that applies the stream, WAIT, and INFO
 * replication. Everything runs on the command thread.
 */
public final class ReplicationNode implements MasterLinkClient.Events {
  private final ServerCore core;
  private final ServerLog serverLog;
  private final RdbPersistence persistence;
  private final ReplicationSettings settings;
  private final BugSwitch bugs;
  private final ReplicationIds ids = new ReplicationIds();
  private final ReplicationLogSink log;
  private final ReplicationMaster master;
  private final ReplicaLink link;
  private final FullSyncJob fullSync;
  private final MasterLinkClient masterLink;
  private final List<WaitBlocker> waiting = new ArrayList<>();
  private boolean getackScheduled;

  /** The client that applies the master's stream, while the link is up. */
  private Client masterClient;
  /** The snapshot being received from the master. */
  private Path receivingFile;
  private OutputStream receiving;
  private boolean flushBeforeLoad;
  private Map<String, String> lastLoadedAux = Map.of();

  ReplicationNode(
      ServerCore core, ServerContext context, ReplicationSettings settings, BugSwitch bugs) {
    this.core = core;
    this.serverLog = context.log();
    this.persistence = context.persistence();
    this.settings = settings;
    this.bugs = bugs;
    this.log =
        (level, message) -> {
          switch (level) {
            case VERBOSE -> serverLog.verbose(message);
            case NOTICE -> serverLog.notice(message);
            case WARNING -> serverLog.warning(message);
          }
        };
    Clock clock = core.clock();
    this.master = new ReplicationMaster(ids, settings, bugs, clock, log);
    this.link = new ReplicaLink(master, settings, bugs, clock, log, () -> core.config().port);
    this.fullSync = new FullSyncJob(core, master, settings, persistence, log, this::snapshotAux);
    this.masterLink = new MasterLinkClient(context.eventLoop(), this);
    persistence.setAuxSupplier(this::fileAux);
    persistence.setAuxListener(aux -> lastLoadedAux = aux);
  }

  public ReplicationMaster master() {
    return master;
  }

  public ReplicaLink link() {
    return link;
  }

  public ReplicationIds ids() {
    return ids;
  }

  public ReplicationSettings settings() {
    return settings;
  }

  public BugSwitch bugs() {
    return bugs;
  }

  ServerCore core() {
    return core;
  }

  /** Aux fields redis adds to every RDB it writes while it has replication history. */
  private Map<String, String> fileAux() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("repl-stream-db", Integer.toString(link.isReplica() ? link.db() : 0));
    m.put("repl-id", ids.replid());
    m.put("repl-offset", Long.toString(master.masterReplOffset()));
    return m;
  }

  /** Aux fields of a full-sync snapshot, taken in the step that sends +FULLRESYNC. */
  private Map<String, String> snapshotAux() {
    return persistence.aux();
  }

  // ---------------------------------------------------------------- propagation and cron

  /** Core propagator: a write applied here, to the backlog and the replicas. */
  void propagate(int db, byte[][] argv) {
    master.feed(db, Arrays.asList(argv));
  }

  /** Every 100 ms on the command thread. */
  void cron() {
    master.cron();
    execute(link.cron());
    fullSync.maybeStart();
    if (link.isReplica() && bugs.isOn(InjectedBug.REPLICA_EXPIRES_KEYS)) {
      // The bug: a replica that runs the master's active expiry on its own clock.
      core.setReplica(false);
      try {
        core.expiry().activeExpireCycle();
      } finally {
        core.setReplica(true);
      }
    }
  }

  void shutdown() {
    masterLink.close();
    fullSync.shutdown();
    closeReceiving();
  }

  // ---------------------------------------------------------------- master side

  /** What a connection told us with REPLCONF before PSYNC. */
  static final class Handshake {
    int listeningPort;
    String ip;
    boolean capaEof;
    boolean capaPsync2;
    boolean rdbOnly;
  }

  private final Map<Long, Handshake> handshakes = new LinkedHashMap<>();

  Handshake handshake(Client c) {
    Handshake h = handshakes.get(c.id());
    if (h == null) {
      h = new Handshake();
      handshakes.put(c.id(), h);
      long id = c.id();
      if (c.connection() instanceof io.replicheck.server.net.ClientHandler handler) {
        handler.channel().closeFuture().addListener(f -> core.executor().execute(() -> handshakes.remove(id)));
      }
    }
    return h;
  }

  /**
   * PSYNC/SYNC from client {@code c}: the connection becomes a replica stream. Returns an error
   * text to reply, or null when the connection was taken over.
   */
  String sync(Client c, String replid, long offset) {
    if (c.kind() == ClientKind.REPLICA) {
      return null; // Already a replica: ignore, as redis does.
    }
    if (link.isReplica() && link.state() != ReplicaLinkState.CONNECTED) {
      return "NOMASTERLINK Can't SYNC while not connected with my master";
    }
    if (!(c.connection() instanceof io.replicheck.server.net.ClientHandler handler)) {
      return "ERR SYNC needs a network connection";
    }
    Handshake h = handshakes.remove(c.id());
    if (h == null) {
      h = new Handshake();
    }
    String remote = c.connection().remoteAddress();
    String ip = h.ip != null ? h.ip : remote.substring(0, Math.max(0, remote.lastIndexOf(':')));
    c.setKind(ClientKind.REPLICA);
    NettyReplicaOutput out = new NettyReplicaOutput(handler);
    long id = c.id();
    handler.channel().closeFuture().addListener(f -> core.executor().execute(() -> master.replicaDisconnected(id)));
    PsyncDecision d =
        master.sync(
            new ReplicationMaster.ReplicaHandshake(
                id, ip, h.listeningPort, h.capaEof, h.capaPsync2, h.rdbOnly),
            replid,
            offset,
            out);
    if (d.isContinue()) {
      core.stats().syncPartialOk++;
    } else {
      core.stats().syncFull++;
      if (d.countsAsPartialError()) {
        core.stats().syncPartialErr++;
      }
      fullSync.maybeStart();
    }
    return null;
  }

  /** REPLCONF ACK from a replica. */
  void ack(Client c, long offset) {
    master.ack(c.id(), offset);
    checkWaiting();
  }

  // ---------------------------------------------------------------- WAIT

  /** WAIT: replies now, or blocks the client until enough replicas ACK or the timeout. */
  void waitFor(Client c, int numReplicas, long timeoutMillis, boolean inExec) {
    long target = master.masterReplOffset();
    int acked = master.countAcked(target);
    if (acked >= numReplicas || inExec) {
      c.reply().integer(acked);
      return;
    }
    long timeoutAt = timeoutMillis == 0 ? 0 : core.clock().currentTimeMillis() + timeoutMillis;
    WaitBlocker b = new WaitBlocker(timeoutAt, target, numReplicas, c, this);
    waiting.add(b);
    core.blocking().block(c, b);
    requestAcks();
  }

  int countAcked(long target) {
    return master.countAcked(target);
  }

  void waitEnded(WaitBlocker b) {
    waiting.remove(b);
  }

  private void checkWaiting() {
    for (WaitBlocker b : List.copyOf(waiting)) {
      int acked = master.countAcked(b.target());
      if (acked >= b.numReplicas() && b.client() != null) {
        b.client().reply().integer(acked);
        core.blocking().unblock(b.client());
      }
    }
  }

  /** Asks every replica for an ACK (REPLCONF GETACK in the stream), once per event-loop turn. */
  private void requestAcks() {
    if (getackScheduled || link.isReplica()) {
      return;
    }
    getackScheduled = true;
    core.executor()
        .execute(
            () -> {
              getackScheduled = false;
              master.feedStream(RespCommands.encode("REPLCONF", "GETACK", "*"));
            });
  }

  // ---------------------------------------------------------------- REPLICAOF

  /** REPLICAOF host port: returns the reply line (without the +). */
  String replicaOf(String host, int port, String who) {
    if (link.isReplica() && host.equalsIgnoreCase(link.masterHost()) && port == link.masterPort()) {
      log.log(ReplicationLogSink.Level.NOTICE, "REPLICAOF would result into synchronization with the master we are already connected with. No operation performed.");
      return "OK Already connected to specified master";
    }
    core.setReplica(true);
    unblockWaiters();
    copyAuthSettings();
    execute(link.replicaOf(host, port));
    log.log(
        ReplicationLogSink.Level.NOTICE,
        "REPLICAOF " + host + ":" + port + " enabled (user request from '" + who + "')");
    return "OK";
  }

  /**
   * The replicaof directive, once listening: when the dataset loaded at startup carries replication
   * info (repl-id, repl-offset, repl-stream-db), that history becomes the cached master, so a
   * restarted replica continues with PSYNC, as redis does.
   */
  void replicaOfAtStartup(String host, int port) {
    String id = lastLoadedAux.get("repl-id");
    long offset = parseLong(lastLoadedAux.get("repl-offset"), -1);
    int db = parseInt(lastLoadedAux.get("repl-stream-db"), 0);
    if (ReplicationIds.isValidId(id) && offset >= 0 && !link.isReplica()) {
      master.restoreHistory(id, offset);
      log.log(ReplicationLogSink.Level.NOTICE, "Restored replication ID " + id + " and offset " + offset + " from the RDB file");
    } else {
      db = 0;
    }
    core.setReplica(true);
    copyAuthSettings();
    execute(link.replicaOf(host, port, db));
    log.log(ReplicationLogSink.Level.NOTICE, "REPLICAOF " + host + ":" + port + " enabled (config file)");
  }

  private static long parseLong(String s, long dflt) {
    if (s == null) {
      return dflt;
    }
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  /** REPLICAOF NO ONE. */
  void replicaOfNoOne(String who) {
    if (!link.isReplica()) {
      return;
    }
    execute(link.replicaOfNoOne());
    core.setReplica(false);
    log.log(ReplicationLogSink.Level.NOTICE, "MASTER MODE enabled (user request from '" + who + "')");
  }

  private void unblockWaiters() {
    for (WaitBlocker b : List.copyOf(waiting)) {
      if (b.client() != null) {
        b.client().reply().error("UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)");
        core.blocking().unblock(b.client());
      }
    }
  }

  private void copyAuthSettings() {
    settings.masterauth(core.config().masterauth);
    settings.masteruser(core.config().masteruser);
  }

  // ---------------------------------------------------------------- the link's edge

  @Override
  public void connected(long linkId) {
    execute(link.connected(linkId));
  }

  @Override
  public void connectFailed(long linkId, String reason) {
    execute(link.connectFailed(linkId, reason));
  }

  @Override
  public void received(long linkId, byte[] bytes) {
    core.stats().netReplInputBytes += bytes.length;
    execute(link.received(linkId, bytes));
  }

  @Override
  public void disconnected(long linkId) {
    execute(link.disconnected(linkId));
  }

  /** Carries out what the link asks, in order. */
  void execute(List<LinkAction> actions) {
    for (LinkAction a : actions) {
      if (a instanceof LinkAction.Connect c) {
        copyAuthSettings();
        int timeout = (int) Math.min(Integer.MAX_VALUE, settings.replTimeoutSeconds() * 1000);
        masterLink.connect(c.host(), c.port(), c.linkId(), timeout);
      } else if (a instanceof LinkAction.Send s) {
        masterLink.send(s.bytes());
      } else if (a instanceof LinkAction.Close) {
        masterLink.close();
        dropMasterClient();
        closeReceiving();
      } else if (a instanceof LinkAction.BeginSnapshot) {
        beginReceiving();
      } else if (a instanceof LinkAction.SnapshotData d) {
        writeReceiving(d.bytes());
      } else if (a instanceof LinkAction.FlushDataset) {
        flushBeforeLoad = true;
      } else if (a instanceof LinkAction.LoadSnapshot) {
        loadReceived();
      } else if (a instanceof LinkAction.ApplyCommand ac) {
        apply(ac);
      }
    }
    if (link.state() != ReplicaLinkState.CONNECTED) {
      dropMasterClient();
    } else {
      ensureMasterClient();
    }
  }

  private void apply(LinkAction.ApplyCommand ac) {
    ensureMasterClient();
    if (!masterClient.inMulti() && masterClient.db() != ac.db()) {
      masterClient.selectDb(ac.db());
    }
    core.process(masterClient, ac.argv().toArray(new byte[0][]));
  }

  /** The master client exists while the link is up, as in redis (CLIENT LIST shows flags=M). */
  private void ensureMasterClient() {
    if (masterClient == null || masterClient.isClosed()) {
      String addr = link.masterHost() + ":" + link.masterPort();
      // Killing this client breaks the link; the link's close event then caches the master.
      masterClient = core.newClient(new MasterClientConnection(addr, masterLink::close), ClientKind.MASTER);
      masterClient.selectDb(link.db());
    }
  }

  private void dropMasterClient() {
    if (masterClient != null) {
      core.clientClosed(masterClient);
      masterClient = null;
    }
  }

  // ---------------------------------------------------------------- receiving a snapshot

  private void beginReceiving() {
    closeReceiving();
    flushBeforeLoad = false;
    try {
      receivingFile =
          core.config().dir.resolve("temp-" + ProcessHandle.current().pid() + "." + link.linkId() + ".rdb");
      receiving = new BufferedOutputStream(Files.newOutputStream(receivingFile), 1 << 16);
    } catch (IOException e) {
      log.log(
          ReplicationLogSink.Level.WARNING,
          "Opening the temp file needed for MASTER <-> REPLICA synchronization: " + e.getMessage());
      receiving = null;
    }
  }

  private void writeReceiving(byte[] bytes) {
    if (receiving == null) {
      return;
    }
    try {
      receiving.write(bytes);
    } catch (IOException e) {
      log.log(
          ReplicationLogSink.Level.WARNING,
          "Write error or short write writing to the DB dump file needed for MASTER <-> REPLICA"
              + " synchronization: " + e.getMessage());
      closeReceiving();
    }
  }

  private void closeReceiving() {
    if (receiving != null) {
      try {
        receiving.close();
      } catch (IOException ignored) {
        // Dropped anyway.
      }
      receiving = null;
    }
    if (receivingFile != null) {
      try {
        Files.deleteIfExists(receivingFile);
      } catch (IOException ignored) {
        // Best effort.
      }
      receivingFile = null;
    }
  }

  /** Flushes (unless the bug is on) and loads the received snapshot, as the master's dump. */
  private void loadReceived() {
    long linkId = link.linkId();
    if (receiving == null) {
      execute(link.loadFailed(linkId, "no snapshot file"));
      return;
    }
    Path target = persistence.file();
    try {
      receiving.close();
      receiving = null;
      Files.move(receivingFile, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      receivingFile = null;
      lastLoadedAux = Map.of();
      if (flushBeforeLoad) {
        Keyspace loaded = persistence.load(target);
        // Swapping the loaded keyspace in replaces every db: flush and load in one step.
        core.swapInKeyspace(loaded);
      } else {
        loadOnTop(target);
      }
    } catch (IOException | RuntimeException e) {
      closeReceiving();
      if (flushBeforeLoad && settings.replDisklessLoad() != ReplicationSettings.DisklessLoad.SWAPDB) {
        core.flushAllDbs();
      }
      execute(link.loadFailed(linkId, String.valueOf(e.getMessage())));
      return;
    }
    int streamDb = parseInt(lastLoadedAux.get("repl-stream-db"), -1);
    execute(link.snapshotLoaded(linkId, streamDb));
  }

  /** The no-flush-before-load bug: the snapshot's keys are added to the live dataset. */
  private void loadOnTop(Path file) throws IOException {
    Map<String, String> aux = new LinkedHashMap<>();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      RdbReader.read(
          in,
          new RdbVisitor() {
            @Override
            public void aux(String key, String value) {
              aux.put(key, value);
            }

            @Override
            public void entry(RdbEntry e) {
              core.keyspace().load(e, core.config().limits);
            }
          });
    }
    lastLoadedAux = aux;
  }

  private static int parseInt(String s, int dflt) {
    if (s == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  // ---------------------------------------------------------------- INFO and ROLE

  /** INFO replication, field for field as redis 7.0 prints it. */
  void info(StringBuilder sb) {
    long now = core.clock().currentTimeMillis();
    if (!link.isReplica()) {
      sb.append("role:master\r\n");
    } else {
      boolean up = link.state() == ReplicaLinkState.CONNECTED;
      sb.append("role:slave\r\n");
      sb.append("master_host:").append(link.masterHost()).append("\r\n");
      sb.append("master_port:").append(link.masterPort()).append("\r\n");
      sb.append("master_link_status:").append(up ? "up" : "down").append("\r\n");
      sb.append("master_last_io_seconds_ago:").append(up ? link.lastIoMillisAgo() / 1000 : -1).append("\r\n");
      sb.append("master_sync_in_progress:").append(link.state() == ReplicaLinkState.TRANSFER ? 1 : 0).append("\r\n");
      sb.append("slave_read_repl_offset:").append(link.readReplOffset()).append("\r\n");
      sb.append("slave_repl_offset:").append(link.replOffset()).append("\r\n");
      if (link.state() == ReplicaLinkState.TRANSFER) {
        long total = link.transferSize();
        long read = link.transferRead();
        sb.append("master_sync_total_bytes:").append(total).append("\r\n");
        sb.append("master_sync_read_bytes:").append(read).append("\r\n");
        sb.append("master_sync_left_bytes:").append(total < 0 ? -1 : total - read).append("\r\n");
        double perc = total > 0 ? 100.0 * read / total : 0;
        sb.append("master_sync_perc:").append(String.format(Locale.ROOT, "%.2f", perc)).append("\r\n");
        sb.append("master_sync_last_io_seconds_ago:").append(link.lastIoMillisAgo() / 1000).append("\r\n");
      }
      if (!up) {
        long since = link.linkDownSinceMillis();
        sb.append("master_link_down_since_seconds:")
            .append(since == 0 ? -1 : (now - since) / 1000)
            .append("\r\n");
      }
      sb.append("slave_priority:").append(settings.replicaPriority()).append("\r\n");
      sb.append("slave_read_only:").append(core.config().replicaReadOnly ? 1 : 0).append("\r\n");
      sb.append("replica_announced:").append(settings.replicaAnnounced() ? 1 : 0).append("\r\n");
    }
    StringBuilder lines = new StringBuilder();
    master.appendReplicaLines(lines);
    String l = lines.toString();
    int firstEnd = l.indexOf("\r\n") + 2;
    sb.append(l, 0, firstEnd);
    if (settings.minReplicasToWrite() > 0 && settings.minReplicasMaxLagSeconds() > 0) {
      sb.append("min_slaves_good_slaves:").append(master.goodReplicas()).append("\r\n");
    }
    sb.append(l.substring(firstEnd));
    master.appendOffsetLines(sb);
  }

  /** ROLE's reply. */
  void role(io.replicheck.server.resp.ReplySink r) {
    if (!link.isReplica()) {
      List<ReplicaClient> online = new ArrayList<>();
      for (ReplicaClient rc : master.replicas()) {
        if (rc.state() == ReplicaClientState.ONLINE) {
          online.add(rc);
        }
      }
      r.arrayHeader(3);
      r.bulk("master");
      r.integer(master.masterReplOffset());
      r.arrayHeader(online.size());
      for (ReplicaClient rc : online) {
        r.arrayHeader(3);
        r.bulk(rc.ip());
        r.bulk(Integer.toString(rc.listeningPort()));
        r.bulk(Long.toString(rc.ackOffset()));
      }
      return;
    }
    r.arrayHeader(5);
    r.bulk("slave");
    r.bulk(link.masterHost());
    r.integer(link.masterPort());
    r.bulk(link.state().roleName());
    r.integer(link.state() == ReplicaLinkState.CONNECTED ? link.replOffset() : -1);
  }

  /** Commands refused by replication state: min-replicas-to-write, replica-serve-stale-data. */
  String gate(Client c, boolean isWrite, boolean allowedWhenStale) {
    if (c.kind() == ClientKind.MASTER) {
      return null;
    }
    if (isWrite && !link.isReplica() && master.writesRefused()) {
      return "NOREPLICAS Not enough good replicas to write.";
    }
    if (link.isReplica()
        && link.state() != ReplicaLinkState.CONNECTED
        && !settings.replicaServeStaleData()
        && !allowedWhenStale) {
      return "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.";
    }
    return null;
  }

  String describe(Client c) {
    return "id=" + c.id() + " addr=" + c.connection().remoteAddress() + " laddr=" + c.connection().localAddress();
  }
}
