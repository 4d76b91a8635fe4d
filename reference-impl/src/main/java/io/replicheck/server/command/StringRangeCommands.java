package io.replicheck.server.command;

import static io.replicheck.server.command.StringCommands.WRONG;
import static io.replicheck.server.command.StringCommands.readString;

import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.Numbers;
import io.replicheck.server.core.RString;
import java.util.Arrays;

/**
 * String commands that edit or read a string by byte range (t_string.c): APPEND, STRLEN, SETRANGE,
 * GETRANGE (and SUBSTR). Registered with the other string commands in {@link StringCommands}.
 */
final class StringRangeCommands {
  private StringRangeCommands() {}

  static void append(CommandContext c) {
    RString s = readString(c, c.arg(1));
    if (s == WRONG) {
      return;
    }
    byte[] add = c.arg(2);
    byte[] nv;
    if (s == null) {
      nv = add;
      c.db().set(c.arg(1), RString.of(add));
    } else {
      if ((long) s.bytes().length + add.length > c.core().config().protoMaxBulkLen) {
        c.error("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
        return;
      }
      nv = Arrays.copyOf(s.bytes(), s.bytes().length + add.length);
      System.arraycopy(add, 0, nv, s.bytes().length, add.length);
      c.db().setKeepTtl(c.arg(1), RString.raw(nv));
    }
    c.signalModified(c.arg(1));
    c.dirty(1);
    c.reply().integer(nv.length);
  }

  static void strlen(CommandContext c) {
    RString s = readString(c, c.arg(1));
    if (s == WRONG) {
      return;
    }
    c.reply().integer(s == null ? 0 : s.bytes().length);
  }

  static void setrange(CommandContext c) {
    Long off = c.longArg(2);
    if (off == null) {
      return;
    }
    if (off < 0) {
      c.error("ERR offset is out of range");
      return;
    }
    byte[] val = c.arg(3);
    RString s = readString(c, c.arg(1));
    if (s == WRONG) {
      return;
    }
    if (s == null) {
      if (val.length == 0) {
        c.reply().integer(0);
        return;
      }
    } else if (val.length == 0) {
      c.reply().integer(s.bytes().length);
      return;
    }
    if (off > c.core().config().protoMaxBulkLen - val.length) { // no overflow near 2^63
      c.error("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
      return;
    }
    byte[] old = s == null ? new byte[0] : s.bytes();
    int newLen = (int) Math.max(old.length, off + val.length);
    byte[] nv = Arrays.copyOf(old, newLen);
    System.arraycopy(val, 0, nv, off.intValue(), val.length);
    if (s == null) {
      c.db().set(c.arg(1), RString.raw(nv));
    } else {
      c.db().setKeepTtl(c.arg(1), RString.raw(nv));
    }
    c.signalModified(c.arg(1));
    c.dirty(1);
    c.reply().integer(nv.length);
  }

  static void getrange(CommandContext c) {
    Long start = Numbers.parseLong(c.arg(2));
    Long end = Numbers.parseLong(c.arg(3));
    if (start == null || end == null) {
      c.notInteger();
      return;
    }
    RString s = readString(c, c.arg(1));
    if (s == WRONG) {
      return;
    }
    if (s == null) {
      c.reply().bulk(new byte[0]);
      return;
    }
    byte[] v = s.bytes();
    long len = v.length;
    long a = start;
    long e = end;
    if (a < 0 && e < 0 && a > e) {
      c.reply().bulk(new byte[0]);
      return;
    }
    if (a < 0) {
      a = len + a;
    }
    if (e < 0) {
      e = len + e;
    }
    if (a < 0) {
      a = 0;
    }
    if (e < 0) {
      e = 0;
    }
    if (e >= len) {
      e = len - 1;
    }
    if (a > e || len == 0) {
      c.reply().bulk(new byte[0]);
      return;
    }
    c.reply().bulk(Arrays.copyOfRange(v, (int) a, (int) e + 1));
  }
}
