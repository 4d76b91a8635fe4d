package io.replicheck.server.command;

import static io.replicheck.server.command.Args.eq;

import io.replicheck.server.core.Client;
import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.CommandSpec;
import io.replicheck.server.core.CommandTable;
import io.replicheck.server.core.ServerCore;
import java.util.List;

/**
 * PING (its subscribed-mode form too), ECHO, QUIT, AUTH, HELLO, RESET and
 * MULTI/EXEC/DISCARD/WATCH/UNWATCH (multi.c).
 */
final class ConnectionCommands {
  private ConnectionCommands() {}

  static void register(CommandTable t) {
    t.register(CommandSpec.of("ping", -1, "fast", 0, 0, 0, ConnectionCommands::ping));
    t.register(
        CommandSpec.of("echo", 2, "fast loading stale", 0, 0, 0, c -> c.reply().bulk(c.arg(1))));
    t.register(
        CommandSpec.of(
            "quit",
            -1,
            "allow_busy fast loading no_auth noscript stale",
            0,
            0,
            0,
            c -> {
              c.ok();
              c.client().connection().closeAfterReply();
            }));
    t.register(
        CommandSpec.of(
            "auth",
            -2,
            "allow_busy fast loading no_auth noscript stale",
            0,
            0,
            0,
            ConnectionCommands::auth));
    t.register(
        CommandSpec.of(
            "hello",
            -1,
            "allow_busy fast loading no_auth noscript stale",
            0,
            0,
            0,
            ConnectionCommands::hello));
    t.register(
        CommandSpec.of(
            "multi",
            1,
            "allow_busy fast loading noscript stale",
            0,
            0,
            0,
            ConnectionCommands::multi));
    t.register(
        CommandSpec.of(
            "exec", 1, "loading noscript skip_slowlog stale", 0, 0, 0, ConnectionCommands::exec));
    t.register(
        CommandSpec.of(
            "discard",
            1,
            "allow_busy fast loading noscript stale",
            0,
            0,
            0,
            ConnectionCommands::discard));
    t.register(
        CommandSpec.of(
            "watch",
            -2,
            "allow_busy fast loading noscript stale",
            1,
            -1,
            1,
            ConnectionCommands::watch));
    t.register(
        CommandSpec.of(
            "reset",
            1,
            "allow_busy fast loading no_auth noscript stale",
            0,
            0,
            0,
            ConnectionCommands::reset));
    t.register(
        CommandSpec.of(
            "unwatch",
            1,
            "allow_busy fast loading noscript stale",
            0,
            0,
            0,
            c -> {
              c.core().watches().unwatchAll(c.client());
              c.ok();
            }));
  }

  static void ping(CommandContext c) {
    if (c.argc() > 2) {
      c.wrongArgs();
      return;
    }
    if (c.client().isPubSub() && c.client().protocol() == 2) {
      // Subscribed mode in RESP2: a push-shaped reply, so it can be told from messages.
      c.reply().arrayHeader(2);
      c.reply().bulk("pong");
      c.reply().bulk(c.argc() == 1 ? new byte[0] : c.arg(1));
      return;
    }
    if (c.argc() == 1) {
      c.reply().simple("PONG");
    } else {
      c.reply().bulk(c.arg(1));
    }
  }

  /** Checks a password for user "default"; returns null or the error text. */
  private static String checkAuth(ServerCore core, String user, String pass) {
    String required = core.config().requirepass;
    if (!user.equals("default")) {
      return "WRONGPASS invalid username-password pair or user is disabled.";
    }
    if (required.isEmpty() || required.equals(pass)) {
      return null;
    }
    return "WRONGPASS invalid username-password pair or user is disabled.";
  }

  static void auth(CommandContext c) {
    if (c.argc() > 3) {
      c.syntaxError();
      return;
    }
    String user = c.argc() == 3 ? c.argString(1) : "default";
    String pass = c.argString(c.argc() - 1);
    if (c.argc() == 2 && c.core().config().requirepass.isEmpty()) {
      c.error(
          "ERR AUTH <password> called without any password configured for the default user. "
              + "Are you sure your configuration is correct?");
      return;
    }
    String err = checkAuth(c.core(), user, pass);
    if (err != null) {
      c.error(err);
      return;
    }
    c.client().setAuthenticated(true);
    c.ok();
  }

  static void hello(CommandContext c) {
    int ver = 0;
    int j = 1;
    if (c.argc() >= 2) {
      Long v = io.replicheck.server.core.Numbers.parseLong(c.arg(1));
      if (v == null) {
        c.error("ERR Protocol version is not an integer or out of range");
        return;
      }
      if (v < 2 || v > 3) {
        c.error("NOPROTO unsupported protocol version");
        return;
      }
      ver = v.intValue();
      j = 2;
    }
    String setName = null;
    for (; j < c.argc(); j++) {
      int left = c.argc() - j - 1;
      if (eq(c.arg(j), "auth") && left >= 2) {
        String err = checkAuth(c.core(), c.argString(j + 1), c.argString(j + 2));
        if (err != null) {
          c.error(err);
          return;
        }
        c.client().setAuthenticated(true);
        j += 2;
      } else if (eq(c.arg(j), "setname") && left >= 1) {
        setName = c.argString(j + 1);
        if (!ClientCommand.validName(setName)) {
          c.error("ERR Client names cannot contain spaces, newlines or special characters.");
          return;
        }
        j++;
      } else {
        c.error("ERR Syntax error in HELLO option '" + c.argString(j) + "'");
        return;
      }
    }
    if (!c.client().isAuthenticated()) {
      c.error(
          "NOAUTH HELLO must be called with the client already authenticated, otherwise the "
              + "HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and "
              + "select the RESP protocol version at the same time");
      return;
    }
    if (setName != null) {
      c.client().setName(setName.isEmpty() ? null : setName);
    }
    if (ver != 0) {
      c.client().setProtocol(ver);
    }
    var r = c.reply();
    r.mapHeader(7);
    r.bulk("server");
    r.bulk("redis");
    r.bulk("version");
    r.bulk(ServerCore.REDIS_VERSION);
    r.bulk("proto");
    r.integer(c.client().protocol());
    r.bulk("id");
    r.integer(c.client().id());
    r.bulk("mode");
    r.bulk("standalone");
    r.bulk("role");
    r.bulk(c.core().isReplica() ? "replica" : "master");
    r.bulk("modules");
    r.arrayHeader(0);
  }

  /** RESET: back to a fresh connection's state (db 0, RESP2, no name, no MULTI/WATCH, re-auth). */
  static void reset(CommandContext c) {
    Client cl = c.client();
    if (cl.inMulti()) {
      cl.endMulti();
    }
    c.core().watches().unwatchAll(cl);
    c.core().pubSub().forget(cl);
    c.core().monitors().remove(cl);
    cl.selectDb(0);
    cl.setName(null);
    cl.setProtocol(2);
    cl.setAuthenticated(c.core().config().requirepass.isEmpty());
    c.reply().simple("RESET");
  }

  static void multi(CommandContext c) {
    if (c.client().inMulti()) {
      c.error("ERR MULTI calls can not be nested");
      return;
    }
    c.client().startMulti();
    c.ok();
  }

  static void discard(CommandContext c) {
    if (!c.client().inMulti()) {
      c.error("ERR DISCARD without MULTI");
      return;
    }
    c.client().endMulti();
    c.core().watches().unwatchAll(c.client());
    c.ok();
  }

  static void watch(CommandContext c) {
    if (c.client().inMulti()) {
      c.error("ERR WATCH inside MULTI is not allowed");
      return;
    }
    for (int j = 1; j < c.argc(); j++) {
      c.core().watches().watch(c.client(), c.arg(j));
    }
    c.ok();
  }

  static void exec(CommandContext c) {
    Client cl = c.client();
    c.preventPropagation();
    if (!cl.inMulti()) {
      c.error("ERR EXEC without MULTI");
      return;
    }
    if (cl.multiError()) {
      cl.endMulti();
      c.core().watches().unwatchAll(cl);
      c.error("EXECABORT Transaction discarded because of previous errors.");
      return;
    }
    if (c.core().watches().watchFailed(cl)) {
      cl.endMulti();
      c.core().watches().unwatchAll(cl);
      c.reply().nullArray();
      return;
    }
    List<byte[][]> queued = cl.queued();
    cl.endMulti();
    c.core().watches().unwatchAll(cl);
    c.reply().arrayHeader(queued.size());
    for (byte[][] argv : queued) {
      CommandSpec spec = c.core().commands().lookup(argv[0]);
      if (c.core().isReplica()
          && c.core().config().replicaReadOnly
          && !cl.isMaster()
          && spec.isWrite()) {
        c.error("READONLY You can't write against a read only replica.");
        continue;
      }
      c.core().callInExec(cl, spec, argv);
    }
  }
}
