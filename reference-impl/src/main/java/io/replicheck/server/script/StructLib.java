package io.replicheck.server.script;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The {@code struct} library redis embeds (Roberto Ierusalimschy's struct 0.2, lua_struct.c on
 * x86-64): {@code pack(fmt, ...)}, {@code unpack(fmt, s[, pos])} (the values, then the position
 * after them) and {@code size(fmt)}. Options: {@code > < !n} endianness and alignment, {@code x}
 * padding, {@code b B h H l L T i[n] I[n]} integers (1, 2, 8, 8, n|4 bytes), {@code f d} floats,
 * {@code c[n]} fixed strings ({@code c0}: the whole string, or the length read just before), {@code
 * s} zero-terminated strings.
 */
final class StructLib {
  private StructLib() {}

  private static final int MAXINTSIZE = 32;
  private static final int MAXALIGN = 8;

  /** Format state: endianness and maximum alignment. */
  private static final class Header {
    boolean little = true;
    int align = 1;
  }

  /** A format being read. */
  private static final class Format {
    final String fmt;
    int i;

    Format(String fmt) {
      this.fmt = fmt;
    }

    boolean more() {
      return i < fmt.length();
    }

    /** Digits after an option, or {@code def}. */
    int number(int def) {
      if (i >= fmt.length() || !Character.isDigit(fmt.charAt(i))) {
        return def;
      }
      long a = 0;
      while (i < fmt.length() && Character.isDigit(fmt.charAt(i))) {
        a = a * 10 + (fmt.charAt(i++) - '0');
        if (a > Integer.MAX_VALUE) {
          throw new LuaError("integral size out of limits");
        }
      }
      return (int) a;
    }
  }

  static LuaTable create() {
    LuaTable t = new LuaTable();
    t.rawset(
        "pack",
        new VarArgFunction() {
          @Override
          public Varargs invoke(Varargs args) {
            return pack(args);
          }
        });
    t.rawset(
        "unpack",
        new VarArgFunction() {
          @Override
          public Varargs invoke(Varargs args) {
            return unpack(args);
          }
        });
    t.rawset(
        "size",
        new VarArgFunction() {
          @Override
          public Varargs invoke(Varargs args) {
            return size(args.checkjstring(1));
          }
        });
    return t;
  }

  /** Size of one option (0 for c0 and s), after reading its digits. */
  private static int optsize(char opt, Format f) {
    switch (opt) {
      case 'B', 'b':
        return 1;
      case 'H', 'h':
        return 2;
      case 'L', 'l', 'T', 'd':
        return 8;
      case 'f':
        return 4;
      case 'c':
        return f.number(1);
      case 'i', 'I':
        {
          int sz = f.number(4);
          if (sz > MAXINTSIZE) {
            throw new LuaError("integral size " + sz + " is larger than limit of " + MAXINTSIZE);
          }
          return sz;
        }
      default:
        return 0;
    }
  }

  private static int toAlign(int len, Header h, char opt, int size) {
    if (size == 0 || opt == 'c') {
      return 0;
    }
    if (size > h.align) {
      size = h.align;
    }
    return (size - (len & (size - 1))) & (size - 1);
  }

  /** Applies a control option; false when {@code opt} is not one. */
  private static boolean control(char opt, Format f, Header h) {
    switch (opt) {
      case ' ':
        return true;
      case '>':
        h.little = false;
        return true;
      case '<':
        h.little = true;
        return true;
      case '!':
        {
          int a = f.number(MAXALIGN);
          if ((a & (a - 1)) != 0) {
            throw new LuaError("alignment " + a + " is not a power of 2");
          }
          h.align = a;
          return true;
        }
      default:
        return false;
    }
  }

  private static void checkOption(char opt, String function) {
    if ("xbBhHlLTiIfdcs".indexOf(opt) < 0) {
      throw new LuaError(
          "bad argument #1 to '" + function + "' (invalid format option '" + opt + "')");
    }
  }

  private static void putInteger(ByteArrayOutputStream out, long v, boolean little, int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      int shift = 8 * i;
      b[little ? i : size - 1 - i] = shift < 64 ? (byte) (v >>> shift) : (byte) (v < 0 ? -1 : 0);
    }
    out.writeBytes(b);
  }

  private static Varargs pack(Varargs args) {
    Format f = new Format(args.checkjstring(1));
    Header h = new Header();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int arg = 2;
    while (f.more()) {
      char opt = f.fmt.charAt(f.i++);
      if (control(opt, f, h)) {
        continue;
      }
      checkOption(opt, "pack");
      int size = optsize(opt, f);
      int pad = toAlign(out.size(), h, opt, size);
      for (int p = 0; p < pad; p++) {
        out.write(0);
      }
      switch (opt) {
        case 'x' -> out.write(0);
        case 'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I' -> {
          double n = args.checkdouble(arg++);
          long v =
              opt == 'B' || opt == 'H' || opt == 'L' || opt == 'T' || opt == 'I'
                  ? unsignedOf(n)
                  : RespLuaConversion.truncate(n);
          putInteger(out, v, h.little, size);
        }
        case 'f' ->
            putInteger(
                out,
                Float.floatToIntBits((float) args.checkdouble(arg++)) & 0xffffffffL,
                h.little,
                4);
        case 'd' -> putInteger(out, Double.doubleToLongBits(args.checkdouble(arg++)), h.little, 8);
        case 'c', 's' -> {
          byte[] s = RespLuaConversion.bytes(args.checkstring(arg));
          int l = s.length;
          if (opt == 'c' && size == 0) {
            size = l;
          }
          if (opt == 'c') {
            if (l < size) {
              throw new LuaError("bad argument #" + arg + " to 'pack' (string too short)");
            }
            out.write(s, 0, size);
          } else {
            out.writeBytes(s);
            out.write(0);
          }
          arg++;
        }
        default -> {}
      }
    }
    return LuaString.valueUsing(out.toByteArray());
  }

  /** (unsigned long long) of a double as C converts it. */
  private static long unsignedOf(double n) {
    if (n >= 0x1p63) {
      return n >= 0x1p64 ? 0 : (long) (n - 0x1p63) ^ Long.MIN_VALUE;
    }
    return RespLuaConversion.truncate(n);
  }

  private static long getInteger(byte[] s, int pos, boolean little, boolean signed, int size) {
    long v = 0;
    for (int i = 0; i < size; i++) {
      int b = s[pos + (little ? size - 1 - i : i)] & 0xff;
      v = (v << 8) | b;
    }
    if (signed && size < 8 && size > 0) {
      long mask = 1L << (size * 8 - 1);
      v = (v ^ mask) - mask;
    }
    return v;
  }

  private static Varargs unpack(Varargs args) {
    Format f = new Format(args.checkjstring(1));
    byte[] data = RespLuaConversion.bytes(args.checkstring(2));
    int ld = data.length;
    long init = args.optlong(3, 1) - 1;
    if (init < 0 || init > ld) {
      throw new LuaError("bad argument #3 to 'unpack' (offset must be 1 or greater)");
    }
    int pos = (int) init;
    Header h = new Header();
    List<LuaValue> out = new ArrayList<>();
    long lastNumber = -1;
    while (f.more()) {
      char opt = f.fmt.charAt(f.i++);
      if (control(opt, f, h)) {
        continue;
      }
      checkOption(opt, "unpack");
      int size = optsize(opt, f);
      pos += toAlign(pos, h, opt, size);
      if (pos + size > ld) {
        throw new LuaError("bad argument #2 to 'unpack' (data string too short)");
      }
      switch (opt) {
        case 'x' -> pos++;
        case 'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I' -> {
          boolean signed = Character.isLowerCase(opt);
          long v = getInteger(data, pos, h.little, signed, size);
          double d = signed || v >= 0 ? (double) v : (double) (v >>> 1) * 2 + (v & 1);
          lastNumber = (long) d;
          out.add(LuaValue.valueOf(d));
          pos += size;
        }
        case 'f' -> {
          out.add(
              LuaValue.valueOf(
                  Float.intBitsToFloat((int) getInteger(data, pos, h.little, false, 4))));
          pos += 4;
        }
        case 'd' -> {
          out.add(
              LuaValue.valueOf(Double.longBitsToDouble(getInteger(data, pos, h.little, false, 8))));
          pos += 8;
        }
        case 'c' -> {
          if (size == 0) {
            if (lastNumber < 0 || out.isEmpty() || !out.get(out.size() - 1).isnumber()) {
              throw new LuaError("format 'c0' needs a previous size");
            }
            size = (int) lastNumber;
            out.remove(out.size() - 1);
            if (pos + size > ld) {
              throw new LuaError("bad argument #2 to 'unpack' (data string too short)");
            }
          }
          out.add(LuaString.valueOf(data, pos, size));
          pos += size;
        }
        case 's' -> {
          int end = pos;
          while (end < ld && data[end] != 0) {
            end++;
          }
          if (end >= ld) {
            throw new LuaError("unfinished string in data");
          }
          out.add(LuaString.valueOf(data, pos, end - pos));
          pos = end + 1;
        }
        default -> {}
      }
    }
    out.add(LuaValue.valueOf(pos + 1));
    return LuaValue.varargsOf(out.toArray(new LuaValue[0]));
  }

  private static Varargs size(String fmt) {
    Format f = new Format(fmt);
    Header h = new Header();
    int pos = 0;
    while (f.more()) {
      char opt = f.fmt.charAt(f.i++);
      if (control(opt, f, h)) {
        continue;
      }
      checkOption(opt, "size");
      int size = optsize(opt, f);
      pos += toAlign(pos, h, opt, size);
      if (opt == 's') {
        throw new LuaError("bad argument #1 to 'size' (options 'c0' - 's' have undefined sizes)");
      }
      if (opt == 'c' && size == 0) {
        throw new LuaError("bad argument #1 to 'size' (options 'c0' - 's' have undefined sizes)");
      }
      pos += opt == 'x' ? 1 : size;
    }
    return LuaValue.valueOf(pos);
  }
}
