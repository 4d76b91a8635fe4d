package io.replicheck.server.script;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The {@code cjson} library redis embeds (lua-cjson 2.1 with its defaults): encode with numbers as
 * {@code %.14g}, '/' escaped, tables with only positive integer keys as arrays (excessively sparse
 * ones refused), the empty table as {@code {}}; decode with JSON null as {@code cjson.null}. The
 * configuration functions exist and return the defaults. Object keys come out in luaj's table
 * order, which may differ from redis's Lua.
 */
final class CjsonLib {
  private CjsonLib() {}

  /** JSON null (lua-cjson's NULL lightuserdata). */
  static final LuaValue NULL = LuaValue.userdataOf(new Object());

  private static final int MAX_DEPTH = 1000;

  static LuaTable create() {
    LuaTable t = new LuaTable();
    t.rawset(
        "encode",
        new OneArgFunction() {
          @Override
          public LuaValue call(LuaValue v) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            encode(v, out, 0);
            return LuaString.valueUsing(out.toByteArray());
          }
        });
    t.rawset(
        "decode",
        new OneArgFunction() {
          @Override
          public LuaValue call(LuaValue v) {
            LuaString s = v.checkstring();
            Decoder d = new Decoder(RespLuaConversion.bytes(s));
            LuaValue r = d.value(0);
            d.skipSpace();
            if (d.pos < d.in.length) {
              throw d.error("the end");
            }
            return r;
          }
        });
    t.rawset("null", NULL);
    t.rawset("_NAME", "cjson");
    t.rawset("_VERSION", "2.1.0");
    for (String cfg :
        new String[] {
          "decode_invalid_numbers",
          "decode_max_depth",
          "encode_invalid_numbers",
          "encode_keep_buffer",
          "encode_max_depth",
          "encode_number_precision",
          "encode_sparse_array"
        }) {
      t.rawset(
          cfg,
          new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
              return switch (cfg) {
                case "decode_max_depth", "encode_max_depth" -> valueOf(MAX_DEPTH);
                case "encode_number_precision" -> valueOf(14);
                case "encode_sparse_array" -> varargsOf(FALSE, valueOf(2), valueOf(10));
                case "encode_keep_buffer" -> TRUE;
                default -> FALSE;
              };
            }
          });
    }
    t.rawset("new", t.rawget("encode"));
    return t;
  }

  private static void encode(LuaValue v, ByteArrayOutputStream out, int depth) {
    switch (v.type()) {
      case LuaValue.TNIL -> out.writeBytes(b("null"));
      case LuaValue.TBOOLEAN -> out.writeBytes(b(v.toboolean() ? "true" : "false"));
      case LuaValue.TNUMBER -> out.writeBytes(b(number(v.todouble())));
      case LuaValue.TSTRING -> string(RespLuaConversion.bytes(v.checkstring()), out);
      case LuaValue.TTABLE -> table((LuaTable) v, out, depth + 1);
      case LuaValue.TUSERDATA, LuaValue.TLIGHTUSERDATA -> {
        if (v == NULL) {
          out.writeBytes(b("null"));
        } else {
          throw new LuaError("Cannot serialise userdata: type not supported");
        }
      }
      default -> throw new LuaError("Cannot serialise " + v.typename() + ": type not supported");
    }
  }

  private static String number(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new LuaError("Cannot serialise number: must not be NaN or Inf");
    }
    return RespLuaConversion.formatG(d, 14);
  }

  private static void table(LuaTable t, ByteArrayOutputStream out, int depth) {
    if (depth > MAX_DEPTH) {
      throw new LuaError("Cannot serialise, excessive nesting (" + depth + ")");
    }
    // lua_array_length: every key a positive integer, not too sparse.
    int max = 0;
    int items = 0;
    boolean array = true;
    LuaValue k = LuaValue.NIL;
    while (true) {
      Varargs n = t.next(k);
      if ((k = n.arg1()).isnil()) {
        break;
      }
      if (k.type() == LuaValue.TNUMBER) {
        double d = k.todouble();
        if (d == Math.floor(d) && d >= 1) {
          max = (int) Math.max(max, Math.min(d, Integer.MAX_VALUE));
          items++;
          continue;
        }
      }
      array = false;
      break;
    }
    if (array && max > 0) {
      if (max > items * 2 && max > 10) {
        throw new LuaError("Cannot serialise table: excessively sparse array");
      }
      out.write('[');
      for (int i = 1; i <= max; i++) {
        if (i > 1) {
          out.write(',');
        }
        encode(t.rawget(i), out, depth);
      }
      out.write(']');
      return;
    }
    out.write('{');
    boolean first = true;
    k = LuaValue.NIL;
    while (true) {
      Varargs n = t.next(k);
      if ((k = n.arg1()).isnil()) {
        break;
      }
      if (!first) {
        out.write(',');
      }
      first = false;
      if (k.type() == LuaValue.TSTRING) {
        string(RespLuaConversion.bytes(k.checkstring()), out);
      } else if (k.type() == LuaValue.TNUMBER) {
        string(b(number(k.todouble())), out);
      } else {
        throw new LuaError("Cannot serialise table: table key must be a number or string");
      }
      out.write(':');
      encode(n.arg(2), out, depth);
    }
    out.write('}');
  }

  private static void string(byte[] s, ByteArrayOutputStream out) {
    out.write('"');
    for (byte x : s) {
      int c = x & 0xff;
      switch (c) {
        case '"' -> out.writeBytes(b("\\\""));
        case '\\' -> out.writeBytes(b("\\\\"));
        case '/' -> out.writeBytes(b("\\/"));
        case '\b' -> out.writeBytes(b("\\b"));
        case '\f' -> out.writeBytes(b("\\f"));
        case '\n' -> out.writeBytes(b("\\n"));
        case '\r' -> out.writeBytes(b("\\r"));
        case '\t' -> out.writeBytes(b("\\t"));
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.writeBytes(b(String.format("\\u%04x", c)));
          } else {
            out.write(c);
          }
        }
      }
    }
    out.write('"');
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** A recursive-descent JSON reader producing Lua values. */
  private static final class Decoder {
    final byte[] in;
    int pos;

    Decoder(byte[] in) {
      this.in = in;
    }

    LuaError error(String expected) {
      String found = pos >= in.length ? "the end" : "invalid token";
      return new LuaError(
          "Expected "
              + (expected.equals("the end") ? "the end" : expected)
              + " but found "
              + found
              + " at character "
              + (pos + 1));
    }

    void skipSpace() {
      while (pos < in.length
          && (in[pos] == ' ' || in[pos] == '\t' || in[pos] == '\n' || in[pos] == '\r')) {
        pos++;
      }
    }

    LuaValue value(int depth) {
      skipSpace();
      if (pos >= in.length) {
        throw error("value");
      }
      byte c = in[pos];
      switch (c) {
        case '{':
          return object(depth + 1);
        case '[':
          return array(depth + 1);
        case '"':
          return LuaString.valueUsing(string());
        case 't':
          return literal("true", LuaValue.TRUE);
        case 'f':
          return literal("false", LuaValue.FALSE);
        case 'n':
          return literal("null", NULL);
        default:
          return number();
      }
    }

    private LuaValue literal(String word, LuaValue v) {
      byte[] w = b(word);
      if (pos + w.length > in.length) {
        throw error("value");
      }
      for (int i = 0; i < w.length; i++) {
        if (in[pos + i] != w[i]) {
          throw error("value");
        }
      }
      pos += w.length;
      return v;
    }

    private LuaValue number() {
      int start = pos;
      while (pos < in.length && "+-0123456789.eE".indexOf(in[pos]) >= 0) {
        pos++;
      }
      try {
        return LuaValue.valueOf(
            Double.parseDouble(new String(in, start, pos - start, StandardCharsets.US_ASCII)));
      } catch (NumberFormatException e) {
        pos = start;
        throw error("value");
      }
    }

    private byte[] string() {
      pos++;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (true) {
        if (pos >= in.length) {
          throw new LuaError(
              "Expected value but found unexpected end of string at character " + (pos + 1));
        }
        int c = in[pos++] & 0xff;
        if (c == '"') {
          return out.toByteArray();
        }
        if (c != '\\') {
          out.write(c);
          continue;
        }
        if (pos >= in.length) {
          throw error("value");
        }
        int e = in[pos++];
        switch (e) {
          case 'b' -> out.write('\b');
          case 'f' -> out.write('\f');
          case 'n' -> out.write('\n');
          case 'r' -> out.write('\r');
          case 't' -> out.write('\t');
          case 'u' -> {
            int cp = hex4();
            if (cp >= 0xD800 && cp < 0xDC00 && pos + 1 < in.length && in[pos] == '\\') {
              pos++;
              if (in[pos++] != 'u') {
                throw error("value");
              }
              int lo = hex4();
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
          }
          default -> out.write(e);
        }
      }
    }

    private int hex4() {
      if (pos + 4 > in.length) {
        throw error("value");
      }
      try {
        int v = Integer.parseInt(new String(in, pos, 4, StandardCharsets.US_ASCII), 16);
        pos += 4;
        return v;
      } catch (NumberFormatException ex) {
        throw error("value");
      }
    }

    private LuaValue array(int depth) {
      if (depth > MAX_DEPTH) {
        throw new LuaError(
            "Found too many nested data structures (" + depth + ") at character " + (pos + 1));
      }
      pos++;
      LuaTable t = new LuaTable();
      skipSpace();
      if (pos < in.length && in[pos] == ']') {
        pos++;
        return t;
      }
      int i = 1;
      while (true) {
        t.rawset(i++, value(depth));
        skipSpace();
        if (pos < in.length && in[pos] == ',') {
          pos++;
          continue;
        }
        if (pos < in.length && in[pos] == ']') {
          pos++;
          return t;
        }
        throw error("comma or array end");
      }
    }

    private LuaValue object(int depth) {
      if (depth > MAX_DEPTH) {
        throw new LuaError(
            "Found too many nested data structures (" + depth + ") at character " + (pos + 1));
      }
      pos++;
      LuaTable t = new LuaTable();
      skipSpace();
      if (pos < in.length && in[pos] == '}') {
        pos++;
        return t;
      }
      while (true) {
        skipSpace();
        if (pos >= in.length || in[pos] != '"') {
          throw error("object key string");
        }
        LuaValue k = LuaString.valueUsing(string());
        skipSpace();
        if (pos >= in.length || in[pos] != ':') {
          throw error("colon");
        }
        pos++;
        t.rawset(k, value(depth));
        skipSpace();
        if (pos < in.length && in[pos] == ',') {
          pos++;
          continue;
        }
        if (pos < in.length && in[pos] == '}') {
          pos++;
          return t;
        }
        throw error("comma or object end");
      }
    }
  }
}
