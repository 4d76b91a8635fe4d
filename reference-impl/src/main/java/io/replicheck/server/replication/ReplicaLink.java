package io.replicheck.server.replication;

import io.replicheck.server.core.Clock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The replica's side of replication as an event-driven state machine, after redis's
 * replication.c: events come in ({@link #replicaOf}, {@link #connected}, {@link #received}, {@link
 * #disconnected}, {@link #cron}, ...) and {@link LinkAction}s go out (connect, send, close, flush,
 * load the snapshot, apply a command). It runs the handshake (PING, AUTH, REPLCONF listening-port,
 * ip-address, capa eof capa psync2, PSYNC), receives the snapshot in both framings, applies the
 * stream counting its offset, ACKs every second and on GETACK, times out a silent master, and
 * keeps the cached master (replid, offset, db) after a link break so that it tries PSYNC first.
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
  private final java.util.function.IntSupplier listeningPort;

  private ReplicaLinkState state = ReplicaLinkState.NONE;
  private String masterHost;
  private int masterPort;
  private long linkId;
  private InputBuffer in = new InputBuffer();
  private ReplicationStreamParser stream;

  /** The cached master: the history we can try to continue with PSYNC; null replid when none. */
  private String cachedReplid;
  private long cachedOffset;
  private int cachedDb;

  /** From +FULLRESYNC; null after SYNC (no history to name). */
  private String initialReplid;
  private long initialOffset;
  private long transferSize;
  private long transferRead;
  /** The snapshot is complete and being loaded by the edge. */
  private boolean loading;
  private byte[] eofMark;
  private byte[] eofTail = new byte[0];

  private long replOffset;
  private long readReplOffset;
  private int db;
  private long lastIoMillis;
  private long lastAckMillis;
  private long lastConnectMillis = Long.MIN_VALUE / 2;
  private long linkDownSinceMillis;
  private boolean handshakeSentIp;
  private boolean handshakeSentAuth;

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
    this.listeningPort = listeningPort;
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

  /** Stream bytes applied (slave_repl_offset); the cached master's offset while the link is down. */
  public long replOffset() {
    return state == ReplicaLinkState.CONNECTED || cachedReplid == null ? replOffset : cachedOffset;
  }

  /** Stream bytes read from the socket (slave_read_repl_offset). */
  public long readReplOffset() {
    return state == ReplicaLinkState.CONNECTED || cachedReplid == null ? readReplOffset : cachedOffset;
  }

  /** The db the master's stream last SELECTed. */
  public int db() {
    return db;
  }

  /** The cached master's replid, or null. */
  public String cachedReplid() {
    return cachedReplid;
  }

  public long cachedOffset() {
    return cachedOffset;
  }

  /** Snapshot bytes expected (-1 for EOF framing) and read so far, for INFO. */
  public long transferSize() {
    return transferSize;
  }

  public long transferRead() {
    return transferRead;
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
   * REPLICAOF host port. From a master, its own history becomes the cached master (so it can
   * PSYNC with the new master); from another master, the current one is cached when the link was
   * up. Sub-replicas are disconnected (they must learn of the change) and the connection starts.
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
      cacheMasterUsingMyself();
      cachedDb = Math.max(0, ownStreamDb);
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
    cachedReplid = null;
    state = ReplicaLinkState.NONE;
    masterHost = null;
    masterPort = 0;
    linkId++;
    node.promote();
    node.disconnectReplicas();
    log.log(ReplicationLogSink.Level.NOTICE, "MASTER MODE enabled (user request from 'REPLICAOF NO ONE')");
    return out;
  }

  private void cacheMasterUsingMyself() {
    cachedReplid = node.ids().replid();
    cachedOffset = node.masterReplOffset();
    cachedDb = 0;
    log.log(
        ReplicationLogSink.Level.NOTICE,
        "Before turning into a replica, using my own master parameters to synthesize a cached"
            + " master: I may be able to synchronize with the new master with just a partial"
            + " transfer.");
  }

  private void cacheMaster() {
    cachedReplid = node.ids().replid();
    cachedOffset = replOffset;
    cachedDb = db;
    log.log(ReplicationLogSink.Level.NOTICE, "Caching the disconnected master state.");
  }

  private void connect(List<LinkAction> out) {
    lastConnectMillis = clock.currentTimeMillis();
    linkId++;
    loading = false;
    state = ReplicaLinkState.CONNECTING;
    in = new InputBuffer();
    stream = null;
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
      log.log(ReplicationLogSink.Level.NOTICE, "Reconnecting to MASTER " + masterHost + ":" + masterPort);
      connect(out);
      return out;
    }
    log.log(ReplicationLogSink.Level.WARNING, "Master closed the connection during " + state.roleName());
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
        applyStream(bytes, 0, bytes.length, out);
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
    cachedReplid = null;
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
          log.log(ReplicationLogSink.Level.NOTICE, "Connecting to MASTER " + masterHost + ":" + masterPort);
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
    return send("REPLCONF", "ACK", Long.toString(replOffset));
  }

  // ---------------------------------------------------------------- handshake and transfer

  private void process(List<LinkAction> out) {
    while (state != ReplicaLinkState.CONNECTED && state != ReplicaLinkState.CONNECT) {
      if (loading) {
        return;
      }
      if (state == ReplicaLinkState.TRANSFER && transferSize != 0) {
        if (!readTransfer(out)) {
          return;
        }
        // Complete: what follows is the stream, applied once the snapshot is loaded.
        continue;
      }
      String line = in.readLine();
      if (line == null) {
        return;
      }
      onLine(line, out);
    }
    if (state == ReplicaLinkState.CONNECTED && in.available() > 0) {
      byte[] rest = in.takeAll();
      applyStream(rest, 0, rest.length, out);
    }
  }

  private void onLine(String line, List<LinkAction> out) {
    switch (state) {
      case RECEIVE_PING_REPLY -> {
        // Without auth yet, a master that wants it may refuse PING: that is fine, AUTH follows.
        if (line.startsWith("-")
            && !line.startsWith("-NOAUTH")
            && !line.startsWith("-NOPERM")
            && !line.startsWith("-ERR operation not permitted")) {
          fail(out, "Error reply to PING from master: '" + line + "'");
          return;
        }
        log.log(ReplicationLogSink.Level.NOTICE, "Master replied to PING, replication can continue...");
        sendHandshake(out);
      }
      case RECEIVE_AUTH_REPLY -> {
        if (line.startsWith("-")) {
          fail(out, "Unable to AUTH to MASTER: " + line);
          return;
        }
        state = ReplicaLinkState.RECEIVE_PORT_REPLY;
      }
      case RECEIVE_PORT_REPLY -> {
        if (line.startsWith("-")) {
          log.log(
              ReplicationLogSink.Level.NOTICE,
              "(Non critical) Master does not understand REPLCONF listening-port: " + line);
        }
        state = handshakeSentIp ? ReplicaLinkState.RECEIVE_IP_REPLY : ReplicaLinkState.RECEIVE_CAPA_REPLY;
      }
      case RECEIVE_IP_REPLY -> {
        if (line.startsWith("-")) {
          log.log(
              ReplicationLogSink.Level.NOTICE,
              "(Non critical) Master does not understand REPLCONF ip-address: " + line);
        }
        state = ReplicaLinkState.RECEIVE_CAPA_REPLY;
      }
      case RECEIVE_CAPA_REPLY -> {
        if (line.startsWith("-")) {
          log.log(
              ReplicationLogSink.Level.NOTICE,
              "(Non critical) Master does not understand REPLCONF capa: " + line);
        }
        state = ReplicaLinkState.SEND_PSYNC;
        sendPsync(out);
      }
      case RECEIVE_PSYNC_REPLY -> onPsyncReply(line, out);
      case TRANSFER -> onTransferHeader(line, out);
      default -> throw new IllegalStateException("line in state " + state);
    }
  }

  private void sendHandshake(List<LinkAction> out) {
    state = ReplicaLinkState.SEND_HANDSHAKE;
    handshakeSentAuth = settings.masterauth() != null;
    if (handshakeSentAuth) {
      if (settings.masteruser() != null) {
        out.add(send("AUTH", settings.masteruser(), settings.masterauth()));
      } else {
        out.add(send("AUTH", settings.masterauth()));
      }
    }
    int port = settings.replicaAnnouncePort() > 0 ? settings.replicaAnnouncePort() : listeningPort.getAsInt();
    out.add(send("REPLCONF", "listening-port", Integer.toString(port)));
    handshakeSentIp = settings.replicaAnnounceIp() != null;
    if (handshakeSentIp) {
      out.add(send("REPLCONF", "ip-address", settings.replicaAnnounceIp()));
    }
    out.add(send("REPLCONF", "capa", "eof", "capa", "psync2"));
    state = handshakeSentAuth ? ReplicaLinkState.RECEIVE_AUTH_REPLY : ReplicaLinkState.RECEIVE_PORT_REPLY;
  }

  private void sendPsync(List<LinkAction> out) {
    if (cachedReplid != null) {
      long next = bugs.isOn(InjectedBug.WRONG_RESUME_OFFSET) ? cachedOffset : cachedOffset + 1;
      log.log(
          ReplicationLogSink.Level.NOTICE,
          "Trying a partial resynchronization (request " + cachedReplid + ":" + next + ").");
      out.add(send("PSYNC", cachedReplid, Long.toString(next)));
    } else {
      log.log(ReplicationLogSink.Level.NOTICE, "Partial resynchronization not possible (no cached master)");
      out.add(send("PSYNC", "?", "-1"));
    }
    state = ReplicaLinkState.RECEIVE_PSYNC_REPLY;
  }

  private void onPsyncReply(String line, List<LinkAction> out) {
    if (line.isEmpty()) {
      return; // The master may send newlines before its reply to keep the link alive.
    }
    if (line.startsWith("+FULLRESYNC")) {
      String[] parts = line.split(" ");
      long offset;
      try {
        offset = parts.length == 3 ? Long.parseLong(parts[2]) : -1;
      } catch (NumberFormatException e) {
        offset = -1;
      }
      if (parts.length != 3 || !ReplicationIds.isValidId(parts[1]) || offset < 0) {
        fail(out, "Master replied with wrong +FULLRESYNC syntax.");
        return;
      }
      initialReplid = parts[1];
      initialOffset = offset;
      log.log(ReplicationLogSink.Level.NOTICE, "Full resync from master: " + initialReplid + ":" + offset);
      if (cachedReplid != null) {
        log.log(ReplicationLogSink.Level.NOTICE, "Discarding previously cached master state.");
        cachedReplid = null;
      }
      // Our history ends here: sub-replicas must resync with us too.
      node.disconnectReplicas();
      beginTransfer();
      return;
    }
    if (line.startsWith("+CONTINUE")) {
      onContinue(line.substring("+CONTINUE".length()).trim(), out);
      return;
    }
    if (line.startsWith("-NOMASTERLINK") || line.startsWith("-LOADING")) {
      log.log(
          ReplicationLogSink.Level.NOTICE,
          "Master is currently unable to PSYNC but should be in the future: " + line);
      out.add(new LinkAction.Close("PSYNC try later"));
      state = ReplicaLinkState.CONNECT;
      return;
    }
    if (line.startsWith("-ERR")) {
      log.log(
          ReplicationLogSink.Level.NOTICE,
          "Master does not support PSYNC or is in error state (reply: " + line + ")");
    } else {
      log.log(ReplicationLogSink.Level.WARNING, "Unexpected reply to PSYNC from master: " + line);
    }
    cachedReplid = null;
    node.disconnectReplicas();
    log.log(ReplicationLogSink.Level.NOTICE, "Retrying with SYNC...");
    out.add(new LinkAction.Send("SYNC\r\n".getBytes(StandardCharsets.US_ASCII)));
    initialReplid = null;
    initialOffset = 0;
    beginTransfer();
  }

  private void onContinue(String newId, List<LinkAction> out) {
    log.log(ReplicationLogSink.Level.NOTICE, "Successful partial resynchronization with master.");
    if (cachedReplid == null) {
      fail(out, "Master accepted a partial resynchronization we did not ask for.");
      return;
    }
    if (ReplicationIds.isValidId(newId) && !newId.equalsIgnoreCase(cachedReplid)) {
      log.log(ReplicationLogSink.Level.WARNING, "Master replication ID changed to " + newId);
      // Our old id stays valid up to here as replid2, for our own sub-replicas.
      node.ids().adoptNewMasterId(newId, cachedOffset);
      node.disconnectReplicas();
    }
    replOffset = cachedOffset;
    readReplOffset = cachedOffset;
    node.ensureBacklog();
    db = bugs.isOn(InjectedBug.LOSE_SELECT_AFTER_RECONNECT) ? 0 : cachedDb;
    cachedReplid = null;
    goConnected();
    log.log(
        ReplicationLogSink.Level.NOTICE,
        "MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.");
  }

  private void beginTransfer() {
    state = ReplicaLinkState.TRANSFER;
    loading = false;
    transferSize = 0;
    transferRead = 0;
    eofMark = null;
    eofTail = new byte[0];
  }

  private void onTransferHeader(String line, List<LinkAction> out) {
    if (line.isEmpty()) {
      return; // Newline keepalive while the master prepares the snapshot.
    }
    if (line.startsWith("-")) {
      fail(out, "MASTER aborted replication with an error: " + line.substring(1));
      return;
    }
    if (!line.startsWith("$")) {
      fail(
          out,
          "Bad protocol from MASTER, the first byte is not '$' (we received '"
              + line
              + "'), are you sure the host and port are right?");
      return;
    }
    if (line.startsWith("$EOF:")) {
      String mark = line.substring(5);
      if (mark.length() != ReplicationIds.ID_LENGTH) {
        fail(out, "Bad EOF mark from MASTER: '" + mark + "'");
        return;
      }
      eofMark = mark.getBytes(StandardCharsets.ISO_8859_1);
      transferSize = -1;
      log.log(
          ReplicationLogSink.Level.NOTICE,
          "MASTER <-> REPLICA sync: receiving streamed RDB from master with EOF to disk");
    } else {
      long size;
      try {
        size = Long.parseLong(line.substring(1));
      } catch (NumberFormatException e) {
        size = -1;
      }
      if (size <= 0) {
        fail(out, "Bad bulk length from MASTER: '" + line + "'");
        return;
      }
      transferSize = size;
      log.log(
          ReplicationLogSink.Level.NOTICE,
          "MASTER <-> REPLICA sync: receiving " + size + " bytes from master to disk");
    }
    out.add(new LinkAction.BeginSnapshot(transferSize));
  }

  /** Reads snapshot bytes; true when the snapshot is complete (the state has moved on). */
  private boolean readTransfer(List<LinkAction> out) {
    if (eofMark == null) {
      long left = transferSize - transferRead;
      int n = (int) Math.min(left, in.available());
      if (n > 0) {
        out.add(new LinkAction.SnapshotData(in.take(n)));
        transferRead += n;
      }
      if (transferRead < transferSize) {
        return false;
      }
      finishTransfer(out);
      return true;
    }
    // Diskless: the snapshot ends with the 40-byte mark. Hold back the last 40 bytes until we
    // know whether they are the mark.
    byte[] data = concat(eofTail, in.takeAll());
    int at = indexOf(data, eofMark);
    if (at >= 0) {
      if (at > 0) {
        out.add(new LinkAction.SnapshotData(Arrays.copyOf(data, at)));
        transferRead += at;
      }
      byte[] after = Arrays.copyOfRange(data, at + eofMark.length, data.length);
      in.append(after, 0, after.length);
      eofTail = new byte[0];
      finishTransfer(out);
      return true;
    }
    int keep = Math.min(data.length, eofMark.length - 1);
    int emit = data.length - keep;
    if (emit > 0) {
      out.add(new LinkAction.SnapshotData(Arrays.copyOf(data, emit)));
      transferRead += emit;
    }
    eofTail = Arrays.copyOfRange(data, emit, data.length);
    return false;
  }

  private void finishTransfer(List<LinkAction> out) {
    if (!bugs.isOn(InjectedBug.NO_FLUSH_BEFORE_LOAD)) {
      log.log(ReplicationLogSink.Level.NOTICE, "MASTER <-> REPLICA sync: Flushing old data");
      out.add(new LinkAction.FlushDataset());
    }
    log.log(ReplicationLogSink.Level.NOTICE, "MASTER <-> REPLICA sync: Loading DB in memory");
    out.add(new LinkAction.LoadSnapshot());
    // Bytes after the snapshot wait until the edge reports the load (they need its stream db).
    loading = true;
  }

  /**
   * The snapshot announced by {@link LinkAction.LoadSnapshot} is loaded. {@code replStreamDb} is
   * the RDB's {@code repl-stream-db} aux field (the db the master's stream had selected when the
   * snapshot was taken; a chained master's stream does not SELECT again), or -1 when absent.
   * The stream that followed the snapshot is applied now.
   */
  public List<LinkAction> snapshotLoaded(long id, int replStreamDb) {
    List<LinkAction> out = new ArrayList<>();
    if (id != linkId || state != ReplicaLinkState.TRANSFER || !loading) {
      return out;
    }
    loading = false;
    String replid =
        initialReplid != null ? initialReplid : ReplicationIds.randomId(new java.util.Random());
    long offset = bugs.isOn(InjectedBug.FULLSYNC_OFFSET_ZERO) ? 0 : initialOffset;
    node.adoptMasterHistory(replid, offset);
    replOffset = offset;
    readReplOffset = offset;
    db = Math.max(0, replStreamDb);
    boolean usedMark = eofMark != null;
    goConnected();
    log.log(ReplicationLogSink.Level.NOTICE, "MASTER <-> REPLICA sync: Finished with success");
    if (usedMark) {
      // A diskless master starts the stream only after our first ACK.
      out.add(ack());
    }
    try {
      if (in.available() > 0) {
        byte[] rest = in.takeAll();
        applyStream(rest, 0, rest.length, out);
      }
    } catch (ReplicationProtocolException e) {
      fail(out, "Protocol error from MASTER: " + e.getMessage());
    }
    return out;
  }

  private void goConnected() {
    state = ReplicaLinkState.CONNECTED;
    stream = new ReplicationStreamParser();
    linkDownSinceMillis = 0;
    lastAckMillis = clock.currentTimeMillis();
  }

  // ---------------------------------------------------------------- the stream

  private void applyStream(byte[] bytes, int off, int len, List<LinkAction> out) {
    readReplOffset += len;
    stream.feed(bytes, off, len);
    ReplicationStreamParser.Frame f;
    while ((f = stream.next()) != null) {
      applyFrame(f, out);
      replOffset += f.raw().length;
      // Chained replicas get exactly the bytes we applied.
      node.feedStream(f.raw());
    }
  }

  private void applyFrame(ReplicationStreamParser.Frame f, List<LinkAction> out) {
    if (f.isKeepalive()) {
      return;
    }
    List<byte[]> argv = f.argv();
    String name = new String(argv.get(0), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    if (name.equals("select") && argv.size() == 2) {
      // Tracked here (to resume in the right db after a partial resync) and applied too, since
      // inside MULTI the core must queue it in order.
      try {
        db = Integer.parseInt(new String(argv.get(1), StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw new ReplicationProtocolException("SELECT with a bad db index in the stream");
      }
    }
    if (name.equals("replconf")
        && argv.size() >= 2
        && new String(argv.get(1), StandardCharsets.UTF_8).equalsIgnoreCase("getack")) {
      // The offset before this command, as redis reports it.
      out.add(ack());
      return;
    }
    out.add(new LinkAction.ApplyCommand(db, argv));
  }

  // ---------------------------------------------------------------- helpers

  private void fail(List<LinkAction> out, String why) {
    log.log(ReplicationLogSink.Level.WARNING, why);
    out.add(new LinkAction.Close(why));
    state = ReplicaLinkState.CONNECT;
    markDown();
  }

  private static LinkAction send(String... argv) {
    return new LinkAction.Send(RespCommands.encode(argv));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
