package io.replicheck.server.replication;

import io.replicheck.server.ServerContext;
import io.replicheck.server.ServerLog;
import io.replicheck.server.core.Client;
import io.replicheck.server.core.ClientKind;
import io.replicheck.server.core.Clock;
import io.replicheck.server.core.ServerCore;
import io.replicheck.server.persist.RdbPersistence;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
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
  private final ClientsWaitingAcks waits;

  /** The client that applies the master's stream, while the link is up. */
  private Client masterClient;

  /** The snapshot being received from the master. */
  private final SnapshotReceiver receiver;

  private static final byte[] NEWLINE = {'\n'};
  private long newlineSentSecond;

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
    this.receiver = new SnapshotReceiver(core, persistence, log);
    this.waits = new ClientsWaitingAcks(core, master, link::isReplica);
    persistence.setAuxSupplier(this::fileAux);
    persistence.setAuxListener(aux -> lastLoadedAux = aux);
    core.propagation().setScriptsVerbatim(() -> bugs.isOn(InjectedBug.SCRIPT_PROPAGATED_VERBATIM));
    core.propagation().setInjected(n -> InjectedBug.parse(n).map(bugs::isOn).orElse(false));
  }

  /** Clients blocked in WAIT. */
  ClientsWaitingAcks waits() {
    return waits;
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
    master.feed(db, argv);
  }

  /** Every 100 ms on the command thread. */
  void cron() {
    updateFailover();
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
    receiver.discard();
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
        handler
            .channel()
            .closeFuture()
            .addListener(f -> core.executor().execute(() -> handshakes.remove(id)));
      }
    }
    return h;
  }

  /**
   * PSYNC/SYNC from client {@code c}: the connection becomes a replica stream. Returns an error
   * text to reply, or null when the connection was taken over.
   */
  String sync(Client c, String replid, long offset) {
    return sync(c, replid, offset, false);
  }

  /**
   * As {@link #sync(Client, String, long)}; {@code failoverRequest} for {@code PSYNC replid offset
   * FAILOVER}: the master failing over to us asks us to take over, which we do when its replid is
   * ours (we follow it), before answering its PSYNC as the new master.
   */
  String sync(Client c, String replid, long offset, boolean failoverRequest) {
    if (c.kind() == ClientKind.REPLICA) {
      return null; // Already a replica: ignore, as redis does.
    }
    if (failoverRequest) {
      log.log(
          ReplicationLogSink.Level.WARNING, "Failover request received for replid " + replid + ".");
      if (!link.isReplica()) {
        return "ERR PSYNC FAILOVER can't be sent to a master.";
      }
      if (!replid.equalsIgnoreCase(ids.replid())) {
        return "ERR PSYNC FAILOVER replid must match my replid.";
      }
      execute(link.replicaOfNoOne());
      core.setReplica(false);
      log.log(
          ReplicationLogSink.Level.NOTICE,
          "MASTER MODE enabled (failover request from '" + describe(c) + "')");
    }
    if (master.failover().active()) {
      return "NOMASTERLINK Can't SYNC while failing over";
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
    handler
        .channel()
        .closeFuture()
        .addListener(f -> core.executor().execute(() -> master.replicaDisconnected(id)));
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
    waits.check();
    if (master.failover().active()) {
      // After this event, as redis's beforeSleep: failing over disconnects this very replica.
      core.executor().execute(this::updateFailover);
    }
  }

  // ---------------------------------------------------------------- FAILOVER

  /**
   * FAILOVER's start once parsed: the error text, or null when client writes are now paused and the
   * failover waits for its target to sync.
   */
  String startFailover(String host, int port, long timeoutMillis, boolean force) {
    Failover f = master.failover();
    String error =
        f.start(
            host,
            port,
            timeoutMillis,
            force,
            link.isReplica(),
            master.replicas(),
            core.clock().currentTimeMillis());
    if (error != null) {
      return error;
    }
    log.log(
        ReplicationLogSink.Level.NOTICE,
        host != null
            ? "FAILOVER requested to " + host + ":" + port + "."
            : "FAILOVER requested to any replica.");
    core.clientPause().failoverPause(true);
    core.executor().execute(this::updateFailover);
    return null;
  }

  /** FAILOVER ABORT: the error text, or null when a failover was rolled back. */
  String abortFailoverCommand() {
    if (!master.failover().active()) {
      return "ERR No failover in progress.";
    }
    abortFailover("Failover manually aborted");
    return null;
  }

  /** redis's updateFailoverStatus: carries out what the failover's state machine decides. */
  void updateFailover() {
    Failover f = master.failover();
    Failover.Step step =
        f.update(core.clock().currentTimeMillis(), master.replicas(), master.masterReplOffset());
    if (step instanceof Failover.Step.FailOver fo) {
      log.log(
          ReplicationLogSink.Level.NOTICE,
          fo.forced()
              ? "FAILOVER to " + fo.host() + ":" + fo.port() + " time out exceeded, failing over."
              : "Failover target " + fo.host() + ":" + fo.port() + " is synced, failing over.");
      setMaster(fo.host(), fo.port());
    } else if (step instanceof Failover.Step.Abort a) {
      abortFailover(a.reason());
    }
  }

  /** redis's abortFailover: back to master when already following the target, writes resume. */
  private void abortFailover(String reason) {
    Failover f = master.failover();
    if (!f.active()) {
      return;
    }
    log.log(
        ReplicationLogSink.Level.NOTICE,
        (f.targetHost() != null
                ? "FAILOVER to " + f.targetHost() + ":" + f.targetPort()
                : "FAILOVER to any replica")
            + " aborted: "
            + reason);
    boolean following = f.inProgress();
    f.clear();
    if (following) {
      execute(link.replicaOfNoOne());
      core.setReplica(false);
    }
    core.clientPause().failoverPause(false);
  }

  /** The target answered our PSYNC FAILOVER. */
  private void failoverPsyncReply(boolean accepted) {
    if (!master.failover().inProgress()) {
      return;
    }
    if (accepted) {
      master.failover().clear();
      core.clientPause().failoverPause(false);
    } else {
      abortFailover("Failover target rejected psync request");
    }
  }

  /** Whether a failover is under way (REPLICAOF is refused then). */
  boolean failingOver() {
    return master.failover().active();
  }

  // ---------------------------------------------------------------- REPLICAOF

  /** REPLICAOF host port: returns the reply line (without the +). */
  String replicaOf(String host, int port, String who) {
    if (link.isReplica() && host.equalsIgnoreCase(link.masterHost()) && port == link.masterPort()) {
      log.log(
          ReplicationLogSink.Level.NOTICE,
          "REPLICAOF would result into synchronization with the master we are already connected with. No operation performed.");
      return "OK Already connected to specified master";
    }
    setMaster(host, port);
    log.log(
        ReplicationLogSink.Level.NOTICE,
        "REPLICAOF " + host + ":" + port + " enabled (user request from '" + who + "')");
    return "OK";
  }

  /** redis's replicationSetMaster: follow host:port from now on. */
  private void setMaster(String host, int port) {
    core.setReplica(true);
    waits.unblockAll();
    copyAuthSettings();
    execute(link.replicaOf(host, port));
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
      log.log(
          ReplicationLogSink.Level.NOTICE,
          "Restored replication ID " + id + " and offset " + offset + " from the RDB file");
    } else {
      db = 0;
    }
    core.setReplica(true);
    copyAuthSettings();
    execute(link.replicaOf(host, port, db));
    log.log(
        ReplicationLogSink.Level.NOTICE,
        "REPLICAOF " + host + ":" + port + " enabled (config file)");
  }

  /**
   * A master's start: when the dataset loaded at startup carries replication info (saved by a
   * graceful shutdown), its history stays reachable as replid2, as redis 7.0 does.
   */
  void masterAtStartup() {
    String id = lastLoadedAux.get("repl-id");
    long offset = parseLong(lastLoadedAux.get("repl-offset"), -1);
    int db = parseInt(lastLoadedAux.get("repl-stream-db"), -1);
    if (ReplicationIds.isValidId(id)
        && offset >= 0
        && db != -1
        && !link.isReplica()
        && !bugs.isOn(InjectedBug.RESTART_FORGETS_HISTORY)) {
      master.restoreAsMaster(id, offset);
      log.log(
          ReplicationLogSink.Level.NOTICE,
          "Restored replication ID "
              + id
              + " and offset "
              + offset
              + " from the RDB file as the second ID; my new replication ID is "
              + ids.replid());
    }
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
    log.log(
        ReplicationLogSink.Level.NOTICE, "MASTER MODE enabled (user request from '" + who + "')");
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
        receiver.discard();
      } else if (a instanceof LinkAction.BeginSnapshot) {
        receiver.begin(link.linkId());
      } else if (a instanceof LinkAction.SnapshotData d) {
        receiver.write(d.bytes());
      } else if (a instanceof LinkAction.FlushDataset) {
        receiver.flushFirst();
      } else if (a instanceof LinkAction.LoadSnapshot) {
        loadReceived();
      } else if (a instanceof LinkAction.ApplyCommand ac) {
        apply(ac);
      } else if (a instanceof LinkAction.FailoverPsyncReply r) {
        failoverPsyncReply(r.accepted());
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
    core.process(masterClient, ac.argv());
    Client.StreamError e = masterClient.takeStreamError();
    if (e != null) {
      // redis's afterErrorReply: the master applied this command, so the replica's data differs
      core.stats().unexpectedErrorReplies++;
      log.log(
          ReplicationLogSink.Level.WARNING,
          "== CRITICAL == This replica is sending an error to its master: '-"
              + e.reply()
              + "' after processing the command '"
              + e.command()
              + "'");
    }
  }

  /** The master client exists while the link is up, as in redis (CLIENT LIST shows flags=M). */
  private void ensureMasterClient() {
    if (masterClient == null || masterClient.isClosed()) {
      String addr = link.masterHost() + ":" + link.masterPort();
      // Killing this client breaks the link; the link's close event then caches the master.
      masterClient =
          core.newClient(new MasterClientConnection(addr, masterLink::close), ClientKind.MASTER);
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

  /** Flushes (unless the bug is on) and loads the received snapshot, as the master's dump. */
  private void loadReceived() {
    long linkId = link.linkId();
    if (!receiver.isOpen()) {
      execute(link.loadFailed(linkId, "no snapshot file"));
      return;
    }
    try {
      Map<String, String> aux =
          receiver.load(
              () -> lastLoadedAux = Map.of(),
              this::newlineWhileLoading,
              settings.replDisklessLoad() == ReplicationSettings.DisklessLoad.SWAPDB);
      if (aux != null) {
        lastLoadedAux = aux;
      }
    } catch (IOException | RuntimeException e) {
      receiver.discard();
      if (receiver.flushesFirst()
          && settings.replDisklessLoad() != ReplicationSettings.DisklessLoad.SWAPDB) {
        core.flushAllDbs();
      }
      execute(link.loadFailed(linkId, String.valueOf(e.getMessage())));
      return;
    }
    int streamDb = parseInt(lastLoadedAux.get("repl-stream-db"), -1);
    execute(link.snapshotLoaded(linkId, streamDb));
  }

  /**
   * redis's replicationSendNewlineToMaster: a replica busy loading its snapshot sends its master a
   * newline at most once a second, which the master counts as an ACK; without it a load longer than
   * the master's repl-timeout gets the replica dropped, and it full-syncs again (a loop).
   */
  private void newlineWhileLoading() {
    // On the command thread, which may be the link's event loop: the write goes out at once (a
    // write from another thread would queue behind the load).
    long second = core.clock().currentTimeMillis() / 1000;
    if (second != newlineSentSecond) {
      newlineSentSecond = second;
      masterLink.send(NEWLINE);
    }
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

  // ---------------------------------------------------------------- refusals

  /** Commands refused by replication state: min-replicas-to-write, replica-serve-stale-data. */
  String gate(Client c, boolean isWrite, boolean allowedWhenStale) {
    if (c.kind() == ClientKind.MASTER) {
      return null;
    }
    if (isWrite && !link.isReplica() && master.acks().writesRefused()) {
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
    return "id="
        + c.id()
        + " addr="
        + c.connection().remoteAddress()
        + " laddr="
        + c.connection().localAddress();
  }
}
