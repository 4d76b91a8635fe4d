package io.replicheck.server.script;

import io.replicheck.server.resp.ReplySink;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Lua values to replies and back, as redis 7.0's script_lua.c converts them. Replies to Lua are
 * built by {@link LuaReplySink}; this class holds the other direction (luaReplyToRedisReply), the
 * conversion of {@code redis.call}'s arguments (luaArgsToRedisArgv), the error tables
 * (luaPushErrorBuff) and C's number formats.
 */
public final class RespLuaConversion {
  private RespLuaConversion() {}

  /**
   * Writes a script's return value as redis does: strings as bulks, numbers truncated to integers,
   * true as 1 (RESP2 script) or a boolean, false as a null (RESP2) or a boolean, tables with a
   * string {@code err} as an error, with {@code ok} as a status, (RESP3) {@code double}, {@code
   * map}, {@code set}, {@code verbatim_string}, other tables as arrays up to the first nil, and
   * anything else as a null.
   *
   * @param scriptResp the protocol the script chose with redis.setresp (booleans depend on it)
   */
  public static void toReply(LuaValue v, ReplySink out, int scriptResp) {
    switch (v.type()) {
      case LuaValue.TSTRING -> out.bulk(bytes((LuaString) v));
      case LuaValue.TBOOLEAN -> {
        if (scriptResp == 2) {
          if (v.toboolean()) {
            out.integer(1);
          } else {
            out.nullBulk();
          }
        } else {
          out.bool(v.toboolean());
        }
      }
      case LuaValue.TNUMBER -> out.integer(truncate(v.todouble()));
      case LuaValue.TTABLE -> tableToReply((LuaTable) v, out, scriptResp);
      default -> out.nullBulk();
    }
  }

  private static void tableToReply(LuaTable t, ReplySink out, int scriptResp) {
    LuaValue err = t.rawget("err");
    if (err.type() == LuaValue.TSTRING) {
      out.error(oneLine(err.tojstring()));
      return;
    }
    LuaValue ok = t.rawget("ok");
    if (ok.type() == LuaValue.TSTRING) {
      out.simple(oneLine(ok.tojstring()));
      return;
    }
    LuaValue dbl = t.rawget("double");
    if (dbl.type() == LuaValue.TNUMBER) {
      out.doubleValue(dbl.todouble());
      return;
    }
    LuaValue big = t.rawget("big_number");
    if (big.type() == LuaValue.TSTRING) {
      out.bigNumber(oneLine(big.tojstring()));
      return;
    }
    LuaValue verbatim = t.rawget("verbatim_string");
    if (verbatim.istable()) {
      LuaValue s = verbatim.get("string");
      LuaValue f = verbatim.get("format");
      if (s.isstring() && f.isstring()) {
        out.verbatim(s.tojstring());
        return;
      }
    }
    LuaValue map = t.rawget("map");
    if (map.istable()) {
      List<LuaValue> kv = new ArrayList<>();
      LuaValue k = LuaValue.NIL;
      while (true) {
        Varargs n = map.next(k);
        if ((k = n.arg1()).isnil()) {
          break;
        }
        kv.add(k);
        kv.add(n.arg(2));
      }
      out.mapHeader(kv.size() / 2);
      for (LuaValue x : kv) {
        toReply(x, out, scriptResp);
      }
      return;
    }
    LuaValue set = t.rawget("set");
    if (set.istable()) {
      List<LuaValue> members = new ArrayList<>();
      LuaValue k = LuaValue.NIL;
      while (true) {
        Varargs n = set.next(k);
        if ((k = n.arg1()).isnil()) {
          break;
        }
        members.add(k);
      }
      out.setHeader(members.size());
      for (LuaValue x : members) {
        toReply(x, out, scriptResp);
      }
      return;
    }
    // An array up to the first nil (holes end it, as lua_rawgeti finds nil there).
    int n = 0;
    while (!t.rawget(n + 1).isnil()) {
      n++;
    }
    out.arrayHeader(n);
    for (int i = 1; i <= n; i++) {
      toReply(t.rawget(i), out, scriptResp);
    }
  }

  /** The bytes of a Lua string. */
  static byte[] bytes(LuaString s) {
    byte[] b = new byte[s.m_length];
    System.arraycopy(s.m_bytes, s.m_offset, b, 0, s.m_length);
    return b;
  }

  /** (long long) of a double as x86-64 does it: NaN and out-of-range values give LLONG_MIN. */
  static long truncate(double d) {
    if (Double.isNaN(d) || d >= 0x1p63 || d < -0x1p63) {
      return Long.MIN_VALUE;
    }
    return (long) d;
  }

  private static String oneLine(String s) {
    return s.replace('\r', ' ').replace('\n', ' ');
  }

  /**
   * One argument of redis.call: strings as they are, numbers as {@code %.17g} (luaArgsToRedisArgv
   * does not use Lua's lossy conversion), anything else null (an error for the caller).
   */
  static byte[] toArg(LuaValue v) {
    if (v.type() == LuaValue.TSTRING) {
      return bytes((LuaString) v);
    }
    if (v.type() == LuaValue.TNUMBER) {
      return formatG(v.todouble(), 17).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
    return null;
  }

  /**
   * The error table redis pushes for an error text (luaPushErrorBuff): a text starting with '-' has
   * its first word as the code (ERR if there is none), any other gets ERR; trailing CR/LF trimmed.
   */
  static LuaTable errorTable(String text) {
    String code;
    String msg;
    if (text.startsWith("-")) {
      int sp = text.indexOf(' ');
      if (sp < 0) {
        code = "ERR";
        msg = text.substring(1);
      } else {
        code = text.substring(1, sp);
        msg = text.substring(sp + 1);
      }
    } else {
      code = "ERR";
      msg = text;
    }
    int end = msg.length();
    while (end > 0 && (msg.charAt(end - 1) == '\r' || msg.charAt(end - 1) == '\n')) {
      end--;
    }
    int start = 0;
    while (start < end && (msg.charAt(start) == '\r' || msg.charAt(start) == '\n')) {
      start++;
    }
    LuaTable t = new LuaTable();
    t.rawset("err", LuaValue.valueOf(code + " " + msg.substring(start, end)));
    return t;
  }

  /** C's {@code %.<precision>g}: shortest of fixed and exponent forms, trailing zeros dropped. */
  static String formatG(double d, int precision) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0" : "0";
    }
    BigDecimal bd = new BigDecimal(d).round(new MathContext(precision));
    int exp = bd.precision() - bd.scale() - 1;
    if (exp < -4 || exp >= precision) {
      BigDecimal mant = bd.movePointLeft(exp).stripTrailingZeros();
      String m = mant.toPlainString();
      String e = (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
      return m + "e" + e;
    }
    return bd.stripTrailingZeros().toPlainString();
  }
}
