package io.replicheck.server.command;

import static io.replicheck.server.command.Args.b;
import static io.replicheck.server.command.Args.eq;

import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.Db;
import io.replicheck.server.core.Numbers;
import io.replicheck.server.core.RObject;

/**
 * Key expiry commands (expire.c): EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT with NX/XX/GT/LT, TTL, PTTL,
 * EXPIRETIME, PEXPIRETIME, PERSIST. Registered with the other key commands in {@link KeyCommands}.
 */
final class ExpireCommands {
  private ExpireCommands() {}

  static void expire(CommandContext c, long unitMs, boolean absolute, String name) {
    byte[] key = c.arg(1);
    boolean nx = false;
    boolean xx = false;
    boolean gt = false;
    boolean lt = false;
    for (int j = 3; j < c.argc(); j++) {
      byte[] a = c.arg(j);
      if (eq(a, "nx")) {
        nx = true;
      } else if (eq(a, "xx")) {
        xx = true;
      } else if (eq(a, "gt")) {
        gt = true;
      } else if (eq(a, "lt")) {
        lt = true;
      } else {
        c.error("ERR Unsupported option " + Args.str(a));
        return;
      }
    }
    if (nx && (xx || gt || lt)) {
      c.error("ERR NX and XX, GT or LT options at the same time are not compatible");
      return;
    }
    if (gt && lt) {
      c.error("ERR GT and LT options at the same time are not compatible");
      return;
    }
    // redis parses the options first (parseExtendedExpireArgumentsOrReply), then the time
    Long v = Numbers.parseLong(c.arg(2));
    if (v == null) {
      c.notInteger();
      return;
    }
    long when = v;
    if (unitMs == 1000) {
      if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
        c.error("ERR invalid expire time in '" + name + "' command");
        return;
      }
      when *= 1000;
    }
    if (!absolute) {
      long now = c.now();
      if ((when > 0 && when > Long.MAX_VALUE - now)) {
        c.error("ERR invalid expire time in '" + name + "' command");
        return;
      }
      when += now;
    }
    Db db = c.db();
    RObject o = db.lookupWrite(key);
    if (o == null) {
      c.reply().integer(0);
      return;
    }
    long cur = o.expireAt();
    if (nx && cur >= 0) {
      c.reply().integer(0);
      return;
    }
    if (xx && cur < 0) {
      c.reply().integer(0);
      return;
    }
    if (gt && (cur < 0 || when <= cur)) {
      c.reply().integer(0);
      return;
    }
    if (lt && cur >= 0 && when >= cur) {
      c.reply().integer(0);
      return;
    }
    if (when <= c.now() && !c.core().isReplica() && !c.client().isMaster()) {
      db.delete(key);
      c.core().stats().expiredKeys += 0; // an explicit delete, not an expiry
      c.signalModified(key);
      c.dirty(1);
      c.propagateAs(b("DEL"), key);
      if (!absolute && c.core().propagation().injected("expire-propagated-relative")) {
        c.propagateAs(c.argv());
      }
      c.reply().integer(1);
      return;
    }
    db.setExpire(key, when);
    c.signalModified(key);
    c.dirty(1);
    c.propagateAs(b("PEXPIREAT"), key, Numbers.toBytes(when));
    if (!absolute && c.core().propagation().injected("expire-propagated-relative")) {
      c.propagateAs(c.argv()); // the bug: relative, so a replica counts from when it applies it
    }
    c.reply().integer(1);
  }

  static void ttl(CommandContext c, boolean ms, boolean absolute) {
    RObject o = c.db().lookupRead(c.arg(1));
    if (o == null) {
      c.reply().integer(-2);
      return;
    }
    long e = o.expireAt();
    if (e < 0) {
      c.reply().integer(-1);
      return;
    }
    if (absolute) {
      c.reply().integer(ms ? e : e / 1000);
      return;
    }
    long ttl = Math.max(0, e - c.now());
    c.reply().integer(ms ? ttl : (ttl + 500) / 1000);
  }

  static void persist(CommandContext c) {
    byte[] key = c.arg(1);
    if (c.db().lookupWrite(key) == null) {
      c.reply().integer(0);
      return;
    }
    if (c.db().persist(key)) {
      c.signalModified(key);
      c.dirty(1);
      c.reply().integer(1);
    } else {
      c.reply().integer(0);
    }
  }
}
