package io.replicheck.server.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The key positions of one command line, as redis 7.0's getKeysFromCommand finds them (db.c): the
 * command's getkeys procedure where redis has one (numkeys forms, XREAD's STREAMS, SORT's and
 * GEORADIUS's STORE, MIGRATE's KEYS), else the table's first/last/step. Like redis, a numkeys that
 * is not a number or names more keys than there are arguments yields no keys, while other syntax
 * errors after the keys still yield them (client-side caching remembers the keys of a read that
 * failed).
 */
public final class CommandKeys {
  private static final int[] NONE = new int[0];

  private CommandKeys() {}

  /**
   * The positions in {@code argv} (argv[0] is the command name) that hold keys, in redis's order.
   */
  public static int[] positions(CommandSpec spec, byte[][] argv) {
    int argc = argv.length;
    return switch (spec.name()) {
      case "zunion", "zinter", "zdiff", "zintercard", "sintercard", "lmpop", "zmpop" ->
          numkeys(0, 1, 2, argv);
      case "zunionstore", "zinterstore", "zdiffstore" -> numkeys(1, 2, 3, argv);
      case "eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro", "blmpop", "bzmpop" ->
          numkeys(0, 2, 3, argv);
      case "xread", "xreadgroup" -> xread(argv);
      case "sort" -> sort(argv);
      case "migrate" -> migrate(argv);
      case "georadius", "georadiusbymember" -> georadius(argv);
      case "memory" -> argc >= 3 && is(argv[1], "usage") ? new int[] {2} : NONE; // MEMORY USAGE key
      default -> range(spec, argc);
    };
  }

  /**
   * Whether a command reads keys for client-side caching (redis's CMD_READONLY, decided per
   * subcommand: MEMORY USAGE is read-only while the MEMORY container is not).
   */
  public static boolean readOnly(CommandSpec spec, byte[][] argv) {
    if (spec.has(CommandFlag.READONLY)) {
      return true;
    }
    return spec.name().equals("memory") && argv.length >= 2 && is(argv[1], "usage");
  }

  /** The legacy range: first, last (negative: from the end), step. */
  private static int[] range(CommandSpec spec, int argc) {
    if (spec.firstKey() <= 0) {
      return NONE;
    }
    int last = spec.lastKey() < 0 ? argc + spec.lastKey() : spec.lastKey();
    int step = Math.max(1, spec.step());
    int[] out = new int[Math.max(0, (Math.min(last, argc - 1) - spec.firstKey()) / step + 1)];
    int n = 0;
    for (int j = spec.firstKey(); j <= last && j < argc; j += step) {
      out[n++] = j;
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  /** redis's genericGetKeys: the count at {@code countAt}, keys from {@code firstAt}. */
  private static int[] numkeys(int storeAt, int countAt, int firstAt, byte[][] argv) {
    if (argv.length <= countAt) {
      return NONE;
    }
    long num = atoi(argv[countAt]);
    if (num < 1 || num > argv.length - firstAt) {
      return NONE;
    }
    int[] out = new int[(int) num + (storeAt > 0 ? 1 : 0)];
    for (int i = 0; i < num; i++) {
      out[i] = firstAt + i;
    }
    if (storeAt > 0) {
      out[(int) num] = storeAt;
    }
    return out;
  }

  /** redis's xreadGetKeys: the first half of what follows STREAMS, options skipped before it. */
  private static int[] xread(byte[][] argv) {
    int argc = argv.length;
    int streamsAt = -1;
    for (int i = 1; i < argc; i++) {
      if (is(argv[i], "block") || is(argv[i], "count")) {
        i++;
      } else if (is(argv[i], "group")) {
        i += 2;
      } else if (is(argv[i], "noack")) {
        continue;
      } else if (is(argv[i], "streams")) {
        streamsAt = i;
        break;
      } else {
        break;
      }
    }
    int num = argc - streamsAt - 1;
    if (streamsAt == -1 || num == 0 || num % 2 != 0) {
      return NONE;
    }
    num /= 2;
    int[] out = new int[num];
    for (int i = 0; i < num; i++) {
      out[i] = streamsAt + 1 + i;
    }
    return out;
  }

  /** redis's sortGetKeys: the sorted key and the last STORE's destination. */
  private static int[] sort(byte[][] argv) {
    int store = -1;
    for (int i = 2; i < argv.length; i++) {
      if (is(argv[i], "limit")) {
        i += 2;
      } else if (is(argv[i], "get") || is(argv[i], "by")) {
        i += 1;
      } else if (is(argv[i], "store") && i + 1 < argv.length) {
        store = i + 1;
      }
    }
    return store < 0 ? new int[] {1} : new int[] {1, store};
  }

  /** redis's migrateGetKeys: argv[3], or the keys after KEYS when argv[3] is empty. */
  private static int[] migrate(byte[][] argv) {
    int argc = argv.length;
    for (int i = 6; i < argc; i++) {
      if (is(argv[i], "keys")) {
        if (argv[3].length > 0) {
          return NONE;
        }
        int[] out = new int[argc - i - 1];
        for (int j = 0; j < out.length; j++) {
          out[j] = i + 1 + j;
        }
        return out;
      } else if (is(argv[i], "auth")) {
        i += 1;
      } else if (is(argv[i], "auth2")) {
        i += 2;
      }
    }
    return argc > 3 ? new int[] {3} : NONE;
  }

  /** redis's georadiusGetKeys: the source key and the last STORE or STOREDIST destination. */
  private static int[] georadius(byte[][] argv) {
    int stored = -1;
    for (int i = 5; i < argv.length; i++) {
      if ((is(argv[i], "store") || is(argv[i], "storedist")) && i + 1 < argv.length) {
        stored = i + 1;
        i++;
      }
    }
    return stored < 0 ? new int[] {1} : new int[] {1, stored};
  }

  /** C's atoi as redis calls it: leading blanks, a sign, then digits up to the first non-digit. */
  static long atoi(byte[] s) {
    int i = 0;
    while (i < s.length && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))) {
      i++;
    }
    boolean negative = false;
    if (i < s.length && (s[i] == '+' || s[i] == '-')) {
      negative = s[i] == '-';
      i++;
    }
    long v = 0;
    while (i < s.length && s[i] >= '0' && s[i] <= '9') {
      v = v * 10 + (s[i] - '0');
      if (v > Integer.MAX_VALUE) {
        // atoi's int overflows; any such count is more keys than a command line has
        v = Integer.MAX_VALUE;
      }
      i++;
    }
    return negative ? -v : v;
  }

  private static boolean is(byte[] arg, String word) {
    return new String(arg, StandardCharsets.ISO_8859_1).equalsIgnoreCase(word);
  }
}
