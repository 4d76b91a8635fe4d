package io.replicheck.server.persist;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * redis 7.0's AOF manifest ({@code <appendfilename>.manifest} in {@code appenddirname}): one base
 * file, history files (rewritten away, to delete) and incremental files in order, each line {@code
 * file <name> seq <n> type b|h|i}. Parsing follows aofLoadManifestFromFile: a bad manifest is one
 * {@link AofFormatException} with redis's message.
 */
public final class AofManifest {
  /** Kind of a file in the manifest, with its letter. */
  public enum Type {
    BASE('b'),
    HISTORY('h'),
    INCR('i');

    final char letter;

    Type(char letter) {
      this.letter = letter;
    }

    static Type of(String s) {
      if (s.length() == 1) {
        for (Type t : values()) {
          if (t.letter == s.charAt(0)) {
            return t;
          }
        }
      }
      return null;
    }
  }

  /** One file of the manifest. */
  public record FileInfo(String name, long seq, Type type) {
    FileInfo as(Type t) {
      return new FileInfo(name, seq, t);
    }
  }

  static final String BASE_SUFFIX = ".base";
  static final String INCR_SUFFIX = ".incr";
  static final String RDB_FORMAT_SUFFIX = ".rdb";
  static final String AOF_FORMAT_SUFFIX = ".aof";
  static final String MANIFEST_SUFFIX = ".manifest";
  static final String TEMP_PREFIX = "temp-";
  private static final int MAX_LINE = 1024;

  private FileInfo base;
  private final List<FileInfo> history = new ArrayList<>();
  private final List<FileInfo> incr = new ArrayList<>();
  private long currBaseSeq;
  private long currIncrSeq;

  public FileInfo base() {
    return base;
  }

  public List<FileInfo> history() {
    return List.copyOf(history);
  }

  public List<FileInfo> incr() {
    return List.copyOf(incr);
  }

  public boolean isEmpty() {
    return base == null && incr.isEmpty();
  }

  /** The files to load, in order: base then incremental ones. */
  public List<FileInfo> loadOrder() {
    List<FileInfo> all = new ArrayList<>();
    if (base != null) {
      all.add(base);
    }
    all.addAll(incr);
    return all;
  }

  public AofManifest copy() {
    AofManifest m = new AofManifest();
    m.base = base;
    m.history.addAll(history);
    m.incr.addAll(incr);
    m.currBaseSeq = currBaseSeq;
    m.currIncrSeq = currIncrSeq;
    return m;
  }

  /**
   * getNewBaseFileNameAndMarkPreAsHistory: a new base file name (next base seq), the old base moved
   * to history.
   */
  public String newBase(String appendfilename, boolean rdbPreamble) {
    if (base != null) {
      history.add(base.as(Type.HISTORY));
    }
    long seq = ++currBaseSeq;
    String name =
        appendfilename
            + "."
            + seq
            + BASE_SUFFIX
            + (rdbPreamble ? RDB_FORMAT_SUFFIX : AOF_FORMAT_SUFFIX);
    base = new FileInfo(name, seq, Type.BASE);
    return name;
  }

  /** getNewIncrAofName: a new incremental file, appended to the list. */
  public String newIncr(String appendfilename) {
    long seq = ++currIncrSeq;
    String name = appendfilename + "." + seq + INCR_SUFFIX + AOF_FORMAT_SUFFIX;
    incr.add(new FileInfo(name, seq, Type.INCR));
    return name;
  }

  /** The last incremental file's name, or null. */
  public String lastIncr() {
    return incr.isEmpty() ? null : incr.get(incr.size() - 1).name();
  }

  /**
   * markRewrittenIncrAofAsHistory: after a rewrite, every incremental file but the last one (the
   * one opened when the rewrite started; all of them when AOF is off) goes to history.
   */
  public void markRewrittenIncrAsHistory(boolean keepLast) {
    int keep = keepLast && !incr.isEmpty() ? 1 : 0;
    while (incr.size() > keep) {
      history.add(incr.remove(0).as(Type.HISTORY));
    }
  }

  /** Forgets the history files (once deleted). */
  public void clearHistory() {
    history.clear();
  }

  /** The manifest's text, as getAofManifestAsString writes it: base, history, incr. */
  public String render() {
    StringBuilder b = new StringBuilder();
    if (base != null) {
      line(b, base);
    }
    for (FileInfo f : history) {
      line(b, f);
    }
    for (FileInfo f : incr) {
      line(b, f);
    }
    return b.toString();
  }

  private static void line(StringBuilder b, FileInfo f) {
    b.append("file ")
        .append(quoteIfNeeded(f.name()))
        .append(" seq ")
        .append(f.seq())
        .append(" type ")
        .append(f.type().letter)
        .append('\n');
  }

  /** sdscatrepr for names with spaces or unprintable bytes (redis quotes only those). */
  static String quoteIfNeeded(String name) {
    boolean plain = !name.isEmpty();
    for (int i = 0; i < name.length() && plain; i++) {
      char c = name.charAt(i);
      plain = c > ' ' && c < 127 && c != '"' && c != '\'' && c != '\\';
    }
    if (plain) {
      return name;
    }
    return io.replicheck.server.resp.RespParser.repr(name);
  }

  /**
   * Parses a manifest (aofLoadManifestFromFile): comments ({@code #}) skipped, every line ending in
   * a newline, at most one base, incremental seqs increasing, not empty.
   */
  public static AofManifest parse(byte[] content) throws AofFormatException {
    AofManifest m = new AofManifest();
    long maxIncrSeq = 0;
    int pos = 0;
    int lineNo = 0;
    while (pos < content.length) {
      lineNo++;
      int nl = pos;
      while (nl < content.length && content[nl] != '\n' && nl - pos < MAX_LINE - 1) {
        nl++;
      }
      if (nl >= content.length || content[nl] != '\n') {
        throw new AofFormatException("Invalid AOF manifest file format (line " + lineNo + ")");
      }
      String line = new String(content, pos, nl - pos, StandardCharsets.UTF_8);
      pos = nl + 1;
      if (line.startsWith("#")) {
        continue;
      }
      List<String> argv = splitArgs(line);
      if (argv == null || argv.size() < 6 || argv.size() % 2 != 0) {
        throw new AofFormatException("Invalid AOF manifest file format (line " + lineNo + ")");
      }
      String name = null;
      Long seq = null;
      Type type = null;
      for (int i = 0; i < argv.size(); i += 2) {
        String key = argv.get(i);
        String value = argv.get(i + 1);
        switch (key) {
          case "file" -> name = value;
          case "seq" -> seq = parseSeq(value);
          case "type" -> type = Type.of(value);
          default -> {
            // Unknown fields are skipped, as redis does (forward compatibility).
          }
        }
      }
      if (name == null || seq == null || type == null) {
        throw new AofFormatException("Invalid AOF manifest file format (line " + lineNo + ")");
      }
      if (name.isEmpty() || name.contains("/")) {
        throw new AofFormatException(
            "Invalid AOF manifest file format (line " + lineNo + "): bad file name '" + name + "'");
      }
      FileInfo f = new FileInfo(name, seq, type);
      switch (type) {
        case BASE -> {
          if (m.base != null) {
            throw new AofFormatException("Found duplicate base file information");
          }
          m.base = f;
          m.currBaseSeq = seq;
        }
        case HISTORY -> m.history.add(f);
        case INCR -> {
          if (seq <= maxIncrSeq) {
            throw new AofFormatException("Found a non-monotonic sequence number");
          }
          m.incr.add(f);
          m.currIncrSeq = seq;
          maxIncrSeq = seq;
        }
      }
    }
    if (m.isEmpty()) {
      throw new AofFormatException("Found an empty AOF manifest");
    }
    return m;
  }

  private static Long parseSeq(String v) {
    try {
      long n = Long.parseLong(v);
      return n > 0 ? n : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** sdssplitargs: words, "double quoted" with escapes, 'single quoted'; null when unbalanced. */
  static List<String> splitArgs(String line) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (true) {
      while (i < n && Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      if (i >= n) {
        return out;
      }
      java.io.ByteArrayOutputStream cur = new java.io.ByteArrayOutputStream();
      boolean inDq = false;
      boolean inSq = false;
      boolean done = false;
      while (!done) {
        if (i >= n) {
          if (inDq || inSq) {
            return null;
          }
          done = true;
        } else if (inDq) {
          char c = line.charAt(i);
          if (c == '\\' && i + 3 < n && line.charAt(i + 1) == 'x' && isHex(line, i + 2, 2)) {
            cur.write(Integer.parseInt(line.substring(i + 2, i + 4), 16));
            i += 3;
          } else if (c == '\\' && i + 1 < n) {
            i++;
            char e = line.charAt(i);
            cur.write(
                switch (e) {
                  case 'n' -> '\n';
                  case 'r' -> '\r';
                  case 't' -> '\t';
                  case 'b' -> '\b';
                  case 'a' -> 7;
                  default -> e;
                });
          } else if (c == '"') {
            if (i + 1 < n && !Character.isWhitespace(line.charAt(i + 1))) {
              return null;
            }
            done = true;
          } else {
            writeChar(cur, c);
          }
          i++;
        } else if (inSq) {
          char c = line.charAt(i);
          if (c == '\\' && i + 1 < n && line.charAt(i + 1) == '\'') {
            i++;
            cur.write('\'');
          } else if (c == '\'') {
            if (i + 1 < n && !Character.isWhitespace(line.charAt(i + 1))) {
              return null;
            }
            done = true;
          } else {
            writeChar(cur, c);
          }
          i++;
        } else {
          char c = line.charAt(i);
          if (Character.isWhitespace(c)) {
            done = true;
          } else if (c == '"') {
            inDq = true;
          } else if (c == '\'') {
            inSq = true;
          } else {
            writeChar(cur, c);
          }
          i++;
        }
      }
      out.add(cur.toString(StandardCharsets.UTF_8));
    }
  }

  private static void writeChar(java.io.ByteArrayOutputStream out, char c) {
    byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
    out.write(b, 0, b.length);
  }

  private static boolean isHex(String s, int from, int len) {
    for (int i = from; i < from + len; i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
