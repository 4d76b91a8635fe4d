package io.replicheck.server.script;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The {@code bit} library redis embeds (Lua BitOp 1.0): operations on 32-bit signed integers,
 * numbers normalized by {@code tobit} (wrapped modulo 2^32, fractions rounded to nearest even).
 */
final class BitLib {
  private BitLib() {}

  /** Op codes. */
  private enum Op {
    TOBIT,
    TOHEX,
    BNOT,
    BAND,
    BOR,
    BXOR,
    LSHIFT,
    RSHIFT,
    ARSHIFT,
    ROL,
    ROR,
    BSWAP
  }

  static LuaTable create() {
    LuaTable t = new LuaTable();
    for (Op op : Op.values()) {
      t.rawset(
          op.name().toLowerCase(java.util.Locale.ROOT),
          new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
              return apply(op, args);
            }
          });
    }
    return t;
  }

  static int tobit(LuaValue v) {
    double d = v.checkdouble();
    double r = Math.rint(d);
    if (Math.abs(r) < 0x1p63) {
      return (int) (long) r;
    }
    return (int) (long) Math.IEEEremainder(r, 0x1p32);
  }

  private static LuaValue apply(Op op, Varargs a) {
    switch (op) {
      case TOBIT:
        return LuaValue.valueOf(tobit(a.arg1()));
      case TOHEX:
        {
          int x = tobit(a.arg1());
          int n = a.isnoneornil(2) ? 8 : tobit(a.arg(2));
          boolean upper = n < 0;
          n = Math.min(8, Math.abs(n));
          String h = String.format(upper ? "%08X" : "%08x", x);
          return LuaValue.valueOf(h.substring(8 - n));
        }
      case BNOT:
        return LuaValue.valueOf(~tobit(a.arg1()));
      case BAND:
      case BOR:
      case BXOR:
        {
          int r = tobit(a.arg1());
          for (int i = 2; i <= a.narg(); i++) {
            int y = tobit(a.arg(i));
            r = op == Op.BAND ? r & y : op == Op.BOR ? r | y : r ^ y;
          }
          return LuaValue.valueOf(r);
        }
      case LSHIFT:
        return LuaValue.valueOf(tobit(a.arg1()) << (tobit(a.arg(2)) & 31));
      case RSHIFT:
        return LuaValue.valueOf(tobit(a.arg1()) >>> (tobit(a.arg(2)) & 31));
      case ARSHIFT:
        return LuaValue.valueOf(tobit(a.arg1()) >> (tobit(a.arg(2)) & 31));
      case ROL:
        return LuaValue.valueOf(Integer.rotateLeft(tobit(a.arg1()), tobit(a.arg(2)) & 31));
      case ROR:
        return LuaValue.valueOf(Integer.rotateRight(tobit(a.arg1()), tobit(a.arg(2)) & 31));
      default:
        return LuaValue.valueOf(Integer.reverseBytes(tobit(a.arg1())));
    }
  }
}
