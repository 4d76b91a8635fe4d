package io.replicheck.fuzz;

import java.util.List;
import java.util.Locale;

/**
 * Differences between the reference server and redis-server 7.0.15 that are known and explained
 * (docs/reference-server.md lists the same, with the reason); a difference matching none is
 * reported. Each entry names the command and says when it applies.
 */
public final class KnownDifferences {
  private KnownDifferences() {}

  /** One explained difference. */
  public record Known(String command, String when, String reason) {}

  /** What is explained, for the results file and the docs. */
  public static final List<Known> ALL =
      List.of(
          new Known(
              "ZUNION, ZINTER and their STORE forms",
              "AGGREGATE SUM over three or more inputs of equal size whose scores do not add"
                  + " exactly",
              "redis sorts the inputs by size with qsort, whose order among equal sizes is"
                  + " unspecified, and floating-point addition is not associative"),
          new Known(
              "ZRANGEBYLEX, ZREVRANGEBYLEX, ZLEXCOUNT, ZREMRANGEBYLEX, ZRANGE/ZRANGESTORE BYLEX",
              "a skiplist-encoded sorted set whose members do not all have the same score",
              "redis documents lex ranges only for equal scores; on a skiplist its answer then"
                  + " depends on the random levels of the skiplist nodes (the reference server"
                  + " walks the members in order, which is what redis's listpack does)"),
          new Known(
              "SORT, SORT_RO",
              "a numeric sort that scores an empty C string (an element, or the value a BY"
                  + " pattern finds, that is empty or starts with a NUL byte), or one where redis"
                  + " answers the conversion error and the reference server read every score",
              "redis reads scores with strtod and checks errno without clearing it first: strtod"
                  + " reads no digits from an empty string and leaves errno alone, so redis scores"
                  + " it 0 or answers \"One or more scores can't be converted into double\""
                  + " depending on whether an earlier call anywhere in the process left ERANGE"
                  + " there; the reference server always answers the error. For the same reason,"
                  + " after a parse that overflowed or underflowed (1e400, 1e-400, in any"
                  + " command, until some later parse clears errno) redis fails every score of"
                  + " a numeric SORT, valid ones included"),
          new Known(
              "any command whose error echoes an argument",
              "the argument has a NUL byte or a byte above 127 (the errors agree up to it)",
              "redis formats the argument with %s, so the text stops at a NUL, and sends its"
                  + " bytes as they are; the reference server's error texts are Java strings"
                  + " sent as UTF-8"),
          new Known(
              "EVAL, EVAL_RO, SCRIPT LOAD, FUNCTION LOAD, FUNCTION RESTORE",
              "Lua code with a syntax error: redis's message goes on with \" near <token>\" where"
                  + " the reference server's ends",
              "the reference server compiles Lua with luaj, whose parser raises its syntax"
                  + " errors without the token Lua 5.1's lexer names (the file, line and message"
                  + " before it agree)"),
          new Known(
              "FUNCTION RESTORE, FUNCTION LOAD",
              "the payload's libraries, or the new library's functions, collide with several"
                  + " existing ones: the error names another of them",
              "redis checks them by walking its dict of them, whose order is its hash's (seeded"
                  + " per process); the reference server walks them by name"));

  private static final String SORT_SCORE_ERROR =
      "-ERR One or more scores can't be converted into double";

  /**
   * Redis answers SORT's score-conversion error where the reference server, whose strtod emulation
   * read every score, sorted: redis's errno still held ERANGE from an earlier parse.
   */
  public static boolean isStaleErangeError(String ours, String theirs) {
    return theirs.equals(SORT_SCORE_ERROR) && !ours.startsWith("-");
  }

  /** One reply is SORT's score-conversion error and the other is not an error. */
  public static boolean isSortScoreError(String ours, String theirs) {
    return (ours.equals(SORT_SCORE_ERROR) && !theirs.startsWith("-"))
        || (theirs.equals(SORT_SCORE_ERROR) && !ours.startsWith("-"));
  }

  /** Whether this command takes a lex range (BYLEX forms). */
  public static boolean isLexCommand(List<byte[]> command) {
    String name = upper(command.get(0));
    if (name.contains("BYLEX") || name.equals("ZLEXCOUNT")) {
      return true;
    }
    if (name.equals("ZRANGE") || name.equals("ZRANGESTORE")) {
      for (byte[] a : command) {
        if (upper(a).equals("BYLEX")) {
          return true;
        }
      }
    }
    return false;
  }

  /** The key a lex command reads (ZRANGESTORE's source is its second key). */
  public static byte[] lexSource(List<byte[]> command) {
    int at = upper(command.get(0)).equals("ZRANGESTORE") ? 2 : 1;
    return command.size() > at ? command.get(at) : new byte[0];
  }

  private static String upper(byte[] b) {
    return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
  }

  /** Whether a difference in this command's reply is explained. */
  public static boolean explains(List<byte[]> command, String ours, String theirs) {
    String name = new String(command.get(0), java.nio.charset.StandardCharsets.ISO_8859_1);
    name = name.toUpperCase(Locale.ROOT);
    if (name.equals("FUNCTION")
        && command.size() > 1
        && (upper(command.get(1)).equals("RESTORE") || upper(command.get(1)).equals("LOAD"))) {
      String collision = "-ERR (Library|Function) \\S+ already exists";
      if (ours.matches(collision) && theirs.matches(collision)) {
        return ours.split(" ")[1].equals(theirs.split(" ")[1]);
      }
    }
    if (name.startsWith("ZUNION") || name.startsWith("ZINTER")) {
      return sameWithinRounding(ours, theirs);
    }
    return echoesBinaryArgument(command, ours, theirs) || luaSyntaxError(ours, theirs);
  }

  /**
   * A Lua syntax error whose text from redis goes on with " near ..." after the reference server's
   * (luaj's parser does not name the token). Compared anywhere in a rendering, so an EVAL run on
   * the subscriber connection (its replies in a list) is covered too.
   */
  static boolean luaSyntaxError(String ours, String theirs) {
    int at = ours.indexOf("Error compiling");
    if (at < 0 || !theirs.startsWith(ours.substring(0, at))) {
      return false;
    }
    // theirs is ours with " near <token>" put in after each compile message
    String stripped = theirs.replaceAll(" near ('[^']*'|<eof>|\\S+)", "");
    return stripped.equals(ours);
  }

  /**
   * Two errors that agree up to an echoed argument with a NUL or a byte above 127: redis formats it
   * with %s (so it stops at the NUL) and sends its bytes; the reference server's error texts are
   * Java strings sent as UTF-8.
   */
  static boolean echoesBinaryArgument(List<byte[]> command, String ours, String theirs) {
    if (!ours.startsWith("-") || !theirs.startsWith("-")) {
      return false;
    }
    boolean binary = false;
    for (byte[] a : command) {
      for (byte x : a) {
        binary |= x == 0 || x < 0;
      }
    }
    return binary && asciiPrefix(ours).equals(asciiPrefix(theirs));
  }

  private static String asciiPrefix(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) >= 0x20 && s.charAt(i) < 0x7f) {
      i++;
    }
    return s.substring(0, i);
  }

  /** Replies that differ only in the last digits of numbers (a different order of additions). */
  static boolean sameWithinRounding(String a, String b) {
    String x = a.replaceAll("[0-9]\\.[0-9]{12,}(e[+-][0-9]+)?", "N");
    String y = b.replaceAll("[0-9]\\.[0-9]{12,}(e[+-][0-9]+)?", "N");
    return x.equals(y) && !a.equals(b);
  }
}
