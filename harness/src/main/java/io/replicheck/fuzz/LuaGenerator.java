package io.replicheck.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates deterministic Lua scripts and function libraries from a small grammar: statements that
 * {@code redis.call}/{@code redis.pcall} commands on the fuzzer's keys (wrong types, wrong arity
 * and refused commands included), {@code redis.setresp}, {@code redis.set_repl}, and a return of
 * every Lua-to-RESP conversion (integers, floats, strings, nil/false/true, nested tables, tables
 * cut at a nil, error and status tables, {@code double}/{@code map}/{@code set}/{@code big_number}
 * tables, raised errors). Nothing a script does reads the clock or randomness into its reply, and
 * tables with more than one string key are not returned (their order is Lua's hash order).
 */
final class LuaGenerator {
  private static final String[] KEYS = {"'k0'", "'k1'", "'k2'", "KEYS[1]", "KEYS[2]", "KEYS[1]"};
  private static final String[] VALUES = {
    "'v'", "'1'", "'-2'", "'abc'", "''", "ARGV[1]", "ARGV[2]", "7", "-3", "1.5", "0.1", "3.0",
    "1e20", "'10'", "'3.5'"
  };
  private static final String[] MEMBERS = {"'a'", "'b'", "'c'", "'1'", "ARGV[1]"};

  private final Random rnd;
  private final String keysVar;
  private final String argsVar;

  /** A generator for EVAL scripts ({@code KEYS}, {@code ARGV}). */
  LuaGenerator(Random rnd) {
    this(rnd, "KEYS", "ARGV");
  }

  private LuaGenerator(Random rnd, String keysVar, String argsVar) {
    this.rnd = rnd;
    this.keysVar = keysVar;
    this.argsVar = argsVar;
  }

  private String pick(String[] pool) {
    return pool[rnd.nextInt(pool.length)]
        .replace("KEYS[", keysVar + "[")
        .replace("ARGV[", argsVar + "[");
  }

  /** One EVAL script: a few statements and a return, on one line or several. */
  String script() {
    return body(false);
  }

  /** A body; {@code readOnly} bodies call only commands that do not write. */
  private String body(boolean readOnly) {
    List<String> lines = new ArrayList<>();
    if (rnd.nextInt(5) == 0) {
      lines.add(
          "redis.setresp(" + (rnd.nextInt(8) == 0 ? "4" : rnd.nextBoolean() ? "3" : "2") + ")");
    }
    if (rnd.nextInt(10) == 0) {
      String[] modes = {"REPL_ALL", "REPL_NONE", "REPL_AOF", "REPL_REPLICA", "REPL_SLAVE"};
      lines.add("redis.set_repl(redis." + modes[rnd.nextInt(modes.length)] + ")");
    }
    int n = rnd.nextInt(4);
    for (int i = 0; i < n; i++) {
      lines.add(statement(i, readOnly));
    }
    lines.add(ret(n, readOnly));
    return String.join(rnd.nextBoolean() ? "\n" : "; ", lines);
  }

  private String statement(int i, boolean readOnly) {
    String call = call(readOnly);
    return switch (rnd.nextInt(4)) {
      case 0 -> "local v" + i + " = " + call;
      case 1 -> "local v" + i + " = redis.p" + call.substring("redis.".length());
      case 2 -> "if redis.call('EXISTS', " + pick(KEYS) + ") == 1 then " + call + " end";
      default -> call;
    };
  }

  /** A {@code redis.call(...)} of a deterministic command, now and then a refused or bad one. */
  private String call(boolean readOnly) {
    String k = pick(KEYS);
    String v = pick(VALUES);
    String m = pick(MEMBERS);
    String[] reads = {
      "'GET', " + k,
      "'EXISTS', " + k,
      "'TYPE', " + k,
      "'STRLEN', " + k,
      "'LRANGE', " + k + ", 0, -1",
      "'LLEN', " + k,
      "'HGET', " + k + ", " + m,
      "'SCARD', " + k,
      "'SISMEMBER', " + k + ", " + m,
      "'ZRANGE', " + k + ", 0, -1, 'WITHSCORES'",
      "'ZSCORE', " + k + ", " + m,
      "'ZCARD', " + k,
      "'GET'",
      "'NOSUCHCOMMAND', " + k,
      "'PING'",
      "'ECHO', " + v,
      "'GET', nil",
      "'GET', {}",
    };
    String[] writes = {
      "'SET', " + k + ", " + v,
      "'INCR', " + k,
      "'INCRBY', " + k + ", " + v,
      "'INCRBYFLOAT', " + k + ", " + v,
      "'DEL', " + k,
      "'APPEND', " + k + ", " + v,
      "'LPUSH', " + k + ", " + v,
      "'RPUSH', " + k + ", " + v + ", " + m,
      "'RPOP', " + k,
      "'HSET', " + k + ", " + m + ", " + v,
      "'SADD', " + k + ", " + m,
      "'ZADD', " + k + ", " + v + ", " + m,
      "'ZINCRBY', " + k + ", " + v + ", " + m,
      "'PUBLISH', 'ch1', " + v,
      "'EVAL', 'return 1', 0",
      "'SUBSCRIBE', 'ch1'",
    };
    boolean write = !readOnly ? rnd.nextInt(3) != 0 : rnd.nextInt(6) == 0;
    String args = write ? writes[rnd.nextInt(writes.length)] : reads[rnd.nextInt(reads.length)];
    return "redis.call(" + args + ")";
  }

  private String ret(int locals, boolean readOnly) {
    int pick = rnd.nextInt(24);
    return switch (pick) {
      case 0 -> "return " + (rnd.nextInt(2000) - 1000);
      case 1 -> "return " + pick(new String[] {"3.99", "-2.5", "0.5", "1e3", "-0.0", "2^53"});
      case 2 -> "return " + pick(new String[] {"'abc'", "''", "'1'", "ARGV[1]", "KEYS[1]"});
      case 3 -> "return " + pick(new String[] {"nil", "false", "true"});
      case 4 -> "return " + table(2);
      case 5 -> "return " + pick(new String[] {"{1, nil, 3}", "{1, false, 2}", "{}", "{{}}"});
      case 6 -> "return redis.error_reply('" + pick(new String[] {"My Error", "ERR x", ""}) + "')";
      case 7 -> "return redis.status_reply('" + pick(new String[] {"FINE", "", "OK"}) + "')";
      case 8 -> "return {err='" + pick(new String[] {"BAD thing", "ERR y", "-X"}) + "'}";
      case 9 -> "return {ok='" + pick(new String[] {"yes", "QUEUED"}) + "'}";
      case 10 -> "return " + call(readOnly);
      case 11 -> "return redis.p" + call(readOnly).substring("redis.".length());
      case 12 -> "error('" + pick(new String[] {"boom", "ERR boom", ""}) + "')";
      case 13 -> "error({err='" + pick(new String[] {"ERR custom", "NOPE no"}) + "'})";
      case 14 -> "return {double=" + pick(new String[] {"1.5", "0.1", "-2", "1e300", "3"}) + "}";
      case 15 -> "return {map={" + pick(new String[] {"a", "b1"}) + "=" + pick(VALUES) + "}}";
      case 16 -> "return {set={" + pick(new String[] {"a", "x"}) + "=true}}";
      case 17 -> "return {big_number='" + pick(new String[] {"123456789012345678901", "-5"}) + "'}";
      case 18 ->
          "return {" + keysVar + "[1], " + argsVar + "[1], #" + keysVar + ", #" + argsVar + "}";
      case 19 -> "return redis.sha1hex(" + pick(VALUES) + ")";
      case 20 ->
          "return "
              + pick(
                  new String[] {
                    "tostring(1.5)",
                    "tonumber('10')",
                    "string.format('%d:%s', 5, 'x')",
                    "cjson.encode({1, 'a', {2}})",
                    "cjson.decode('[1, \"x\", [2.5]]')",
                    "bit.band(12, 10)",
                    "bit.tohex(255)",
                    "string.len(cmsgpack.pack({1, 2, 'x'}))",
                    "struct.pack('>I2', 258)",
                    "type(redis.call('TIME'))",
                    "#redis.call('TIME')"
                  });
      case 21 -> locals > 0 ? "return v" + rnd.nextInt(locals) : "return 0";
      case 22 -> locals > 0 ? "return {v" + rnd.nextInt(locals) + ", 'after'}" : "return {0}";
      default -> "return " + pick(new String[] {"redis.REPL_ALL", "#" + keysVar, "1 + 1"});
    };
  }

  private String table(int depth) {
    int n = rnd.nextInt(4);
    List<String> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int t = rnd.nextInt(depth > 0 ? 5 : 4);
      items.add(
          switch (t) {
            case 0 -> Integer.toString(rnd.nextInt(20) - 5);
            case 1 -> pick(new String[] {"1.5", "-0.5", "2.0"});
            case 2 -> pick(new String[] {"'s'", "''", "ARGV[1]"});
            case 3 -> pick(new String[] {"true", "{err='E1'}", "{ok='O1'}"});
            default -> table(depth - 1);
          });
    }
    return "{" + String.join(", ", items) + "}";
  }

  /**
   * A function library named {@code name}: a few functions (names from a small pool, so two
   * libraries may clash), some with flags, each with a body of this grammar; now and then a broken
   * library (bad header, no function, a syntax error).
   */
  String library(String name, String[] functionNames) {
    int broken = rnd.nextInt(14);
    String header =
        switch (broken) {
          case 0 -> "#!lua";
          case 1 -> "#!lua name=";
          case 2 -> "#!python name=" + name;
          case 3 -> "#!lua name=" + name + " foo=bar";
          default -> "#!lua name=" + name;
        };
    StringBuilder b = new StringBuilder(header).append('\n');
    if (broken == 4) {
      return b.append("local x = 1").toString();
    }
    if (broken == 5) {
      return b.append("redis.register_function('f', function(keys, args) return 1 end").toString();
    }
    int n = 1 + rnd.nextInt(2);
    LuaGenerator inner = new LuaGenerator(rnd, "keys", "args");
    for (int i = 0; i < n; i++) {
      String fn = functionNames[rnd.nextInt(functionNames.length)];
      boolean noWrites = rnd.nextInt(3) == 0;
      String body = inner.body(noWrites).replace("\n", "; ");
      if (noWrites || rnd.nextInt(4) == 0) {
        String flags =
            noWrites
                ? "'no-writes'"
                : pick(new String[] {"'allow-stale'", "'allow-oom'", "'no-cluster'", "'bogus'"});
        b.append("redis.register_function{function_name='")
            .append(fn)
            .append("', callback=function(keys, args) ")
            .append(body)
            .append(" end, flags={")
            .append(flags)
            .append("}}\n");
      } else {
        b.append("redis.register_function('")
            .append(fn)
            .append("', function(keys, args) ")
            .append(body)
            .append(" end)\n");
      }
    }
    return b.toString();
  }
}
