package io.replicheck.server.command;

import static io.replicheck.server.command.Args.eq;

import io.replicheck.server.core.Client;
import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.CommandSpec;
import io.replicheck.server.core.CommandTable;
import io.replicheck.server.core.Numbers;
import io.replicheck.server.core.ServerCore;
import java.util.ArrayList;
import java.util.List;

/** CLIENT and its subcommands (networking.c clientCommand). */
public final class ClientCommand {
  private ClientCommand() {}

  static void register(CommandTable t) {
    t.register(
        CommandSpec.of("client", -2, "noscript loading stale", 0, 0, 0, ClientCommand::client));
  }

  static boolean validName(String n) {
    for (int i = 0; i < n.length(); i++) {
      char ch = n.charAt(i);
      if (ch < '!' || ch > '~') {
        return false;
      }
    }
    return true;
  }

  private static boolean arity(CommandContext c, String sub, int arity) {
    boolean ok = arity > 0 ? c.argc() == arity : c.argc() >= -arity;
    if (!ok) {
      c.error("ERR wrong number of arguments for 'client|" + sub + "' command");
    }
    return ok;
  }

  static void client(CommandContext c) {
    String sub = c.argLower(1);
    Client me = c.client();
    ServerCore core = c.core();
    switch (sub) {
      case "id" -> {
        if (arity(c, sub, 2)) {
          c.reply().integer(me.id());
        }
      }
      case "getname" -> {
        if (arity(c, sub, 2)) {
          if (me.name() == null) {
            c.reply().nullBulk();
          } else {
            c.reply().bulk(me.name());
          }
        }
      }
      case "setname" -> {
        if (!arity(c, sub, 3)) {
          return;
        }
        String n = c.argString(2);
        if (!validName(n)) {
          c.error("ERR Client names cannot contain spaces, newlines or special characters.");
          return;
        }
        me.setName(n.isEmpty() ? null : n);
        c.ok();
      }
      case "info" -> {
        if (arity(c, sub, 2)) {
          c.reply().verbatim(describe(core, me) + "\n");
        }
      }
      case "list" -> list(c);
      case "kill" -> kill(c);
      case "pause" -> {
        if (!arity(c, sub, -3) || c.argc() > 4) {
          if (c.argc() > 4) {
            c.syntaxError();
          }
          return;
        }
        Long ms = Numbers.parseLong(c.arg(2));
        if (ms == null || ms < 0) {
          c.error("ERR timeout is not an integer or out of range");
          return;
        }
        boolean all = true;
        if (c.argc() == 4) {
          if (eq(c.arg(3), "write")) {
            all = false;
          } else if (!eq(c.arg(3), "all")) {
            c.error("ERR CLIENT PAUSE mode must be WRITE or ALL");
            return;
          }
        }
        core.clientPause().pause(core.clock().currentTimeMillis() + ms, all);
        c.ok();
      }
      case "unpause" -> {
        if (arity(c, sub, 2)) {
          core.clientPause().unpause();
          c.ok();
        }
      }
      case "reply" -> {
        if (arity(c, sub, 3)) {
          String mode = c.argLower(2);
          if (!mode.equals("on") && !mode.equals("off") && !mode.equals("skip")) {
            c.syntaxError();
            return;
          }
          me.setReplyMode(mode);
          c.ok(); // only ON is answered: OFF and SKIP already silence this reply
        }
      }
      case "unblock", "tracking", "caching", "getredir", "trackinginfo" -> {
        if (arity(c, sub, ClientTracking.arity(sub))) {
          ClientTracking.client(c, sub);
        }
      }
      case "no-evict", "no-touch" -> {
        if (arity(c, sub, 3)) {
          c.ok();
        }
      }
      case "help" -> {
        String[] lines = {
          "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
          "GETNAME",
          "ID",
          "INFO",
          "KILL <ip:port>",
          "KILL <option> <value> [<option> <value> [...]]",
          "LIST [options ...]",
          "UNPAUSE",
          "PAUSE <timeout> [WRITE|ALL]",
          "SETNAME <name>",
          "HELP"
        };
        c.reply().arrayHeader(lines.length);
        for (String l : lines) {
          c.reply().simple(l);
        }
      }
      default -> c.error("ERR unknown subcommand '" + c.argString(1) + "'. Try CLIENT HELP.");
    }
  }

  /** CLIENT LIST/KILL TYPE of a client (getClientType): master, replica, pubsub or normal. */
  static String typeName(Client cl) {
    return switch (cl.kind()) {
      case MASTER -> "master";
      case REPLICA -> "replica";
      default -> cl.isPubSub() ? "pubsub" : "normal";
    };
  }

  /** One CLIENT LIST line (redis 7.0 fields). */
  public static String describe(ServerCore core, Client cl) {
    long now = core.clock().currentTimeMillis();
    String flags =
        switch (cl.kind()) {
          case MASTER -> "M";
          case REPLICA -> "S";
          default -> cl.isMonitor() ? "O" : "";
        };
    if (cl.isPubSub()) {
      flags += "P";
    }
    if (cl.isBlocked()) {
      flags += "b";
    }
    if (cl.inMulti()) {
      flags += "x";
    }
    io.replicheck.server.core.Tracking.Mode tracking = core.tracking().mode(cl);
    if (tracking != null) {
      flags += "t" + (tracking.brokenRedirect ? "R" : "") + (tracking.bcast ? "B" : "");
    }
    if (flags.isEmpty()) {
      flags = "N";
    }
    return "id="
        + cl.id()
        + " addr="
        + cl.connection().remoteAddress()
        + " laddr="
        + cl.connection().localAddress()
        + " fd=8 name="
        + (cl.name() == null ? "" : cl.name())
        + " age="
        + (now - cl.createdAt()) / 1000
        + " idle="
        + (now - cl.lastInteraction()) / 1000
        + " flags="
        + flags
        + " db="
        + cl.db()
        + " sub="
        + cl.channelSubscriptions()
        + " psub="
        + cl.patternSubscriptions()
        + " ssub="
        + cl.shardSubscriptions()
        + " multi="
        + (cl.inMulti() ? cl.queued().size() : -1)
        + " qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0"
        + " rbs=1024 rbp=0 obl=0 oll=0 omem="
        + cl.connection().pendingOutputBytes()
        + " tot-mem=1024 events=r cmd="
        + cl.lastCommand()
        + " user=default redir="
        + (tracking == null ? -1 : tracking.redirect)
        + " resp="
        + cl.protocol();
  }

  static void list(CommandContext c) {
    List<Client> out = new ArrayList<>(c.core().clients());
    if (c.argc() == 4 && eq(c.arg(2), "type")) {
      String k = parseType(c.argLower(3));
      if (k == null) {
        c.error("ERR Unknown client type '" + c.argString(3) + "'");
        return;
      }
      out.removeIf(cl -> !typeName(cl).equals(k));
    } else if (c.argc() >= 4 && eq(c.arg(2), "id")) {
      List<Long> ids = new ArrayList<>();
      for (int j = 3; j < c.argc(); j++) {
        Long id = Numbers.parseLong(c.arg(j));
        if (id == null || id <= 0) {
          c.error("ERR Invalid client ID");
          return;
        }
        ids.add(id);
      }
      out.removeIf(cl -> !ids.contains(cl.id()));
    } else if (c.argc() != 2) {
      c.syntaxError();
      return;
    }
    StringBuilder b = new StringBuilder();
    for (Client cl : out) {
      b.append(describe(c.core(), cl)).append('\n');
    }
    c.reply().verbatim(b.toString());
  }

  /** A TYPE argument as {@link #typeName} spells it, or null when unknown. */
  static String parseType(String t) {
    return switch (t) {
      case "normal", "master", "pubsub", "replica" -> t;
      case "slave" -> "replica";
      default -> null;
    };
  }

  static void kill(CommandContext c) {
    ServerCore core = c.core();
    if (c.argc() == 3) {
      String addr = c.argString(2);
      for (Client cl : core.clients()) {
        if (cl.connection().remoteAddress().equals(addr)) {
          c.ok();
          core.killClient(cl);
          return;
        }
      }
      c.error("ERR No such client");
      return;
    }
    if (c.argc() < 4 || c.argc() % 2 != 0) {
      c.syntaxError();
      return;
    }
    String addr = null;
    String laddr = null;
    Long id = null;
    String type = null;
    boolean skipMe = true;
    Long maxAge = null;
    for (int j = 2; j < c.argc(); j += 2) {
      String opt = c.argLower(j);
      String val = c.argString(j + 1);
      switch (opt) {
        case "addr" -> addr = val;
        case "laddr" -> laddr = val;
        case "id" -> {
          id = Numbers.parseLong(c.arg(j + 1));
          if (id == null || id <= 0) {
            c.error("ERR client-id should be greater than 0");
            return;
          }
        }
        case "type" -> {
          type = parseType(val.toLowerCase(java.util.Locale.ROOT));
          if (type == null) {
            c.error("ERR Unknown client type '" + val + "'");
            return;
          }
        }
        case "skipme" -> {
          if (val.equalsIgnoreCase("yes")) {
            skipMe = true;
          } else if (val.equalsIgnoreCase("no")) {
            skipMe = false;
          } else {
            c.syntaxError();
            return;
          }
        }
        case "user" -> {
          if (!val.equals("default")) {
            c.error("ERR No such user '" + val + "'");
            return;
          }
        }
        case "maxage" -> {
          maxAge = Numbers.parseLong(c.arg(j + 1));
          if (maxAge == null) {
            c.notInteger();
            return;
          }
        }
        default -> {
          c.syntaxError();
          return;
        }
      }
    }
    long now = core.clock().currentTimeMillis();
    int killed = 0;
    boolean killMe = false;
    for (Client cl : core.clients()) {
      if (addr != null && !cl.connection().remoteAddress().equals(addr)) {
        continue;
      }
      if (laddr != null && !cl.connection().localAddress().equals(laddr)) {
        continue;
      }
      if (id != null && cl.id() != id) {
        continue;
      }
      if (type != null && !typeName(cl).equals(type)) {
        continue;
      }
      if (maxAge != null && (now - cl.createdAt()) / 1000 < maxAge) {
        continue;
      }
      if (cl == c.client()) {
        if (skipMe) {
          continue;
        }
        killMe = true;
        killed++;
        continue;
      }
      core.killClient(cl);
      killed++;
    }
    c.reply().integer(killed);
    if (killMe) {
      c.client().connection().closeAfterReply();
    }
  }
}
