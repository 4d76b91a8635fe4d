package io.replicheck.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Draws commands from command shapes with a seeded {@link Random}: arguments from small pools (so
 * commands meet the same keys, members and the wrong types) mixed with edge cases (empty, huge,
 * negative, non-numeric), and now and then one argument too few or too many.
 *
 * <p>Argument tokens: {@code key}, {@code member}, {@code value}, {@code field}, {@code score},
 * {@code int}, {@code count}, {@code range} (score bound), {@code lex} (lex bound), {@code
 * timeout}, {@code pattern}, {@code float}, {@code db}, {@code ttl}, {@code keys} (numkeys and that
 * many keys), {@code bitoffset} (bit offsets, {@code #n} forms), {@code bftype} (BITFIELD types),
 * {@code element} (HyperLogLog elements); {@code opt:A|B+int} (maybe one alternative, {@code +}
 * joins tokens); {@code rep:score,member} (1 to 4 repetitions); an upper-case word or a number is
 * sent as it is.
 */
public final class FuzzGenerator {
  private static final String HUGE = "x".repeat(70); // past zset/hash-max-listpack-value (64)

  private static final Map<String, String[]> POOLS =
      Map.ofEntries(
          Map.entry("key", new String[] {"k0", "k1", "k2", "k3", "k4", "k5"}),
          Map.entry("member", new String[] {"a", "b", "c", "d", "e", "1", "2", "-3", "10", "aa"}),
          Map.entry("field", new String[] {"f0", "f1", "f2", "f3", "1", "a"}),
          Map.entry("value", new String[] {"v", "1", "-2", "10", "3.5", "abc", "0", "99"}),
          Map.entry(
              "score",
              new String[] {
                "1", "2", "2.5", "-3", "0", "10", "0.1", "1e3", "3.0000000000000004", "-1.5", "7"
              }),
          Map.entry("int", new String[] {"0", "1", "2", "-1", "-2", "3", "5", "-5", "10"}),
          Map.entry("count", new String[] {"1", "2", "3", "5", "10"}),
          Map.entry(
              "range",
              new String[] {"-inf", "+inf", "0", "1", "(1", "(2.5", "3", "10", "-3", "(0"}),
          Map.entry("lex", new String[] {"-", "+", "[a", "(a", "[b", "(c", "[d", "[1", "(aa"}),
          Map.entry("timeout", new String[] {"0.01"}),
          Map.entry("pattern", new String[] {"*", "k*", "?", "[ab]*", "a*", "f*"}),
          Map.entry("float", new String[] {"1.5", "-2", "0", "0.1", "10.25", "3"}),
          Map.entry("db", new String[] {"0", "1", "2"}),
          Map.entry("ttl", new String[] {"100", "1000", "5000"}),
          Map.entry(
              "bitoffset",
              new String[] {"0", "1", "7", "8", "13", "31", "64", "100", "#0", "#1", "#3"}),
          Map.entry(
              "bftype",
              new String[] {
                "i1", "i5", "i8", "i16", "i32", "i63", "i64", "u1", "u4", "u8", "u16", "u63"
              }),
          Map.entry(
              "element",
              new String[] {
                "a", "b", "c", "d", "e", "f", "g", "h", "1", "2", "3", "10", "99", "x", "y", "z",
                "foo", "bar", "baz", "qux"
              }),
          Map.entry(
              "sid", new String[] {"1-1", "2-0", "2-1", "3", "5-5", "0-1", "7-0", "10-2", "4-*"}),
          Map.entry("srange", new String[] {"-", "+", "0", "2", "(2-0", "3-0", "(1-1", "10"}),
          Map.entry("readid", new String[] {"0", "0-0", "$", ">", ">", "2-0", "3-0"}),
          Map.entry("group", new String[] {"g1", "g2"}),
          Map.entry("consumer", new String[] {"c1", "c2", "c3"}),
          Map.entry("msblock", new String[] {"1", "5"}),
          Map.entry("trimop", new String[] {"~", "="}),
          Map.entry("fname", new String[] {"f1", "f2", "f3", "f4"}),
          Map.entry("libname", new String[] {"lib1", "lib2", "lib3"}),
          Map.entry("channel", new String[] {"ch1", "ch2", "ch3", "news.tech"}),
          Map.entry("chpattern", new String[] {"ch*", "*", "news.*", "ch[12]", "?h1"}),
          Map.entry("message", new String[] {"hello", "1", "m2", "x y"}));

  private static final Map<String, String[]> EDGES =
      Map.ofEntries(
          Map.entry("key", new String[] {"", HUGE, "k0:x"}),
          Map.entry("member", new String[] {"", HUGE, "\u00ff\u0000b", "A"}),
          Map.entry("field", new String[] {"", HUGE}),
          Map.entry(
              "value",
              new String[] {"", HUGE, "9223372036854775807", "-9223372036854775808", "1e400"}),
          Map.entry(
              "score",
              new String[] {
                "inf",
                "-inf",
                "+inf",
                "nan",
                "abc",
                "",
                "1e400",
                "1e-400",
                ".5",
                "5.",
                " 1",
                "1 ",
                "-0",
                "0x10",
                "1e308",
                "(1",
                "-inf1",
                "4.9e-324"
              }),
          Map.entry(
              "int",
              new String[] {
                "abc",
                "",
                "9223372036854775807",
                "-9223372036854775808",
                "9223372036854775808",
                "1.5",
                "100000",
                "-100000",
                " 1"
              }),
          Map.entry("count", new String[] {"0", "-1", "abc", "", "9223372036854775807", "-100"}),
          Map.entry("range", new String[] {"abc", "(", "", "[1", "nan", "(inf", "1e400", " 2"}),
          Map.entry("lex", new String[] {"a", "", "[", "(", "+a", "-a", "[" + HUGE}),
          Map.entry("timeout", new String[] {"-1", "abc", "1e400"}),
          Map.entry("pattern", new String[] {"", "\\", "[", "**"}),
          Map.entry("float", new String[] {"abc", "", "inf", "1e400", "nan"}),
          Map.entry("db", new String[] {"16", "-1", "abc"}),
          Map.entry("ttl", new String[] {"-1", "0", "abc", "9223372036854775807"}),
          Map.entry(
              "bitoffset",
              new String[] {
                "-1", "abc", "", "#-1", "#", "4294967296", "9223372036854775807", "2000"
              }),
          Map.entry("bftype", new String[] {"u64", "i65", "i0", "I8", "x8", "", "i", "u-1"}),
          Map.entry("element", new String[] {"", HUGE, "\u00ff\u0000b"}),
          Map.entry(
              "sid",
              new String[] {
                "",
                "abc",
                "-1",
                "1-",
                "18446744073709551615-18446744073709551615",
                "18446744073709551616",
                "1-2-3",
                " 1",
                "0-0",
                "+",
                "-",
                "(1",
                "-05"
              }),
          Map.entry("srange", new String[] {"(", "((1", "abc", "(-", "(+", ""}),
          Map.entry("readid", new String[] {"", "+", "-", "abc"}),
          Map.entry("group", new String[] {"", HUGE}),
          Map.entry("consumer", new String[] {"", HUGE}),
          Map.entry("msblock", new String[] {"-1", "abc", "1.5"}),
          Map.entry("fname", new String[] {"nosuch", "", "F1"}),
          Map.entry("libname", new String[] {"nosuch", "", "LIB1"}),
          Map.entry("channel", new String[] {"", HUGE, "ch\u00001"}),
          Map.entry("chpattern", new String[] {"", "[", "\\"}),
          Map.entry("message", new String[] {"", HUGE, "\u00ff\u0000"}));

  /** Stands for the payload FUNCTION DUMP gives on the other server now ({@code dump} token). */
  public static final String DUMP_PLACEHOLDER = "\u0000function-dump-of-the-other-server\u0000";

  private static final String[] FUNCTION_NAMES = {"f1", "f2", "f3", "f4"};

  private final Random rnd;
  private final LuaGenerator lua;
  private final List<String> scripts = new ArrayList<>(); // every script drawn, for sha tokens
  private final double edgeRate;
  private final double arityRate;

  public FuzzGenerator(long seed, double edgeRate, double arityRate) {
    this.rnd = new Random(seed);
    this.lua = new LuaGenerator(rnd);
    this.edgeRate = edgeRate;
    this.arityRate = arityRate;
  }

  public FuzzGenerator(long seed) {
    this(seed, 0.08, 0.03);
  }

  public Random random() {
    return rnd;
  }

  /** Whether the token is one this generator can draw. */
  public static boolean knows(String token) {
    if (token.startsWith("opt:")) {
      for (String alt : token.substring(4).split("\\|")) {
        for (String t : alt.split("\\+")) {
          if (!knows(t)) {
            return false;
          }
        }
      }
      return true;
    }
    if (token.startsWith("rep:")) {
      for (String t : token.substring(4).split(",")) {
        if (!knows(t)) {
          return false;
        }
      }
      return true;
    }
    return GENERATED.contains(token)
        || POOLS.containsKey(token)
        || token.matches("[A-Z0-9][A-Z0-9_-]*");
  }

  /**
   * Tokens drawn by a generator rather than a pool: {@code keys}, {@code script} (a Lua script of
   * {@link LuaGenerator}'s grammar), {@code sha} (the SHA1 of a script drawn earlier in the
   * sequence, upper-cased now and then, or an unknown or malformed one), {@code library} (a
   * function library of the same grammar, named from {@code libname}) and {@code dump} (the other
   * server's FUNCTION DUMP, which the fuzzer puts in: {@link #DUMP_PLACEHOLDER}).
   */
  private static final java.util.Set<String> GENERATED =
      java.util.Set.of("keys", "script", "sha", "library", "dump");

  /** Draws one shape of one family (families equally likely, then shapes equally likely). */
  public CommandShape pick(List<CommandFamily> families) {
    CommandFamily f = families.get(rnd.nextInt(families.size()));
    return f.shapes().get(rnd.nextInt(f.shapes().size()));
  }

  /** The arguments of one command of this shape, the command name first. */
  public List<byte[]> draw(CommandShape shape) {
    List<String> out = new ArrayList<>();
    out.add(rnd.nextInt(50) == 0 ? shape.name().toLowerCase(Locale.ROOT) : shape.name());
    for (String t : shape.tokens()) {
      emit(t, out);
    }
    if (rnd.nextDouble() < arityRate) {
      if (out.size() > 1 && rnd.nextBoolean()) {
        out.remove(out.size() - 1);
      } else {
        out.add(draw("member"));
      }
    }
    List<byte[]> bytes = new ArrayList<>(out.size());
    for (String s : out) {
      bytes.add(s.getBytes(StandardCharsets.ISO_8859_1));
    }
    return bytes;
  }

  private void emit(String t, List<String> out) {
    if (t.startsWith("opt:")) {
      if (rnd.nextInt(3) == 0) {
        String[] alts = t.substring(4).split("\\|");
        for (String x : alts[rnd.nextInt(alts.length)].split("\\+")) {
          emit(x, out);
        }
      }
    } else if (t.startsWith("rep:")) {
      int n = 1 + rnd.nextInt(rnd.nextInt(8) == 0 ? 6 : 3);
      for (int i = 0; i < n; i++) {
        for (String x : t.substring(4).split(",")) {
          emit(x, out);
        }
      }
    } else if (t.equals("keys")) {
      int n = 1 + rnd.nextInt(3);
      int said = rnd.nextDouble() < edgeRate ? rnd.nextInt(5) - 1 : n;
      out.add(Integer.toString(said));
      for (int i = 0; i < n; i++) {
        out.add(draw("key"));
      }
    } else if (t.equals("script")) {
      String script = lua.script();
      scripts.add(script);
      out.add(script);
    } else if (t.equals("sha")) {
      out.add(sha());
    } else if (t.equals("library")) {
      out.add(lua.library(draw("libname"), FUNCTION_NAMES));
    } else if (t.equals("dump")) {
      int edge = rnd.nextInt(20);
      out.add(edge == 0 ? "" : edge == 1 ? "garbage" : DUMP_PLACEHOLDER);
    } else if (POOLS.containsKey(t)) {
      out.add(draw(t));
    } else {
      out.add(t);
    }
  }

  private String sha() {
    int r = rnd.nextInt(10);
    if (r < 7 && !scripts.isEmpty()) {
      String sha = sha1hex(scripts.get(rnd.nextInt(scripts.size())));
      return r == 0 ? sha.toUpperCase(Locale.ROOT) : sha;
    }
    String[] other = {
      "ffffffffffffffffffffffffffffffffffffffff",
      "abc",
      "",
      sha1hex("return 1") + "0",
      sha1hex("return 1")
    };
    return other[rnd.nextInt(other.length)];
  }

  /** SHA1 of a script's bytes (ISO-8859-1, as they are sent), lower-case hex as redis names it. */
  static String sha1hex(String script) {
    try {
      byte[] d =
          java.security.MessageDigest.getInstance("SHA-1")
              .digest(script.getBytes(StandardCharsets.ISO_8859_1));
      StringBuilder b = new StringBuilder();
      for (byte x : d) {
        b.append(String.format(Locale.ROOT, "%02x", x & 0xff));
      }
      return b.toString();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String draw(String pool) {
    String[] edges = EDGES.get(pool);
    if (edges != null && rnd.nextDouble() < edgeRate) {
      return edges[rnd.nextInt(edges.length)];
    }
    String[] p = POOLS.get(pool);
    return p[rnd.nextInt(p.length)];
  }
}
