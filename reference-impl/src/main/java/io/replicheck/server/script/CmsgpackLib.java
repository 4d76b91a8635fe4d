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
 * The {@code cmsgpack} library redis embeds (lua-cmsgpack 0.4.0): {@code pack(...)} encodes each
 * argument with the smallest MessagePack form (integral numbers as integers, others as float32 when
 * exact, else float64; strings as fixstr/str8/16/32; tables without holes in 1..n as arrays, others
 * as maps; nesting deeper than 16 as nil), {@code unpack(s)} returns every value, {@code
 * unpack_one(s[, offset])} and {@code unpack_limit(s, limit[, offset])} return the offset of the
 * next value first.
 */
final class CmsgpackLib {
  private CmsgpackLib() {}

  private static final int MAX_NESTING = 16;

  static LuaTable create() {
    LuaTable t = new LuaTable();
    t.rawset(
        "pack",
        new VarArgFunction() {
          @Override
          public Varargs invoke(Varargs args) {
            if (args.narg() == 0) {
              throw new LuaError("MessagePack pack needs input.");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 1; i <= args.narg(); i++) {
              encode(args.arg(i), out, 0);
            }
            return LuaString.valueUsing(out.toByteArray());
          }
        });
    t.rawset(
        "unpack",
        new VarArgFunction() {
          @Override
          public Varargs invoke(Varargs args) {
            Decoder d = new Decoder(RespLuaConversion.bytes(args.checkstring(1)), 0);
            List<LuaValue> values = new ArrayList<>();
            while (d.pos < d.in.length) {
              values.add(d.value());
            }
            return LuaValue.varargsOf(values.toArray(new LuaValue[0]));
          }
        });
    t.rawset(
        "unpack_one",
        new VarArgFunction() {
          @Override
          public Varargs invoke(Varargs args) {
            return limited(args.checkstring(1), 1, args.optint(2, 0));
          }
        });
    t.rawset(
        "unpack_limit",
        new VarArgFunction() {
          @Override
          public Varargs invoke(Varargs args) {
            return limited(args.checkstring(1), args.checkint(2), args.optint(3, 0));
          }
        });
    t.rawset("_NAME", "cmsgpack");
    t.rawset("_VERSION", "lua-cmsgpack 0.4.0");
    t.rawset("_COPYRIGHT", "Copyright (C) 2012, Salvatore Sanfilippo");
    t.rawset("_DESCRIPTION", "MessagePack C implementation for Lua");
    return t;
  }

  /** The offset after the values read (-1 at the end of the input), then up to limit values. */
  private static Varargs limited(LuaString s, int limit, int offset) {
    byte[] in = RespLuaConversion.bytes(s);
    if (offset < 0 || offset > in.length) {
      throw new LuaError(
          "Start offset " + offset + " greater than input length " + in.length + ".");
    }
    Decoder d = new Decoder(in, offset);
    List<LuaValue> values = new ArrayList<>();
    values.add(LuaValue.NIL);
    while (d.pos < in.length && (limit <= 0 || values.size() <= limit)) {
      values.add(d.value());
    }
    values.set(0, LuaValue.valueOf(d.pos >= in.length ? -1 : d.pos));
    return LuaValue.varargsOf(values.toArray(new LuaValue[0]));
  }

  private static void encode(LuaValue v, ByteArrayOutputStream out, int level) {
    switch (v.type()) {
      case LuaValue.TBOOLEAN -> out.write(v.toboolean() ? 0xc3 : 0xc2);
      case LuaValue.TNUMBER -> number(v.todouble(), out);
      case LuaValue.TSTRING -> string(RespLuaConversion.bytes(v.checkstring()), out);
      case LuaValue.TTABLE -> {
        if (level >= MAX_NESTING) {
          out.write(0xc0);
        } else {
          table((LuaTable) v, out, level + 1);
        }
      }
      default -> out.write(0xc0);
    }
  }

  private static void number(double d, ByteArrayOutputStream out) {
    if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 0x1p63) {
      integer((long) d, out);
    } else if ((double) (float) d == d || Double.isNaN(d)) {
      out.write(0xca);
      be(Float.floatToIntBits((float) d) & 0xffffffffL, 4, out);
    } else {
      out.write(0xcb);
      be(Double.doubleToLongBits(d), 8, out);
    }
  }

  private static void integer(long n, ByteArrayOutputStream out) {
    if (n >= 0) {
      if (n <= 127) {
        out.write((int) n);
      } else if (n <= 0xff) {
        out.write(0xcc);
        be(n, 1, out);
      } else if (n <= 0xffff) {
        out.write(0xcd);
        be(n, 2, out);
      } else if (n <= 0xffffffffL) {
        out.write(0xce);
        be(n, 4, out);
      } else {
        out.write(0xcf);
        be(n, 8, out);
      }
    } else if (n >= -32) {
      out.write((int) (n & 0xff));
    } else if (n >= -128) {
      out.write(0xd0);
      be(n, 1, out);
    } else if (n >= -32768) {
      out.write(0xd1);
      be(n, 2, out);
    } else if (n >= Integer.MIN_VALUE) {
      out.write(0xd2);
      be(n, 4, out);
    } else {
      out.write(0xd3);
      be(n, 8, out);
    }
  }

  private static void string(byte[] s, ByteArrayOutputStream out) {
    int n = s.length;
    if (n < 32) {
      out.write(0xa0 | n);
    } else if (n <= 0xff) {
      out.write(0xd9);
      be(n, 1, out);
    } else if (n <= 0xffff) {
      out.write(0xda);
      be(n, 2, out);
    } else {
      out.write(0xdb);
      be(n, 4, out);
    }
    out.writeBytes(s);
  }

  private static void table(LuaTable t, ByteArrayOutputStream out, int level) {
    long count = 0;
    double max = 0;
    boolean array = true;
    LuaValue k = LuaValue.NIL;
    while (true) {
      Varargs n = t.next(k);
      if ((k = n.arg1()).isnil()) {
        break;
      }
      count++;
      if (array) {
        if (k.type() == LuaValue.TNUMBER
            && k.todouble() > 0
            && k.todouble() == Math.rint(k.todouble())) {
          max = Math.max(max, k.todouble());
        } else {
          array = false;
        }
      }
    }
    if (array && max == count) {
      header((int) count, 0x90, 15, 0xdc, out);
      for (int i = 1; i <= count; i++) {
        encode(t.rawget(i), out, level);
      }
      return;
    }
    header((int) count, 0x80, 15, 0xde, out);
    k = LuaValue.NIL;
    while (true) {
      Varargs n = t.next(k);
      if ((k = n.arg1()).isnil()) {
        break;
      }
      encode(k, out, level);
      encode(n.arg(2), out, level);
    }
  }

  private static void header(int n, int fix, int fixMax, int wide, ByteArrayOutputStream out) {
    if (n <= fixMax) {
      out.write(fix | n);
    } else if (n <= 0xffff) {
      out.write(wide);
      be(n, 2, out);
    } else {
      out.write(wide + 1);
      be(n, 4, out);
    }
  }

  private static void be(long v, int bytes, ByteArrayOutputStream out) {
    for (int i = bytes - 1; i >= 0; i--) {
      out.write((int) (v >>> (8 * i)) & 0xff);
    }
  }

  /** Reads MessagePack values. */
  private static final class Decoder {
    final byte[] in;
    int pos;

    Decoder(byte[] in, int pos) {
      this.in = in;
      this.pos = pos;
    }

    private long u(int bytes) {
      if (pos + bytes > in.length) {
        throw new LuaError("Missing bytes in input.");
      }
      long v = 0;
      for (int i = 0; i < bytes; i++) {
        v = (v << 8) | (in[pos++] & 0xff);
      }
      return v;
    }

    private LuaValue str(long n) {
      if (n < 0 || pos + n > in.length) {
        throw new LuaError("Missing bytes in input.");
      }
      byte[] b = new byte[(int) n];
      System.arraycopy(in, pos, b, 0, (int) n);
      pos += (int) n;
      return LuaString.valueUsing(b);
    }

    private LuaValue array(long n) {
      LuaTable t = new LuaTable();
      for (int i = 1; i <= n; i++) {
        t.rawset(i, value());
      }
      return t;
    }

    private LuaValue map(long n) {
      LuaTable t = new LuaTable();
      for (long i = 0; i < n; i++) {
        LuaValue k = value();
        LuaValue v = value();
        if (!k.isnil()) {
          t.rawset(k, v);
        }
      }
      return t;
    }

    LuaValue value() {
      int c = (int) u(1);
      if (c <= 0x7f) {
        return LuaValue.valueOf(c);
      }
      if (c >= 0xe0) {
        return LuaValue.valueOf(c - 256);
      }
      if ((c & 0xe0) == 0xa0) {
        return str(c & 0x1f);
      }
      if ((c & 0xf0) == 0x90) {
        return array(c & 0x0f);
      }
      if ((c & 0xf0) == 0x80) {
        return map(c & 0x0f);
      }
      return switch (c) {
        case 0xc0 -> LuaValue.NIL;
        case 0xc2 -> LuaValue.FALSE;
        case 0xc3 -> LuaValue.TRUE;
        case 0xcc -> LuaValue.valueOf(u(1));
        case 0xcd -> LuaValue.valueOf(u(2));
        case 0xce -> LuaValue.valueOf(u(4));
        case 0xcf -> LuaValue.valueOf((double) u(8));
        case 0xd0 -> LuaValue.valueOf((byte) u(1));
        case 0xd1 -> LuaValue.valueOf((short) u(2));
        case 0xd2 -> LuaValue.valueOf((int) u(4));
        case 0xd3 -> LuaValue.valueOf((double) u(8));
        case 0xca -> LuaValue.valueOf(Float.intBitsToFloat((int) u(4)));
        case 0xcb -> LuaValue.valueOf(Double.longBitsToDouble(u(8)));
        case 0xd9, 0xc4 -> str(u(1));
        case 0xda, 0xc5 -> str(u(2));
        case 0xdb, 0xc6 -> str(u(4));
        case 0xdc -> array(u(2));
        case 0xdd -> array(u(4));
        case 0xde -> map(u(2));
        case 0xdf -> map(u(4));
        default -> throw new LuaError("Bad data format in input.");
      };
    }
  }
}
