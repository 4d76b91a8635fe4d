package io.replicheck.server.replication;

import io.replicheck.server.core.ClientKind;
import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.CommandSpec;
import io.replicheck.server.core.CommandTable;
import io.replicheck.server.core.Numbers;

/**
 * The replication commands, as redis 7.0 answers them: PSYNC, SYNC, REPLCONF, REPLICAOF/SLAVEOF,
 * ROLE, WAIT, FAILOVER and DEBUG CHANGE-REPL-ID.
 */
final class ReplicationCommands {
  private ReplicationCommands() {}

  static void register(ReplicationNode node) {
    CommandTable t = node.core().commands();
    t.register(
        CommandSpec.of(
            "psync", -3, "admin no_async_loading no_multi noscript", 0, 0, 0, c -> psync(node, c)));
    t.register(
        CommandSpec.of(
            "sync", 1, "admin no_async_loading no_multi noscript", 0, 0, 0, c -> sync(node, c)));
    t.register(
        CommandSpec.of(
            "replconf",
            -1,
            "admin noscript loading stale allow_busy",
            0,
            0,
            0,
            c -> replconf(node, c)));
    t.register(
        CommandSpec.of(
            "replicaof",
            3,
            "admin no_async_loading noscript stale",
            0,
            0,
            0,
            c -> replicaof(node, c)));
    t.register(
        CommandSpec.of(
            "slaveof",
            3,
            "admin no_async_loading noscript stale",
            0,
            0,
            0,
            c -> replicaof(node, c)));
    t.register(
        CommandSpec.of(
            "role",
            1,
            "noscript loading stale fast",
            0,
            0,
            0,
            c -> ReplicationInfo.role(c.reply(), node.link(), node.master())));
    t.register(
        CommandSpec.of("failover", -1, "admin noscript stale", 0, 0, 0, c -> failover(node, c)));
    t.register(CommandSpec.of("wait", 3, "noscript", 0, 0, 0, c -> waitCommand(node, c)));
    node.core()
        .addDebugSubcommand(
            "change-repl-id",
            c -> {
              node.master().debugChangeReplId();
              c.ok();
            });
  }

  private static void psync(ReplicationNode node, CommandContext c) {
    Long offset = Numbers.parseLong(c.arg(2));
    if (offset == null) {
      c.notInteger();
      return;
    }
    boolean failover = c.argc() > 3 && c.argLower(3).equals("failover");
    reply(c, node.sync(c.client(), c.argString(1), offset, failover));
  }

  /** FAILOVER [TO host port [FORCE]] [ABORT] [TIMEOUT ms], parsed as redis 7.0 does. */
  private static void failover(ReplicationNode node, CommandContext c) {
    if (c.argc() == 2 && c.argLower(1).equals("abort")) {
      String error = node.abortFailoverCommand();
      if (error != null) {
        c.error(error);
      } else {
        c.ok();
      }
      return;
    }
    long timeout = 0;
    boolean force = false;
    String host = null;
    long port = 0;
    for (int j = 1; j < c.argc(); j++) {
      String a = c.argLower(j);
      if (a.equals("timeout") && j + 1 < c.argc() && timeout == 0) {
        Long t = c.longArg(j + 1);
        if (t == null) {
          return;
        }
        if (t <= 0) {
          c.error("ERR FAILOVER timeout must be greater than 0");
          return;
        }
        timeout = t;
        j++;
      } else if (a.equals("to") && j + 2 < c.argc() && host == null) {
        Long p = c.longArg(j + 2);
        if (p == null) {
          return;
        }
        host = c.argString(j + 1);
        port = p;
        j += 2;
      } else if (a.equals("force") && !force) {
        force = true;
      } else {
        c.syntaxError();
        return;
      }
    }
    // A port outside int never names a replica: keep it out of range rather than wrap it.
    int p = port < 0 || port > 65535 ? -1 : (int) port;
    String error = node.startFailover(host, p, timeout, force);
    if (error != null) {
      c.error(error);
    } else {
      c.ok();
    }
  }

  private static void sync(ReplicationNode node, CommandContext c) {
    reply(c, node.sync(c.client(), null, 0));
  }

  private static void reply(CommandContext c, String error) {
    if (error != null) {
      c.error(error);
    }
  }

  private static void replconf(ReplicationNode node, CommandContext c) {
    if (c.argc() % 2 == 0) {
      c.syntaxError();
      return;
    }
    ReplicationNode.Handshake h = null;
    for (int i = 1; i < c.argc(); i += 2) {
      String opt = c.argLower(i);
      switch (opt) {
        case "listening-port" -> {
          Long port = Numbers.parseLong(c.arg(i + 1));
          if (port == null || port < 0 || port > 65535) {
            c.notInteger();
            return;
          }
          h = h != null ? h : node.handshake(c.client());
          h.listeningPort = port.intValue();
        }
        case "ip-address" -> {
          h = h != null ? h : node.handshake(c.client());
          h.ip = c.argString(i + 1);
        }
        case "capa" -> {
          h = h != null ? h : node.handshake(c.client());
          String capa = c.argLower(i + 1);
          if (capa.equals("eof")) {
            h.capaEof = true;
          } else if (capa.equals("psync2")) {
            h.capaPsync2 = true;
          }
        }
        case "ack", "fack" -> {
          // Sent by replicas on the stream connection: never answered.
          if (opt.equals("ack") && c.client().kind() == ClientKind.REPLICA) {
            Long off = Numbers.parseLong(c.arg(i + 1));
            if (off != null) {
              node.ack(c.client(), off);
            }
          }
          return;
        }
        case "getack" -> {
          // Only meaningful from our master, where the link answers it; ignored otherwise.
          return;
        }
        case "rdb-only" -> {
          h = h != null ? h : node.handshake(c.client());
          h.rdbOnly = c.argString(i + 1).equals("1");
        }
        case "rdb-filter-only" -> {
          // redis-cli --functions-rdb: we have no functions; the whole snapshot is sent.
        }
        default -> {
          c.error("ERR Unrecognized REPLCONF option: " + c.argString(i));
          return;
        }
      }
    }
    c.ok();
  }

  private static void replicaof(ReplicationNode node, CommandContext c) {
    String host = c.argString(1);
    String portArg = c.argString(2);
    String who = node.describe(c.client());
    if (node.failingOver()) {
      c.error("ERR REPLICAOF not allowed while failing over.");
      return;
    }
    if (host.equalsIgnoreCase("no") && portArg.equalsIgnoreCase("one")) {
      node.replicaOfNoOne(who);
      c.ok();
      return;
    }
    if (c.client().kind() == ClientKind.REPLICA) {
      c.error("ERR Command is not valid when client is a replica.");
      return;
    }
    Long port = Numbers.parseLong(c.arg(2));
    if (port == null || port < 0 || port > 65535) {
      c.error("ERR Invalid master port");
      return;
    }
    c.reply().simple(node.replicaOf(host, port.intValue(), who));
  }

  private static void waitCommand(ReplicationNode node, CommandContext c) {
    if (node.link().isReplica()) {
      c.error(
          "ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0"
              + " if a replica is configured to be writable (which is not the default) writes to"
              + " replicas are just local and are not propagated.");
      return;
    }
    Long n = c.longArg(1);
    if (n == null) {
      return;
    }
    Long timeout = c.longArg(2);
    if (timeout == null) {
      return;
    }
    if (timeout < 0) {
      c.error("ERR timeout is negative");
      return;
    }
    node.waits()
        .waitFor(
            c.client(), (int) Math.min(Integer.MAX_VALUE, Math.max(0, n)), timeout, c.inExec());
  }
}
