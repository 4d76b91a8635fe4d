package io.replicheck.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One configuration parameter: its name (and aliases such as {@code slaveof} for {@code
 * replicaof}), how to read its current value for CONFIG GET, and how to apply a new value (from the
 * config file, a {@code --name value} argument or CONFIG SET). Setters run on the server's command
 * thread once the server runs; at startup, on the main thread before it starts.
 */
public final class ConfigParam {
  /** Applies a value; throws with redis's message when it is invalid. */
  @FunctionalInterface
  public interface Setter {
    void set(String value) throws ConfigException;
  }

  private final String name;
  private final List<String> aliases;
  private final Supplier<String> getter;
  private final Setter setter;
  private final boolean mutable;
  private final int minArgs;
  private final int maxArgs;

  public ConfigParam(
      String name,
      List<String> aliases,
      Supplier<String> getter,
      Setter setter,
      boolean mutable,
      int minArgs,
      int maxArgs) {
    this.name = name.toLowerCase(Locale.ROOT);
    this.aliases = List.copyOf(aliases);
    this.getter = getter;
    this.setter = setter;
    this.mutable = mutable;
    this.minArgs = minArgs;
    this.maxArgs = maxArgs;
  }

  public String name() {
    return name;
  }

  public List<String> aliases() {
    return aliases;
  }

  public String get() {
    return getter.get();
  }

  public void set(String value) throws ConfigException {
    setter.set(value);
  }

  /** False for parameters only settable at startup (CONFIG SET answers an error). */
  public boolean mutable() {
    return mutable;
  }

  /** Number of arguments the directive takes in a config file; values are joined with spaces. */
  public int minArgs() {
    return minArgs;
  }

  public int maxArgs() {
    return maxArgs;
  }

  /** Same parameter with extra aliases. */
  public ConfigParam withAliases(String... more) {
    List<String> a = new ArrayList<>(aliases);
    a.addAll(List.of(more));
    return new ConfigParam(name, a, getter, setter, mutable, minArgs, maxArgs);
  }

  /** Same parameter, settable only at startup. */
  public ConfigParam immutable() {
    return new ConfigParam(name, aliases, getter, setter, false, minArgs, maxArgs);
  }

  /** Same parameter, taking between min and max arguments in a config file. */
  public ConfigParam args(int min, int max) {
    return new ConfigParam(name, aliases, getter, setter, mutable, min, max);
  }

  // ---- builders for the common kinds ----

  public static ConfigParam string(String name, Supplier<String> get, Consumer<String> set) {
    return new ConfigParam(name, List.of(), () -> nz(get.get()), set::accept, true, 1, 1);
  }

  public static ConfigParam bool(String name, Supplier<Boolean> get, Consumer<Boolean> set) {
    return new ConfigParam(
        name, List.of(), () -> get.get() ? "yes" : "no", v -> set.accept(parseBool(v)), true, 1, 1);
  }

  public static ConfigParam integer(
      String name, int min, int max, IntSupplier get, IntConsumer set) {
    return ranged(
        name, min, max, ConfigParam::parseLongArg, get::getAsInt, n -> set.accept((int) n));
  }

  public static ConfigParam longInt(
      String name, long min, long max, LongSupplier get, LongConsumer set) {
    return ranged(name, min, max, ConfigParam::parseLongArg, get, set);
  }

  /** A byte size accepting redis's units (1k = 1000, 1kb = 1024, m, mb, g, gb). */
  public static ConfigParam memory(
      String name, long min, long max, LongSupplier get, LongConsumer set) {
    return ranged(name, min, max, ConfigParam::parseMemory, get, set);
  }

  /** Reads a number from a directive's argument. */
  private interface Parser {
    long parse(String v) throws ConfigException;
  }

  /** A number parsed by {@code parse} and refused outside [min, max] with redis's error. */
  private static ConfigParam ranged(
      String name, long min, long max, Parser parse, LongSupplier get, LongConsumer set) {
    return new ConfigParam(
        name,
        List.of(),
        () -> Long.toString(get.getAsLong()),
        v -> {
          long n = parse.parse(v);
          if (n < min || n > max) {
            throw new ConfigException(
                "argument must be between " + min + " and " + max + " inclusive");
          }
          set.accept(n);
        },
        true,
        1,
        1);
  }

  public static ConfigParam enumeration(
      String name, List<String> values, Supplier<String> get, Consumer<String> set) {
    return new ConfigParam(
        name,
        List.of(),
        get,
        v -> {
          String l = v.toLowerCase(Locale.ROOT);
          if (!values.contains(l)) {
            throw new ConfigException(
                "argument(s) must be one of the following: " + String.join(", ", values));
          }
          set.accept(l);
        },
        true,
        1,
        1);
  }

  public static boolean parseBool(String v) throws ConfigException {
    String l = v.toLowerCase(Locale.ROOT);
    if (l.equals("yes")) {
      return true;
    }
    if (l.equals("no")) {
      return false;
    }
    throw new ConfigException("argument must be 'yes' or 'no'");
  }

  public static long parseLongArg(String v) throws ConfigException {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException("argument couldn't be parsed into an integer");
    }
  }

  /** redis's memtoull. */
  public static long parseMemory(String v) throws ConfigException {
    String s = v.trim().toLowerCase(Locale.ROOT);
    long mul = 1;
    String num = s;
    String[][] units = {
      {"gb", "1073741824"},
      {"mb", "1048576"},
      {"kb", "1024"},
      {"g", "1000000000"},
      {"m", "1000000"},
      {"k", "1000"},
      {"b", "1"}
    };
    for (String[] u : units) {
      if (s.endsWith(u[0])) {
        mul = Long.parseLong(u[1]);
        num = s.substring(0, s.length() - u[0].length());
        break;
      }
    }
    try {
      long n = Long.parseLong(num);
      return Math.multiplyExact(n, mul);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new ConfigException("argument must be a memory value");
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
