package io.replicheck.server.core;

import io.replicheck.server.resp.ReplySink;
import java.util.ArrayList;
import java.util.List;

/** A connected client's state as the core sees it (selected db, auth, MULTI, WATCH, blocking). */
public final class Client {
  final long id;
  final ClientConnection conn;
  ClientKind kind = ClientKind.NORMAL;
  int db;
  int protocol = 2;
  boolean authenticated;
  String name;
  final long createdAt;
  long lastInteraction;
  String lastCommand = "NULL";

  // the master client: its reply sink, and the first error a command of the stream replied
  private MasterReplySink masterSink;
  StreamError masterError;

  /** An error reply to a command of the master's stream, and the command that gave it. */
  public record StreamError(String reply, String command) {}

  // MULTI state
  boolean inMulti;
  List<byte[][]> queued;
  boolean multiError;
  boolean watchDirty;
  final List<Watched> watched = new ArrayList<>(0);

  // CLIENT REPLY OFF / SKIP
  boolean replyOff;
  boolean skipNext;
  boolean skipCurrent;

  // Pub/sub (PubSub): subscriptions by name, subscribed mode (redis's CLIENT_PUBSUB)
  final java.util.Set<String> subChannels = new java.util.LinkedHashSet<>(0);
  final java.util.Set<String> subPatterns = new java.util.LinkedHashSet<>(0);
  final java.util.Set<String> subShardChannels = new java.util.LinkedHashSet<>(0);
  boolean pubsubMode;
  long obufSoftLimitSince = -1;

  // Blocking
  Blocker blocker;
  boolean closed;

  // MONITOR mode (Monitors)
  boolean monitor;

  /**
   * A key watched by this client; {@code expiredAtWatch}: it was logically expired when watched.
   */
  public record Watched(int db, byte[] key, boolean expiredAtWatch) {}

  Client(long id, ClientConnection conn, long now) {
    this.id = id;
    this.conn = conn;
    this.createdAt = now;
    this.lastInteraction = now;
  }

  public long id() {
    return id;
  }

  public ClientConnection connection() {
    return conn;
  }

  public ReplySink reply() {
    if (kind == ClientKind.MASTER) {
      if (masterSink == null) masterSink = new MasterReplySink(this);
      return masterSink;
    }
    return replyOff || skipCurrent ? DiscardingReplySink.INSTANCE : conn.sink();
  }

  /** The error the last applied command of the master's stream replied, once, or null. */
  public StreamError takeStreamError() {
    StreamError e = masterError;
    masterError = null;
    return e;
  }

  /** Where pushes go (pub/sub): the connection even under CLIENT REPLY OFF, none for the master. */
  public ReplySink pushSink() {
    return kind == ClientKind.MASTER ? DiscardingReplySink.INSTANCE : conn.sink();
  }

  /** Subscribed to something (redis's CLIENT_PUBSUB): RESP2 allows only the pub/sub commands. */
  public boolean isPubSub() {
    return pubsubMode;
  }

  public int channelSubscriptions() {
    return subChannels.size();
  }

  public int patternSubscriptions() {
    return subPatterns.size();
  }

  public int shardSubscriptions() {
    return subShardChannels.size();
  }

  /** CLIENT REPLY ON|OFF|SKIP. */
  public void setReplyMode(String mode) {
    switch (mode) {
      case "on" -> {
        replyOff = false;
        skipCurrent = false;
      }
      case "off" -> replyOff = true;
      default -> {
        skipNext = true;
        skipCurrent = true;
      }
    }
  }

  public ClientKind kind() {
    return kind;
  }

  /** Marks the client as a replica (after PSYNC/SYNC) or as the master link. */
  public void setKind(ClientKind kind) {
    this.kind = kind;
  }

  public boolean isMaster() {
    return kind == ClientKind.MASTER;
  }

  public int db() {
    return db;
  }

  public void selectDb(int db) {
    this.db = db;
  }

  public int protocol() {
    return protocol;
  }

  public String name() {
    return name;
  }

  public boolean isAuthenticated() {
    return authenticated;
  }

  public boolean isBlocked() {
    return blocker != null;
  }

  public Blocker blocker() {
    return blocker;
  }

  public boolean inMulti() {
    return inMulti;
  }

  public boolean isMonitor() {
    return monitor;
  }

  public boolean isClosed() {
    return closed;
  }

  public long createdAt() {
    return createdAt;
  }

  public long lastInteraction() {
    return lastInteraction;
  }

  // ---- MULTI state, for the transaction commands ----

  public void startMulti() {
    inMulti = true;
    queued = new ArrayList<>();
    multiError = false;
  }

  /** Queued commands and whether queuing failed (EXECABORT). */
  public List<byte[][]> queued() {
    return queued;
  }

  public boolean multiError() {
    return multiError;
  }

  public void endMulti() {
    inMulti = false;
    queued = null;
    multiError = false;
  }

  public List<Watched> watched() {
    return watched;
  }

  public void setName(String name) {
    this.name = name;
  }

  public void setAuthenticated(boolean a) {
    this.authenticated = a;
  }

  public void setProtocol(int p) {
    this.protocol = p;
    conn.setProtocol(p);
  }

  public String lastCommand() {
    return lastCommand;
  }
}
