package io.replicheck.server.command;

import static io.replicheck.server.command.Args.eq;

import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.CommandSpec;
import io.replicheck.server.core.CommandTable;
import io.replicheck.server.core.Numbers;
import io.replicheck.server.core.RObject;
import io.replicheck.server.core.RString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bit commands on strings (bitops.c of redis 7.0): SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP,
 * BITFIELD and BITFIELD_RO, with 7.0's order of checks (BITCOUNT and BITPOS look the key up before
 * they parse their range, so a missing key answers 0 or -1 whatever the range says).
 */
final class BitmapCommands {
  private BitmapCommands() {}

  static void register(CommandTable t) {
    t.register(CommandSpec.of("setbit", 4, "write denyoom", 1, 1, 1, BitmapCommands::setbit));
    t.register(CommandSpec.of("getbit", 3, "readonly fast", 1, 1, 1, BitmapCommands::getbit));
    t.register(CommandSpec.of("bitcount", -2, "readonly", 1, 1, 1, BitmapCommands::bitcount));
    t.register(CommandSpec.of("bitpos", -3, "readonly", 1, 1, 1, BitmapCommands::bitpos));
    t.register(CommandSpec.of("bitop", -4, "write denyoom", 2, -1, 1, BitmapCommands::bitop));
    t.register(CommandSpec.of("bitfield", -2, "write denyoom", 1, 1, 1, c -> bitfield(c, false)));
    t.register(CommandSpec.of("bitfield_ro", -2, "readonly fast", 1, 1, 1, c -> bitfield(c, true)));
  }

  private static final String OFFSET_ERR = "ERR bit offset is not an integer or out of range";
  private static final String BIT_ERR = "ERR bit is not an integer or out of range";
  private static final String TYPE_ERR =
      "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but"
          + " i64 is.";

  /** getBitOffsetFromArgument: the offset, or -1 after replying the error. */
  static long bitOffset(CommandContext c, byte[] arg, boolean hash, int bits) {
    boolean usehash = hash && bits > 0 && arg.length > 0 && arg[0] == '#';
    Long v = Numbers.parseLong(usehash ? Arrays.copyOfRange(arg, 1, arg.length) : arg);
    if (v == null) {
      c.error(OFFSET_ERR);
      return -1;
    }
    long off = usehash ? v * bits : v; // wraps as C does
    if (off < 0 || (off >> 3) >= c.core().config().protoMaxBulkLen) {
      c.error(OFFSET_ERR);
      return -1;
    }
    return off;
  }

  /** The string at key for reading (hits and misses counted); null if missing. */
  private static RObject lookupRead(CommandContext c, byte[] key) {
    RObject o = c.db().lookupRead(key);
    if (o == null) {
      c.core().stats().keyspaceMisses++;
    } else {
      c.core().stats().keyspaceHits++;
    }
    return o;
  }

  /**
   * lookupStringForBitCommand: the key's bytes grown with zeros to hold {@code maxbit}, or null
   * after WRONGTYPE. {@code dirty[0]} says whether the key was created or grown.
   */
  private static byte[] stringForBitCommand(CommandContext c, long maxbit, boolean[] dirty) {
    int bytes = (int) ((maxbit >>> 3) + 1);
    RObject o = c.db().lookupWrite(c.arg(1));
    if (o == null) {
      dirty[0] = true;
      return new byte[bytes];
    }
    if (!(o instanceof RString s)) {
      c.wrongType();
      return null;
    }
    byte[] v = s.bytes();
    if (v.length < bytes) {
      dirty[0] = true;
      return Arrays.copyOf(v, bytes);
    }
    return v.clone();
  }

  /** Stores a bit command's result: redis has already created or unshared (made raw) the value. */
  private static void storeBits(CommandContext c, byte[] v) {
    if (c.db().lookupWrite(c.arg(1)) == null) {
      c.db().set(c.arg(1), RString.raw(v));
    } else {
      c.db().setKeepTtl(c.arg(1), RString.raw(v));
    }
  }

  static void setbit(CommandContext c) {
    long off = bitOffset(c, c.arg(2), false, 0);
    if (off < 0) {
      return;
    }
    Long on = Numbers.parseLong(c.arg(3));
    if (on == null || (on & ~1L) != 0) {
      c.error(BIT_ERR);
      return;
    }
    boolean[] dirty = new boolean[1];
    byte[] v = stringForBitCommand(c, off, dirty);
    if (v == null) {
      return;
    }
    int b = (int) (off >>> 3);
    int bit = 7 - (int) (off & 7);
    int byteval = v[b] & 0xff;
    int bitval = (byteval >> bit) & 1;
    if (dirty[0] || bitval != on) {
      byteval &= ~(1 << bit);
      byteval |= (int) (on & 1) << bit;
      v[b] = (byte) byteval;
      storeBits(c, v);
      c.signalModified(c.arg(1));
      c.dirty(1);
    } else {
      storeBits(c, v);
    }
    c.reply().integer(bitval);
  }

  static void getbit(CommandContext c) {
    long off = bitOffset(c, c.arg(2), false, 0);
    if (off < 0) {
      return;
    }
    RObject o = lookupRead(c, c.arg(1));
    if (o == null) {
      c.reply().integer(0);
      return;
    }
    if (!(o instanceof RString s)) {
      c.wrongType();
      return;
    }
    byte[] v = s.bytes();
    long b = off >>> 3;
    int bit = 7 - (int) (off & 7);
    c.reply().integer(b < v.length ? (v[(int) b] >> bit) & 1 : 0);
  }

  private static long popcount(byte[] p, int from, int to) {
    long n = 0;
    for (int i = from; i <= to; i++) {
      n += Integer.bitCount(p[i] & 0xff);
    }
    return n;
  }

  /**
   * A BITCOUNT or BITPOS range as redis normalises it (negative ends count from the end, clamped to
   * the string): the first and last byte and, for a BIT range, the masks of the bits outside it in
   * those bytes; {start, end, firstMask, lastMask}.
   */
  private static long[] range(long start, long end, long bytes, boolean isbit) {
    long totlen = isbit ? bytes << 3 : bytes;
    if (start < 0) {
      start = totlen + start;
    }
    if (end < 0) {
      end = totlen + end;
    }
    start = Math.max(0, start);
    end = Math.max(0, end);
    if (end >= totlen) {
      end = totlen - 1;
    }
    long firstMask = 0;
    long lastMask = 0;
    if (isbit && start <= end) {
      firstMask = ~((1 << (8 - (int) (start & 7))) - 1) & 0xff;
      lastMask = (1 << (7 - (int) (end & 7))) - 1;
      start >>= 3;
      end >>= 3;
    }
    return new long[] {start, end, firstMask, lastMask};
  }

  static void bitcount(CommandContext c) {
    RObject o = lookupRead(c, c.arg(1));
    if (o == null) {
      c.reply().integer(0);
      return;
    }
    if (!(o instanceof RString s)) {
      c.wrongType();
      return;
    }
    byte[] p = s.bytes();
    long start;
    long end;
    int firstMask = 0;
    int lastMask = 0;
    if (c.argc() == 4 || c.argc() == 5) {
      long totlen = p.length;
      Long a = c.longArg(2);
      if (a == null) {
        return;
      }
      Long e = c.longArg(3);
      if (e == null) {
        return;
      }
      start = a;
      end = e;
      if (start < 0 && end < 0 && start > end) {
        c.reply().integer(0);
        return;
      }
      boolean isbit = false;
      if (c.argc() == 5) {
        if (eq(c.arg(4), "bit")) {
          isbit = true;
        } else if (!eq(c.arg(4), "byte")) {
          c.syntaxError();
          return;
        }
      }
      long[] range = range(start, end, totlen, isbit);
      start = range[0];
      end = range[1];
      firstMask = (int) range[2];
      lastMask = (int) range[3];
    } else if (c.argc() == 2) {
      start = 0;
      end = p.length - 1;
    } else {
      c.syntaxError();
      return;
    }
    if (start > end) {
      c.reply().integer(0);
      return;
    }
    long count = popcount(p, (int) start, (int) end);
    if (firstMask != 0) {
      count -= Integer.bitCount(p[(int) start] & firstMask);
    }
    if (lastMask != 0) {
      count -= Integer.bitCount(p[(int) end] & lastMask);
    }
    c.reply().integer(count);
  }

  /** redisBitpos: first bit equal to {@code bit}; for 0 bits, count*8 when every bit is set. */
  static long bitposIn(byte[] p, int off, long count, int bit) {
    for (long i = 0; i < count; i++) {
      int b = p[off + (int) i] & 0xff;
      if (bit == 1 ? b != 0 : b != 0xff) {
        for (int k = 0; k < 8; k++) {
          if (((b >> (7 - k)) & 1) == bit) {
            return i * 8 + k;
          }
        }
      }
    }
    return bit == 1 ? -1 : count * 8;
  }

  static void bitpos(CommandContext c) {
    Long bitArg = c.longArg(2);
    if (bitArg == null) {
      return;
    }
    if (bitArg != 0 && bitArg != 1) {
      c.error("ERR The bit argument must be 1 or 0.");
      return;
    }
    int bit = bitArg.intValue();
    RObject o = lookupRead(c, c.arg(1));
    if (o == null) {
      c.reply().integer(bit == 1 ? -1 : 0);
      return;
    }
    if (!(o instanceof RString s)) {
      c.wrongType();
      return;
    }
    byte[] p = s.bytes();
    long start;
    long end;
    boolean endGiven = false;
    int firstMask = 0;
    int lastMask = 0;
    if (c.argc() >= 4 && c.argc() <= 6) {
      long totlen = p.length;
      Long a = c.longArg(3);
      if (a == null) {
        return;
      }
      start = a;
      boolean isbit = false;
      if (c.argc() == 6) {
        if (eq(c.arg(5), "bit")) {
          isbit = true;
        } else if (!eq(c.arg(5), "byte")) {
          c.syntaxError();
          return;
        }
      }
      if (c.argc() >= 5) {
        Long e = c.longArg(4);
        if (e == null) {
          return;
        }
        end = e;
        endGiven = true;
      } else {
        end = isbit ? (totlen << 3) + 7 : totlen - 1;
      }
      long[] range = range(start, end, totlen, isbit);
      start = range[0];
      end = range[1];
      firstMask = (int) range[2];
      lastMask = (int) range[3];
    } else if (c.argc() == 3) {
      start = 0;
      end = p.length - 1;
    } else {
      c.syntaxError();
      return;
    }
    if (start > end) {
      c.reply().integer(-1);
      return;
    }
    long bytes = end - start + 1;
    long pos = -1;
    byte[] tmp = new byte[1];
    found:
    {
      if (firstMask != 0) {
        int t = bit == 1 ? (p[(int) start] & ~firstMask) : (p[(int) start] | firstMask);
        if (lastMask != 0 && bytes == 1) {
          t = bit == 1 ? (t & ~lastMask) : (t | lastMask);
        }
        tmp[0] = (byte) t;
        pos = bitposIn(tmp, 0, 1, bit);
        if (bytes == 1 || (pos != -1 && pos != 8)) {
          break found;
        }
        start++;
        bytes--;
      }
      long curbytes = bytes - (lastMask != 0 ? 1 : 0);
      if (curbytes > 0) {
        pos = bitposIn(p, (int) start, curbytes, bit);
        if (bytes == curbytes || (pos != -1 && pos != curbytes << 3)) {
          break found;
        }
        start += curbytes;
        bytes -= curbytes;
      }
      int t = bit == 1 ? (p[(int) end] & ~lastMask) : (p[(int) end] | lastMask);
      tmp[0] = (byte) t;
      pos = bitposIn(tmp, 0, 1, bit);
    }
    if (endGiven && bit == 0 && pos == bytes << 3) {
      c.reply().integer(-1);
      return;
    }
    if (pos != -1) {
      pos += start << 3;
    }
    c.reply().integer(pos);
  }

  static void bitop(CommandContext c) {
    byte[] opname = c.arg(1);
    int op;
    if (eq(opname, "and")) {
      op = 0;
    } else if (eq(opname, "or")) {
      op = 1;
    } else if (eq(opname, "xor")) {
      op = 2;
    } else if (eq(opname, "not")) {
      op = 3;
    } else {
      c.syntaxError();
      return;
    }
    if (op == 3 && c.argc() != 4) {
      c.error("ERR BITOP NOT must be called with a single source key.");
      return;
    }
    int numkeys = c.argc() - 3;
    byte[][] src = new byte[numkeys][];
    int maxlen = 0;
    for (int j = 0; j < numkeys; j++) {
      RObject o = lookupRead(c, c.arg(j + 3));
      if (o == null) {
        src[j] = new byte[0];
        continue;
      }
      if (!(o instanceof RString s)) {
        c.wrongType();
        return;
      }
      src[j] = s.bytes();
      maxlen = Math.max(maxlen, src[j].length);
    }
    byte[] target = c.arg(2);
    if (maxlen > 0) {
      byte[] res = new byte[maxlen];
      for (int j = 0; j < maxlen; j++) {
        int output = src[0].length <= j ? 0 : src[0][j] & 0xff;
        if (op == 3) {
          output = ~output & 0xff;
        }
        for (int i = 1; i < numkeys; i++) {
          int b = src[i].length <= j ? 0 : src[i][j] & 0xff;
          switch (op) {
            case 0 -> output &= b;
            case 1 -> output |= b;
            default -> output ^= b;
          }
        }
        res[j] = (byte) output;
      }
      c.db().set(target, RString.raw(res));
      c.signalModified(target);
      c.dirty(1);
    } else if (c.db().delete(target)) {
      c.signalModified(target);
      c.dirty(1);
    }
    c.reply().integer(maxlen);
  }

  private record FieldOp(
      long offset, long value, int opcode, int overflow, int bits, boolean sign) {}

  private static final int GET = 0;
  private static final int SET = 1;
  private static final int INCRBY = 2;
  private static final int WRAP = 0;
  private static final int SAT = 1;
  private static final int FAIL = 2;

  /** getBitfieldTypeFromArgument: bits (negated for signed), or 0 after replying the error. */
  private static int fieldType(CommandContext c, byte[] t) {
    if (t.length == 0 || (t[0] != 'i' && t[0] != 'u')) {
      c.error(TYPE_ERR);
      return 0;
    }
    boolean sign = t[0] == 'i';
    int n = 1;
    while (n < t.length && t[n] != 0) {
      n++; // strlen
    }
    Long bits = Numbers.parseLong(Arrays.copyOfRange(t, 1, n));
    if (bits == null || bits < 1 || (sign && bits > 64) || (!sign && bits > 63)) {
      c.error(TYPE_ERR);
      return 0;
    }
    return sign ? -bits.intValue() : bits.intValue();
  }

  static void bitfield(CommandContext c, boolean readonlyCommand) {
    List<FieldOp> ops = new ArrayList<>();
    int owtype = WRAP;
    boolean readonly = true;
    long highestWrite = 0;
    for (int j = 2; j < c.argc(); j++) {
      int remargs = c.argc() - j - 1;
      byte[] sub = c.arg(j);
      int opcode;
      if (eq(sub, "get") && remargs >= 2) {
        opcode = GET;
      } else if (eq(sub, "set") && remargs >= 3) {
        opcode = SET;
      } else if (eq(sub, "incrby") && remargs >= 3) {
        opcode = INCRBY;
      } else if (eq(sub, "overflow") && remargs >= 1) {
        byte[] name = c.arg(++j);
        if (eq(name, "wrap")) {
          owtype = WRAP;
        } else if (eq(name, "sat")) {
          owtype = SAT;
        } else if (eq(name, "fail")) {
          owtype = FAIL;
        } else {
          c.error("ERR Invalid OVERFLOW type specified");
          return;
        }
        continue;
      } else {
        c.syntaxError();
        return;
      }
      int typed = fieldType(c, c.arg(j + 1));
      if (typed == 0) {
        return;
      }
      boolean sign = typed < 0;
      int bits = Math.abs(typed);
      long offset = bitOffset(c, c.arg(j + 2), true, bits);
      if (offset < 0) {
        return;
      }
      long value = 0;
      if (opcode != GET) {
        readonly = false;
        if (Long.compareUnsigned(highestWrite, offset + bits - 1) < 0) {
          highestWrite = offset + bits - 1;
        }
        Long v = c.longArg(j + 3);
        if (v == null) {
          return;
        }
        value = v;
      }
      ops.add(new FieldOp(offset, value, opcode, owtype, bits, sign));
      j += 3 - (opcode == GET ? 1 : 0);
    }
    byte[] v;
    boolean[] dirty = new boolean[1];
    if (readonly) {
      RObject o = lookupRead(c, c.arg(1));
      if (o != null && !(o instanceof RString)) {
        c.wrongType();
        return;
      }
      v = o == null ? null : ((RString) o).bytes();
    } else {
      if (readonlyCommand) {
        c.error("ERR BITFIELD_RO only supports the GET subcommand");
        return;
      }
      v = stringForBitCommand(c, highestWrite, dirty);
      if (v == null) {
        return;
      }
    }
    c.reply().arrayHeader(ops.size());
    int changes = 0;
    for (FieldOp op : ops) {
      if (op.opcode != GET) {
        long oldval = getUnsigned(v, op.offset, op.bits);
        if (op.sign) {
          oldval = signExtend(oldval, op.bits);
        }
        long newval;
        long retval;
        long[] wrapped = new long[1];
        int overflow;
        if (op.opcode == INCRBY) {
          overflow =
              op.sign
                  ? signedOverflow(oldval, op.value, op.bits, op.overflow, wrapped)
                  : unsignedOverflow(oldval, op.value, op.bits, op.overflow, wrapped);
          newval = overflow != 0 ? wrapped[0] : oldval + op.value;
          retval = newval;
        } else {
          newval = op.value;
          overflow =
              op.sign
                  ? signedOverflow(newval, 0, op.bits, op.overflow, wrapped)
                  : unsignedOverflow(newval, 0, op.bits, op.overflow, wrapped);
          if (overflow != 0) {
            newval = wrapped[0];
          }
          retval = oldval;
        }
        if (!(overflow != 0 && op.overflow == FAIL)) {
          c.reply().integer(retval);
          setUnsigned(v, op.offset, op.bits, newval);
          if (dirty[0] || oldval != newval) {
            changes++;
          }
        } else {
          c.reply().nullBulk();
        }
      } else {
        byte[] buf = new byte[9];
        long b = op.offset >>> 3;
        for (int i = 0; i < 9; i++) {
          if (v == null || i + b >= v.length) {
            break;
          }
          buf[i] = v[(int) (i + b)];
        }
        long val = getUnsigned(buf, op.offset - b * 8, op.bits);
        c.reply().integer(op.sign ? signExtend(val, op.bits) : val);
      }
    }
    if (!readonly) {
      storeBits(c, v);
    }
    if (changes > 0) {
      c.signalModified(c.arg(1));
      c.dirty(changes);
    }
  }

  static long getUnsigned(byte[] p, long offset, int bits) {
    long value = 0;
    for (int j = 0; j < bits; j++) {
      int b = (int) (offset >>> 3);
      int bit = 7 - (int) (offset & 7);
      value = (value << 1) | ((p[b] >> bit) & 1);
      offset++;
    }
    return value;
  }

  static void setUnsigned(byte[] p, long offset, int bits, long value) {
    for (int j = 0; j < bits; j++) {
      int bitval = (value & (1L << (bits - 1 - j))) != 0 ? 1 : 0;
      int b = (int) (offset >>> 3);
      int bit = 7 - (int) (offset & 7);
      p[b] = (byte) ((p[b] & ~(1 << bit)) | (bitval << bit));
      offset++;
    }
  }

  static long signExtend(long value, int bits) {
    if (bits < 64 && (value & (1L << (bits - 1))) != 0) {
      value |= -1L << bits;
    }
    return value;
  }

  /** checkUnsignedBitfieldOverflow (values as uint64 in longs). */
  static int unsignedOverflow(long value, long incr, int bits, int owtype, long[] limit) {
    long max = bits == 64 ? -1L : (1L << bits) - 1;
    long maxincr = max - value;
    long minincr = -value;
    if (Long.compareUnsigned(value, max) > 0 || (incr > 0 && incr > maxincr)) {
      if (owtype == WRAP) {
        limit[0] = (value + incr) & ~(-1L << bits);
      } else if (owtype == SAT) {
        limit[0] = max;
      }
      return 1;
    } else if (incr < 0 && incr < minincr) {
      if (owtype == WRAP) {
        limit[0] = (value + incr) & ~(-1L << bits);
        return 1;
      } else if (owtype == SAT) {
        limit[0] = 0;
      }
      return -1;
    }
    return 0;
  }

  /** checkSignedBitfieldOverflow. */
  static int signedOverflow(long value, long incr, int bits, int owtype, long[] limit) {
    long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
    long min = -max - 1;
    long maxincr = max - value;
    long minincr = min - value;
    if (value > max
        || (bits != 64 && incr > maxincr)
        || (value >= 0 && incr > 0 && incr > maxincr)) {
      if (owtype == WRAP) {
        limit[0] = wrapSigned(value, incr, bits);
      } else if (owtype == SAT) {
        limit[0] = max;
      }
      return 1;
    } else if (value < min
        || (bits != 64 && incr < minincr)
        || (value < 0 && incr < 0 && incr < minincr)) {
      if (owtype == WRAP) {
        limit[0] = wrapSigned(value, incr, bits);
        return 1;
      } else if (owtype == SAT) {
        limit[0] = min;
      }
      return -1;
    }
    return 0;
  }

  private static long wrapSigned(long value, long incr, int bits) {
    long r = value + incr;
    if (bits < 64) {
      long mask = -1L << bits;
      if ((r & (1L << (bits - 1))) != 0) {
        r |= mask;
      } else {
        r &= ~mask;
      }
    }
    return r;
  }
}
