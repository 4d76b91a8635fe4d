package io.replicheck.server.replication;

import io.replicheck.server.core.ManualClock;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Nodes made of the pure replication state machines, a toy dataset (SET/DEL of strings per db) and
 * an in-memory network that delivers bytes when {@link #settle()} runs: full sync, PSYNC, failover
 * and the bugs, end to end, with no sockets, threads or sleeps.
 */
final class LoopbackCluster {
  final ManualClock clock = new ManualClock(10_000_000);
  final BugSwitch bugs;
  final ReplicationSettings settings = new ReplicationSettings();
  final Map<String, Node> nodes = new HashMap<>();
  private final Deque<Runnable> network = new ArrayDeque<>();
  private final Random random = new Random(1);
  private long nextClientId = 1;

  LoopbackCluster(BugSwitch bugs) {
    this.bugs = bugs;
    settings.replDisklessSyncDelaySeconds(0);
  }

  Node node(String name) {
    return nodes.computeIfAbsent(name, Node::new);
  }

  /** Delivers everything in flight, and whatever that causes, until the network is quiet. */
  void settle() {
    for (int guard = 0; guard < 100_000; guard++) {
      Runnable r = network.poll();
      if (r == null) {
        boolean any = false;
        for (Node n : nodes.values()) {
          any |= n.maybeSnapshot();
        }
        if (!any) {
          return;
        }
        continue;
      }
      r.run();
    }
    throw new AssertionError("the loopback network did not settle");
  }

  /** Delivers one message in flight (or starts a due snapshot). */
  void settleOne() {
    Runnable r = network.poll();
    if (r != null) {
      r.run();
    } else {
      for (Node n : nodes.values()) {
        n.maybeSnapshot();
      }
    }
  }

  /** Runs every node's cron after moving the clock. */
  void tick(long millis) {
    clock.advance(millis);
    for (Node n : nodes.values()) {
      n.execute(n.link.cron());
      n.master.cron();
    }
    settle();
  }

  /** A connection from a replica's link to a master: two byte pipes. */
  final class Connection implements ReplicaOutput {
    final Node replica;
    final Node master;
    final long linkId;
    final long clientId = nextClientId++;
    final ReplicationStreamParser fromReplica = new ReplicationStreamParser();
    boolean open = true;
    int listeningPort;

    Connection(Node replica, Node master, long linkId) {
      this.replica = replica;
      this.master = master;
      this.linkId = linkId;
    }

    /** Master to replica. */
    @Override
    public void write(byte[] bytes) {
      byte[] copy = bytes.clone();
      network.add(
          () -> {
            if (open) {
              replica.execute(replica.link.received(linkId, copy));
            }
          });
    }

    @Override
    public long pendingBytes() {
      return 0;
    }

    /** The master closes it. */
    @Override
    public void close(String reason) {
      if (open) {
        open = false;
        network.add(() -> replica.execute(replica.link.disconnected(linkId)));
      }
    }

    /** Replica to master: the master's command handling for a replica connection. */
    void send(byte[] bytes) {
      byte[] copy = bytes.clone();
      network.add(
          () -> {
            if (!open) {
              return;
            }
            fromReplica.feed(copy);
            ReplicationStreamParser.Frame f;
            while (open && (f = fromReplica.next()) != null) {
              master.command(this, f.argv());
            }
          });
    }

    /** Either side breaks the TCP connection (CLIENT KILL, a partition). */
    void breakBoth() {
      if (!open) {
        return;
      }
      open = false;
      master.master.replicaDisconnected(clientId);
      replica.execute(replica.link.disconnected(linkId));
    }
  }

  final class Node {
    final String name;
    final ReplicationIds ids = new ReplicationIds(random);
    final RecordingLog log = new RecordingLog();
    final ReplicationMaster master;
    final ReplicaLink link;
    final Map<Integer, TreeMap<String, String>> data = new TreeMap<>();
    private final List<ReplicaClient> snapshotFor = new ArrayList<>();
    private byte[] snapshot;
    private final ByteArrayOutputStream receiving = new ByteArrayOutputStream();
    Connection upstream;

    Node(String name) {
      this.name = name;
      master = new ReplicationMaster(ids, settings, bugs, clock, log);
      link = new ReplicaLink(master, settings, bugs, clock, log, 6000 + name.hashCode() % 1000);
    }

    void write(int db, String key, String value) {
      data.computeIfAbsent(db, d -> new TreeMap<>()).put(key, value);
      master.feed(db, RespCommands.args("SET", key, value));
    }

    void replicaOf(Node m) {
      execute(link.replicaOf(m.name, 1));
      settle();
    }

    void promote() {
      execute(link.replicaOfNoOne());
      settle();
    }

    void execute(List<LinkAction> actions) {
      for (LinkAction a : actions) {
        if (a instanceof LinkAction.Connect c) {
          Node m = nodes.get(c.host());
          upstream = new Connection(this, m, c.linkId());
          Connection conn = upstream;
          network.add(() -> execute(link.connected(conn.linkId)));
        } else if (a instanceof LinkAction.Send s) {
          upstream.send(s.bytes());
        } else if (a instanceof LinkAction.Close) {
          if (upstream != null && upstream.open) {
            upstream.open = false;
            upstream.master.master.replicaDisconnected(upstream.clientId);
          }
        } else if (a instanceof LinkAction.BeginSnapshot) {
          receiving.reset();
        } else if (a instanceof LinkAction.SnapshotData d) {
          receiving.writeBytes(d.bytes());
        } else if (a instanceof LinkAction.FlushDataset) {
          data.clear();
        } else if (a instanceof LinkAction.LoadSnapshot) {
          int streamDb = load(receiving.toString(StandardCharsets.UTF_8));
          execute(link.snapshotLoaded(link.linkId(), streamDb));
        } else if (a instanceof LinkAction.ApplyCommand ac) {
          apply(ac.db(), java.util.Arrays.asList(ac.argv()));
        }
      }
    }

    private void apply(int db, List<byte[]> argv) {
      String cmd = new String(argv.get(0), StandardCharsets.UTF_8).toUpperCase();
      if (cmd.equals("SET")) {
        data.computeIfAbsent(db, d -> new TreeMap<>()).put(str(argv.get(1)), str(argv.get(2)));
      } else if (!cmd.equals("PING") && !cmd.equals("SELECT")) {
        throw new AssertionError("unexpected command in stream: " + cmd);
      }
    }

    /** The master side: what redis's command table does for a replica's commands. */
    void command(Connection c, List<byte[]> argv) {
      String cmd = str(argv.get(0)).toUpperCase();
      switch (cmd) {
        case "PING" -> c.write("+PONG\r\n".getBytes(StandardCharsets.US_ASCII));
        case "REPLCONF" -> {
          String sub = str(argv.get(1)).toLowerCase();
          if (sub.equals("ack")) {
            master.ack(c.clientId, Long.parseLong(str(argv.get(2))));
          } else {
            if (sub.equals("listening-port")) {
              c.listeningPort = Integer.parseInt(str(argv.get(2)));
            }
            c.write("+OK\r\n".getBytes(StandardCharsets.US_ASCII));
          }
        }
        case "PSYNC", "SYNC" -> {
          if (link.isReplica() && link.state() != ReplicaLinkState.CONNECTED) {
            c.write(
                "-NOMASTERLINK Can't SYNC while not connected with my master\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return;
          }
          String id = cmd.equals("SYNC") ? null : str(argv.get(1));
          long off = cmd.equals("SYNC") ? 0 : Long.parseLong(str(argv.get(2)));
          master.sync(
              new ReplicationMaster.ReplicaHandshake(
                  c.clientId, "127.0.0.1", c.listeningPort, true, true),
              id,
              off,
              c);
        }
        default ->
            c.write(("-ERR unknown command '" + cmd + "'\r\n").getBytes(StandardCharsets.US_ASCII));
      }
    }

    /** Starts and delivers a snapshot if replicas wait for one; true when it did. */
    boolean maybeSnapshot() {
      if (!master.fullSync().shouldStartSnapshot()) {
        return false;
      }
      boolean disk = !settings.replDisklessSync();
      snapshotFor.clear();
      snapshotFor.addAll(master.fullSync().startSnapshot(disk));
      // Like redis's repl-stream-db aux field: the db a forwarded stream continues in.
      int streamDb = link.isReplica() ? link.db() : 0;
      snapshot = ("#" + streamDb + "\n" + dump()).getBytes(StandardCharsets.UTF_8);
      // Delivery happens later, after writes made meanwhile.
      network.add(this::deliverSnapshot);
      return true;
    }

    private void deliverSnapshot() {
      boolean disk = !settings.replDisklessSync();
      String mark = "m".repeat(40);
      for (ReplicaClient r : snapshotFor) {
        master.fullSync().sendingSnapshot(r);
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        framed.writeBytes(
            (disk ? "$" + snapshot.length + "\r\n" : "$EOF:" + mark + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        framed.writeBytes(snapshot);
        if (!disk) {
          framed.writeBytes(mark.getBytes(StandardCharsets.US_ASCII));
        }
        master.fullSync().sendSnapshotBytes(r, framed.toByteArray());
        master.fullSync().snapshotDelivered(r, !disk);
      }
      master.fullSync().snapshotFinished();
    }

    String dump() {
      StringBuilder sb = new StringBuilder();
      data.forEach(
          (db, m) ->
              m.forEach(
                  (k, v) ->
                      sb.append(db).append('\t').append(k).append('\t').append(v).append('\n')));
      return sb.toString();
    }

    private int load(String s) {
      int streamDb = -1;
      for (String line : s.split("\n")) {
        if (line.startsWith("#")) {
          streamDb = Integer.parseInt(line.substring(1));
        } else if (!line.isEmpty()) {
          String[] p = line.split("\t", 3);
          data.computeIfAbsent(Integer.parseInt(p[0]), d -> new TreeMap<>()).put(p[1], p[2]);
        }
      }
      return streamDb;
    }

    long offset() {
      return link.isReplica() ? link.replOffset() : master.masterReplOffset();
    }
  }

  private static String str(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
