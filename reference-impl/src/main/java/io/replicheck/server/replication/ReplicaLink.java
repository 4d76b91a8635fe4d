package io.replicheck.server.replication;

import io.replicheck.server.core.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The replica's side of replication as an event-driven state machine, after redis's replication.c:
 * events come in ({@link #replicaOf}, {@link #connected}, {@link #received}, {@link #disconnected},
 * {@link #cron}, ...) and {@link LinkAction}s go out (connect, send, close, flush, load the
 * snapshot, apply a command). It runs the handshake (PING, AUTH, REPLCONF listening-port,
 * ip-address, capa eof capa psync2, PSYNC), receives the snapshot in both framings, applies the
 * stream counting its offset, ACKs every second and on GETACK, times out a silent master, and keeps
 * the cached master (replid, offset, db) after a link break so that it tries PSYNC first.
 *
 * <p>Each phase of the link is a room of its own: {@link LinkHandshake} (PING to PSYNC's answer),
 * {@link SnapshotTransfer} (the snapshot after +FULLRESYNC) and {@link ReplicaStream} (the command
 * stream); this class holds the link's state, its events and the cached master.
 *
 * <p>It shares the node's {@link ReplicationMaster}: the stream it applies is forwarded there
 * unchanged (for chained replicas), and ids shift there when the master's id changes.
 *
 * <p>Events carry the {@code linkId} of the connection they concern; events of a connection the
 * link already gave up are ignored. Single-threaded.
 */
public final class ReplicaLink {
  private final ReplicationMaster node;
  private final ReplicationSettings settings;
  private final BugSwitch bugs;
  private final Clock clock;
  private final ReplicationLogSink log;
  private final LinkHandshake handshake;
  final ReplicaStream stream;

  ReplicaLinkState state = ReplicaLinkState.NONE;
  private String masterHost;
  private int masterPort;
  private long linkId;
  private InputBuffer in = new InputBuffer();

  final CachedMaster cached = new CachedMaster();

  /** The last (or current) snapshot transfer. */
  private SnapshotTransfer transfer = new SnapshotTransfer(null, 0);

  /** The snapshot is complete and being loaded by the edge. */
  private boolean loading;

  private long lastIoMillis;
  private long lastAckMillis;
  private long lastConnectMillis = Long.MIN_VALUE / 2;
  private long linkDownSinceMillis;

  /**
   * @param node the node's master side: ids, backlog, offsets and sub-replicas
   * @param listeningPort the port this node serves clients on (REPLCONF listening-port)
   */
  public ReplicaLink(
      ReplicationMaster node,
      ReplicationSettings settings,
      BugSwitch bugs,
      Clock clock,
      ReplicationLogSink log,
      int listeningPort) {
    this(node, settings, bugs, clock, log, () -> listeningPort);
  }

  /** As above, with the port read when the handshake needs it (known only once listening). */
  public ReplicaLink(
      ReplicationMaster node,
      ReplicationSettings settings,
      BugSwitch bugs,
      Clock clock,
      ReplicationLogSink log,
      java.util.function.IntSupplier listeningPort) {
    this.node = Objects.requireNonNull(node, "node");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.bugs = Objects.requireNonNull(bugs, "bugs");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.log = Objects.requireNonNull(log, "log");
    this.handshake = new LinkHandshake(this, node, settings, bugs, log, listeningPort);
    this.stream = new ReplicaStream(node, bugs);
  }

  // ---------------------------------------------------------------- accessors

  public ReplicaLinkState state() {
    return state;
  }

  /** True while this node follows a master (REPLICAOF host port is in effect). */
  public boolean isReplica() {
    return state != ReplicaLinkState.NONE;
  }

  public String masterHost() {
    return masterHost;
  }

  public int masterPort() {
    return masterPort;
  }

  /** The id of the current connection attempt. */
  public long linkId() {
    return linkId;
  }

  /**
   * Stream bytes applied (slave_repl_offset); the cached master's offset while the link is down.
   */
  public long replOffset() {
    return orCached(stream.replOffset());
  }

  /** Stream bytes read from the socket (slave_read_repl_offset). */
  public long readReplOffset() {
    return orCached(stream.readReplOffset());
  }

  private long orCached(long offset) {
    return state == ReplicaLinkState.CONNECTED || !cached.isSet() ? offset : cached.offset();
  }

  /** The db the master's stream last SELECTed. */
  public int db() {
    return stream.db();
  }

  /** The cached master's replid, or null. */
  public String cachedReplid() {
    return cached.replid();
  }

  public long cachedOffset() {
    return cached.offset();
  }

  /** Snapshot bytes expected (-1 for EOF framing) and read so far, for INFO. */
  public long transferSize() {
    return transfer.size();
  }

  public long transferRead() {
    return transfer.read();
  }

  /** Milliseconds since the last byte from the master. */
  public long lastIoMillisAgo() {
    return clock.currentTimeMillis() - lastIoMillis;
  }

  /** When the link went down, or 0 when it never was up. */
  public long linkDownSinceMillis() {
    return linkDownSinceMillis;
  }

  // ---------------------------------------------------------------- commands

  /**
   * REPLICAOF host port. From a master, its own history becomes the cached master (so it can PSYNC
   * with the new master); from another master, the current one is cached when the link was up.
   * Sub-replicas are disconnected (they must learn of the change) and the connection starts.
   */
  public List<LinkAction> replicaOf(String host, int port) {
    return replicaOf(host, port, 0);
  }

  /**
   * As {@link #replicaOf(String, int)}; {@code ownStreamDb} is the db this node's own history had
   * selected (the repl-stream-db of the RDB it loaded at startup), kept in the cached master.
   */
  public List<LinkAction> replicaOf(String host, int port, int ownStreamDb) {
    List<LinkAction> out = new ArrayList<>();
    if (state == ReplicaLinkState.NONE) {
      cacheMasterUsingMyself(Math.max(0, ownStreamDb));
    } else {
      if (state == ReplicaLinkState.CONNECTED) {
        cacheMaster();
      }
      if (state != ReplicaLinkState.CONNECT) {
        out.add(new LinkAction.Close("master changed"));
      }
    }
    masterHost = Objects.requireNonNull(host, "host");
    masterPort = port;
    node.following(true);
    node.disconnectReplicas();
    log.log(ReplicationLogSink.Level.NOTICE, "Connecting to MASTER " + host + ":" + port);
    connect(out);
    return out;
  }

  /**
   * REPLICAOF NO ONE: stop following; the node's history continues under a new replid with the old
   * one as replid2, and sub-replicas reconnect (they can continue with PSYNC).
   */
  public List<LinkAction> replicaOfNoOne() {
    List<LinkAction> out = new ArrayList<>();
    if (state == ReplicaLinkState.NONE) {
      return out;
    }
    if (state != ReplicaLinkState.CONNECT) {
      out.add(new LinkAction.Close("REPLICAOF NO ONE"));
    }
    cached.clear();
    state = ReplicaLinkState.NONE;
    masterHost = null;
    masterPort = 0;
    linkId++;
    node.promote();
    node.disconnectReplicas();
    log.log(
        ReplicationLogSink.Level.NOTICE,
        "MASTER MODE enabled (user request from 'REPLICAOF NO ONE')");
    return out;
  }

  private void cacheMasterUsingMyself(int streamDb) {
    cached.set(node.ids().replid(), node.masterReplOffset(), streamDb);
    log.log(
        ReplicationLogSink.Level.NOTICE,
        "Before turning into a replica, using my own master parameters to synthesize a cached"
            + " master: I may be able to synchronize with the new master with just a partial"
            + " transfer.");
  }

  private void cacheMaster() {
    cached.set(node.ids().replid(), stream.replOffset(), stream.db());
    log.log(ReplicationLogSink.Level.NOTICE, "Caching the disconnected master state.");
  }

  private void connect(List<LinkAction> out) {
    lastConnectMillis = clock.currentTimeMillis();
    linkId++;
    loading = false;
    state = ReplicaLinkState.CONNECTING;
    in = new InputBuffer();
    lastIoMillis = clock.currentTimeMillis();
    log.log(ReplicationLogSink.Level.NOTICE, "MASTER <-> REPLICA sync started");
    out.add(new LinkAction.Connect(masterHost, masterPort, linkId));
  }

  // ---------------------------------------------------------------- connection events

  /** The TCP connection {@code id} is up: the handshake starts with PING. */
  public List<LinkAction> connected(long id) {
    List<LinkAction> out = new ArrayList<>();
    if (id != linkId || state != ReplicaLinkState.CONNECTING) {
      return out;
    }
    log.log(ReplicationLogSink.Level.NOTICE, "Non blocking connect for SYNC fired the event.");
    lastIoMillis = clock.currentTimeMillis();
    state = ReplicaLinkState.RECEIVE_PING_REPLY;
    out.add(send("PING"));
    return out;
  }

  /** Connecting {@code id} failed; the cron retries. */
  public List<LinkAction> connectFailed(long id, String reason) {
    List<LinkAction> out = new ArrayList<>();
    if (id != linkId || state != ReplicaLinkState.CONNECTING) {
      return out;
    }
    log.log(ReplicationLogSink.Level.WARNING, "Error condition on socket for SYNC: " + reason);
    state = ReplicaLinkState.CONNECT;
    markDown();
    return out;
  }

  /** The connection {@code id} closed under us. */
  public List<LinkAction> disconnected(long id) {
    List<LinkAction> out = new ArrayList<>();
    if (id != linkId || state == ReplicaLinkState.NONE || state == ReplicaLinkState.CONNECT) {
      return out;
    }
    if (state == ReplicaLinkState.CONNECTED) {
      log.log(ReplicationLogSink.Level.NOTICE, "Connection with master lost.");
      cacheMaster();
      markDown();
      // Reconnect at once rather than in a second: the backlog may be recycled meanwhile.
      log.log(
          ReplicationLogSink.Level.NOTICE,
          "Reconnecting to MASTER " + masterHost + ":" + masterPort);
      connect(out);
      return out;
    }
    log.log(
        ReplicationLogSink.Level.WARNING,
        "Master closed the connection during " + state.roleName());
    state = ReplicaLinkState.CONNECT;
    markDown();
    return out;
  }

  private void markDown() {
    if (linkDownSinceMillis == 0) {
      linkDownSinceMillis = clock.currentTimeMillis();
    }
  }

  /** Bytes from connection {@code id}. */
  public List<LinkAction> received(long id, byte[] bytes) {
    List<LinkAction> out = new ArrayList<>();
    if (id != linkId || state == ReplicaLinkState.NONE || state == ReplicaLinkState.CONNECT) {
      return out;
    }
    lastIoMillis = clock.currentTimeMillis();
    try {
      if (state == ReplicaLinkState.CONNECTED) {
        stream.apply(bytes, 0, bytes.length, out, this::ack);
        return out;
      }
      in.append(bytes, 0, bytes.length);
      process(out);
    } catch (ReplicationProtocolException e) {
      fail(out, "Protocol error from MASTER: " + e.getMessage());
    }
    return out;
  }

  /** Loading the snapshot failed: drop the link and start over. */
  public List<LinkAction> loadFailed(long id, String reason) {
    List<LinkAction> out = new ArrayList<>();
    if (id != linkId) {
      return out;
    }
    log.log(
        ReplicationLogSink.Level.WARNING,
        "Failed trying to load the MASTER synchronization DB from disk: " + reason);
    cached.clear();
    if (loading) {
      loading = false;
      out.add(new LinkAction.Close("load failed"));
      state = ReplicaLinkState.CONNECT;
      markDown();
    }
    return out;
  }

  // ---------------------------------------------------------------- cron

  /**
   * Periodic duties; call at least once a second: connect when due, time out a silent master or a
   * stalled handshake or transfer (repl-timeout), and ACK the offset every second.
   */
  public List<LinkAction> cron() {
    List<LinkAction> out = new ArrayList<>();
    long now = clock.currentTimeMillis();
    long timeout = settings.replTimeoutSeconds() * 1000;
    switch (state) {
      case NONE -> {}
      case CONNECT -> {
        // Once a second, as redis's replicationCron.
        if (now - lastConnectMillis >= 1000) {
          log.log(
              ReplicationLogSink.Level.NOTICE,
              "Connecting to MASTER " + masterHost + ":" + masterPort);
          connect(out);
        }
      }
      case TRANSFER -> {
        if (now - lastIoMillis > timeout) {
          fail(
              out,
              "Timeout receiving bulk data from MASTER... If the problem persists try to set the"
                  + " 'repl-timeout' parameter in redis.conf to a larger value.");
        }
      }
      case CONNECTED -> {
        if (now - lastIoMillis > timeout) {
          log.log(ReplicationLogSink.Level.WARNING, "MASTER timeout: no data nor PING received...");
          out.add(new LinkAction.Close("master timeout"));
          cacheMaster();
          markDown();
          state = ReplicaLinkState.CONNECT;
        } else if (now - lastAckMillis >= 1000) {
          out.add(ack());
        }
      }
      default -> {
        if (now - lastIoMillis > timeout) {
          fail(out, "Timeout connecting to the MASTER...");
        }
      }
    }
    return out;
  }

  private LinkAction ack() {
    lastAckMillis = clock.currentTimeMillis();
    return send("REPLCONF", "ACK", Long.toString(stream.replOffset()));
  }

  // ---------------------------------------------------------------- handshake and transfer input

  private void process(List<LinkAction> out) {
    while (state != ReplicaLinkState.CONNECTED && state != ReplicaLinkState.CONNECT) {
      if (loading) {
        return;
      }
      if (state == ReplicaLinkState.TRANSFER && transfer.headerSeen()) {
        if (!transfer.read(in, out)) {
          return;
        }
        // Complete: what follows is the stream, applied once the snapshot is loaded.
        transfer.finish(out, bugs, log);
        // Bytes after the snapshot wait until the edge reports the load (they need its stream db).
        loading = true;
        continue;
      }
      String line = in.readLine();
      if (line == null) {
        return;
      }
      if (state == ReplicaLinkState.TRANSFER) {
        String failure = transfer.onHeader(line, out, log);
        if (failure != null) {
          fail(out, failure);
        }
      } else {
        handshake.onLine(line, out);
      }
    }
    if (state == ReplicaLinkState.CONNECTED && in.available() > 0) {
      byte[] rest = in.takeAll();
      stream.apply(rest, 0, rest.length, out, this::ack);
    }
  }

  /** +FULLRESYNC (replid and offset) or SYNC (null replid): the snapshot comes next. */
  void beginTransfer(String replid, long offset) {
    state = ReplicaLinkState.TRANSFER;
    loading = false;
    transfer = new SnapshotTransfer(replid, offset);
  }

  /**
   * The snapshot announced by {@link LinkAction.LoadSnapshot} is loaded. {@code replStreamDb} is
   * the RDB's {@code repl-stream-db} aux field (the db the master's stream had selected when the
   * snapshot was taken; a chained master's stream does not SELECT again), or -1 when absent. The
   * stream that followed the snapshot is applied now.
   */
  public List<LinkAction> snapshotLoaded(long id, int replStreamDb) {
    List<LinkAction> out = new ArrayList<>();
    if (id != linkId || state != ReplicaLinkState.TRANSFER || !loading) {
      return out;
    }
    loading = false;
    String replid =
        Objects.requireNonNullElseGet(
            transfer.replid(), () -> ReplicationIds.randomId(new java.util.Random()));
    long offset = bugs.isOn(InjectedBug.FULLSYNC_OFFSET_ZERO) ? 0 : transfer.offset();
    node.adoptMasterHistory(replid, offset);
    stream.start(offset, Math.max(0, replStreamDb));
    boolean usedMark = transfer.usedEofMark();
    goConnected();
    log.log(ReplicationLogSink.Level.NOTICE, "MASTER <-> REPLICA sync: Finished with success");
    if (usedMark) {
      // A diskless master starts the stream only after our first ACK.
      out.add(ack());
    }
    try {
      if (in.available() > 0) {
        byte[] rest = in.takeAll();
        stream.apply(rest, 0, rest.length, out, this::ack);
      }
    } catch (ReplicationProtocolException e) {
      fail(out, "Protocol error from MASTER: " + e.getMessage());
    }
    return out;
  }

  void goConnected() {
    state = ReplicaLinkState.CONNECTED;
    stream.connected();
    linkDownSinceMillis = 0;
    lastAckMillis = clock.currentTimeMillis();
    // As redis's replicationCreateMasterClient (master->lastinteraction = now): a load longer than
    // repl-timeout must not time the master out the moment it ends.
    lastIoMillis = lastAckMillis;
  }

  // ---------------------------------------------------------------- helpers

  void fail(List<LinkAction> out, String why) {
    log.log(ReplicationLogSink.Level.WARNING, why);
    out.add(new LinkAction.Close(why));
    state = ReplicaLinkState.CONNECT;
    markDown();
  }

  static LinkAction send(String... argv) {
    return new LinkAction.Send(RespCommands.encode(argv));
  }
}
