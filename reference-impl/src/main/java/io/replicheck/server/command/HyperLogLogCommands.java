package io.replicheck.server.command;

import io.replicheck.rdb.Encoding;
import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.CommandSpec;
import io.replicheck.server.core.CommandTable;
import io.replicheck.server.core.HyperLogLog;
import io.replicheck.server.core.RObject;
import io.replicheck.server.core.RString;
import java.util.Random;

/**
 * PFADD, PFCOUNT, PFMERGE, PFDEBUG and PFSELFTEST (hyperloglog.c) over string values; the encoding
 * itself is {@link HyperLogLog}.
 */
final class HyperLogLogCommands {
  private HyperLogLogCommands() {}

  static final String INVALID_HLL = "INVALIDOBJ Corrupted HLL object detected";
  static final String NOT_HLL = "WRONGTYPE Key is not a valid HyperLogLog string value.";

  static void register(CommandTable t) {
    t.register(
        CommandSpec.of("pfadd", -2, "write denyoom fast", 1, 1, 1, HyperLogLogCommands::pfadd));
    t.register(
        CommandSpec.of(
            "pfcount", -2, "readonly may_replicate", 1, -1, 1, HyperLogLogCommands::pfcount));
    t.register(
        CommandSpec.of("pfmerge", -2, "write denyoom", 1, -1, 1, HyperLogLogCommands::pfmerge));
    t.register(
        CommandSpec.of("pfdebug", 3, "write denyoom admin", 2, 2, 1, HyperLogLogCommands::pfdebug));
    t.register(CommandSpec.of("pfselftest", 1, "admin", 0, 0, 0, HyperLogLogCommands::pfselftest));
  }

  /**
   * The string at key checked as isHLLObjectOrReply does: null when it replied an error, {@code
   * MISSING} when there is no key.
   */
  private static final RString MISSING = RString.raw(new byte[0]);

  private static RString hllOrReply(CommandContext c, RObject o) {
    if (o == null) {
      return MISSING;
    }
    if (!(o instanceof RString s)) {
      c.wrongType();
      return null;
    }
    if (s.encoding() == Encoding.INT || !HyperLogLog.isValid(s.bytes())) {
      c.error(NOT_HLL);
      return null;
    }
    return s;
  }

  private static long sparseMax(CommandContext c) {
    return c.core().config().hllSparseMaxBytes;
  }

  static void pfadd(CommandContext c) {
    byte[] key = c.arg(1);
    RString s = hllOrReply(c, c.db().lookupWrite(key));
    if (s == null) {
      return;
    }
    int updated = 0;
    HyperLogLog h;
    boolean created = s == MISSING;
    if (created) {
      h = HyperLogLog.createSparse();
      updated++;
    } else {
      h = HyperLogLog.of(s.bytes());
    }
    for (int j = 2; j < c.argc(); j++) {
      int r = h.add(c.arg(j), sparseMax(c));
      if (r == 1) {
        updated++;
      } else if (r == -1) {
        // redis keeps what the earlier elements changed in place (not propagated)
        store(c, key, h.bytes(), created);
        c.error(INVALID_HLL);
        return;
      }
    }
    if (updated > 0) {
      h.invalidateCache();
      store(c, key, h.bytes(), created);
      c.signalModified(key);
      c.dirty(updated);
    } else if (s.encoding() != Encoding.RAW) {
      store(c, key, s.bytes(), false); // dbUnshareStringValue
    }
    c.reply().integer(updated > 0 ? 1 : 0);
  }

  private static void store(CommandContext c, byte[] key, byte[] value, boolean created) {
    if (created) {
      c.db().set(key, RString.raw(value));
    } else {
      c.db().setKeepTtl(key, RString.raw(value));
    }
  }

  static void pfcount(CommandContext c) {
    if (c.argc() > 2) {
      byte[] max = new byte[HyperLogLog.REGISTERS];
      for (int j = 1; j < c.argc(); j++) {
        RString s = hllOrReply(c, c.db().lookupRead(c.arg(j)));
        if (s == null) {
          return;
        }
        if (s == MISSING) {
          continue;
        }
        if (!HyperLogLog.of(s.bytes()).mergeInto(max)) {
          c.error(INVALID_HLL);
          return;
        }
      }
      c.reply().integer(HyperLogLog.countRaw(max));
      return;
    }
    byte[] key = c.arg(1);
    RString s = hllOrReply(c, c.db().lookupRead(key));
    if (s == null) {
      return;
    }
    if (s == MISSING) {
      c.reply().integer(0);
      return;
    }
    HyperLogLog h = HyperLogLog.of(s.bytes());
    long card;
    if (h.cacheValid()) {
      card = h.cachedCardinality();
      if (s.encoding() != Encoding.RAW) {
        c.db().setKeepTtl(key, RString.raw(s.bytes())); // dbUnshareStringValue
      }
    } else {
      card = h.count();
      if (card < 0) {
        c.error(INVALID_HLL);
        return;
      }
      h.setCachedCardinality(card);
      c.db().setKeepTtl(key, RString.raw(h.bytes()));
      // The cache is part of the string: redis propagates this read-only command.
      c.signalModified(key);
      c.dirty(1);
    }
    c.reply().integer(card);
  }

  static void pfmerge(CommandContext c) {
    byte[] max = new byte[HyperLogLog.REGISTERS];
    boolean useDense = false;
    for (int j = 1; j < c.argc(); j++) {
      RString s = hllOrReply(c, c.db().lookupRead(c.arg(j)));
      if (s == null) {
        return;
      }
      if (s == MISSING) {
        continue;
      }
      HyperLogLog h = HyperLogLog.of(s.bytes());
      if (h.encoding() == HyperLogLog.DENSE) {
        useDense = true;
      }
      if (!h.mergeInto(max)) {
        c.error(INVALID_HLL);
        return;
      }
    }
    byte[] key = c.arg(1);
    RObject o = c.db().lookupWrite(key);
    boolean created = o == null;
    HyperLogLog h = created ? HyperLogLog.createSparse() : HyperLogLog.of(((RString) o).bytes());
    if (useDense && !h.toDense()) {
      if (created) {
        c.db().set(key, RString.raw(h.bytes()));
      }
      c.error(INVALID_HLL);
      return;
    }
    for (int j = 0; j < HyperLogLog.REGISTERS; j++) {
      if (max[j] != 0) {
        h.set(j, max[j], sparseMax(c));
      }
    }
    h.invalidateCache();
    store(c, key, h.bytes(), created);
    c.signalModified(key);
    c.dirty(1);
    c.ok();
  }

  static void pfdebug(CommandContext c) {
    String cmd = c.argString(1);
    byte[] key = c.arg(2);
    RObject o = c.db().lookupWrite(key);
    if (o == null) {
      c.error("ERR The specified key does not exist");
      return;
    }
    RString s = hllOrReply(c, o);
    if (s == null) {
      return;
    }
    HyperLogLog h = HyperLogLog.of(s.bytes());
    boolean changed = s.encoding() != Encoding.RAW; // dbUnshareStringValue
    switch (cmd.toLowerCase(java.util.Locale.ROOT)) {
      case "getreg" -> {
        if (h.encoding() == HyperLogLog.SPARSE) {
          if (!h.toDense()) {
            storeIf(c, key, s.bytes(), changed);
            c.error(INVALID_HLL);
            return;
          }
          changed = true;
          c.dirty(1); // redis forces propagation on the encoding change
        }
        storeIf(c, key, h.bytes(), changed);
        c.reply().arrayHeader(HyperLogLog.REGISTERS);
        for (int j = 0; j < HyperLogLog.REGISTERS; j++) {
          c.reply().integer(h.register(j));
        }
      }
      case "decode" -> {
        storeIf(c, key, s.bytes(), changed);
        if (h.encoding() != HyperLogLog.SPARSE) {
          c.error("ERR HLL encoding is not sparse");
          return;
        }
        c.reply().bulk(h.decode());
      }
      case "encoding" -> {
        storeIf(c, key, s.bytes(), changed);
        c.reply().simple(h.encoding() == HyperLogLog.DENSE ? "dense" : "sparse");
      }
      case "todense" -> {
        boolean conv = false;
        if (h.encoding() == HyperLogLog.SPARSE) {
          if (!h.toDense()) {
            storeIf(c, key, s.bytes(), changed);
            c.error(INVALID_HLL);
            return;
          }
          conv = true;
          changed = true;
          c.dirty(1);
        }
        storeIf(c, key, h.bytes(), changed);
        c.reply().integer(conv ? 1 : 0);
      }
      default -> {
        storeIf(c, key, s.bytes(), changed);
        c.error("ERR Unknown PFDEBUG subcommand '" + cmd + "'");
      }
    }
  }

  private static void storeIf(CommandContext c, byte[] key, byte[] value, boolean changed) {
    if (changed) {
      c.db().setKeepTtl(key, RString.raw(value));
    }
  }

  /**
   * PFSELFTEST: the register get/set round trip of the dense encoding, then dense and sparse
   * cardinalities agreeing and within 6 standard errors at 1, 10, ... 10^7 elements.
   */
  static void pfselftest(CommandContext c) {
    String failure = HyperLogLog.selfTest(new Random(), c.core().config().hllSparseMaxBytes);
    if (failure == null) {
      c.ok();
    } else {
      c.error(failure);
    }
  }
}
