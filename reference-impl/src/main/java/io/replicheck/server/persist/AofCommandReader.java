package io.replicheck.server.persist;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the commands of an AOF file as loadSingleAppendOnlyFile does: RESP multibulks ({@code
 * *<argc>} then {@code $<len>} bulks), annotation lines starting with {@code #} skipped. A file
 * that ends inside a command is {@link Truncated} (redis's "unexpected end of file", which {@code
 * aof-load-truncated} may forgive); anything else malformed is an {@link AofFormatException}.
 */
final class AofCommandReader {
  /** The file ended inside a command; {@link #validUpTo} is where the last whole command ended. */
  static final class Truncated extends EOFException {
    private static final long serialVersionUID = 1L;

    Truncated() {
      super("unexpected end of file");
    }
  }

  private static final int MAX_LINE = 1024;
  private final InputStream in;
  private long offset;

  /** {@code in} positioned at {@code startOffset} bytes into the file. */
  AofCommandReader(InputStream in, long startOffset) {
    this.in = in;
    this.offset = startOffset;
  }

  /** Bytes consumed so far (the end of the last command read). */
  long offset() {
    return offset;
  }

  /** The next command, or null at a clean end of file. */
  byte[][] next() throws IOException {
    while (true) {
      String line = readLine(true);
      if (line == null) {
        return null;
      }
      if (line.startsWith("#")) {
        continue;
      }
      if (!line.startsWith("*")) {
        throw new AofFormatException("a command does not start with '*' at offset " + offset);
      }
      if (line.length() == 1) {
        throw new Truncated();
      }
      long argc = parseLong(line.substring(1));
      if (argc < 1 || argc > Integer.MAX_VALUE - 8) {
        throw new AofFormatException("bad argument count '" + line + "'");
      }
      byte[][] argv = new byte[(int) argc][];
      for (int j = 0; j < argc; j++) {
        String len = readLine(false);
        if (!len.startsWith("$")) {
          throw new AofFormatException("a bulk does not start with '$' at offset " + offset);
        }
        long n = parseLong(len.substring(1));
        if (n < 0 || n > Integer.MAX_VALUE - 8) {
          throw new AofFormatException("bad bulk length '" + len + "'");
        }
        argv[j] = in.readNBytes((int) n);
        offset += argv[j].length;
        if (argv[j].length < n) {
          throw new Truncated();
        }
        // redis discards the two bytes after a bulk without looking at them.
        byte[] crlf = in.readNBytes(2);
        offset += crlf.length;
        if (crlf.length < 2) {
          throw new Truncated();
        }
      }
      return argv;
    }
  }

  private static long parseLong(String s) throws AofFormatException {
    // atoi/strtol: leading digits count, the rest is ignored.
    int i = 0;
    boolean neg = false;
    if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      neg = s.charAt(i) == '-';
      i++;
    }
    long v = 0;
    int start = i;
    while (i < s.length() && Character.isDigit(s.charAt(i)) && v < Integer.MAX_VALUE) {
      v = v * 10 + (s.charAt(i) - '0');
      i++;
    }
    if (i == start) {
      return 0;
    }
    return neg ? -v : v;
  }

  /** A line without its CR LF (fgets): null at EOF before the first byte when allowed. */
  private String readLine(boolean eofOk) throws IOException {
    StringBuilder b = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        if (b.length() == 0 && eofOk) {
          return null;
        }
        throw new Truncated();
      }
      offset++;
      if (c == '\n') {
        break;
      }
      b.append((char) c);
      if (b.length() >= MAX_LINE) {
        throw new AofFormatException("a line longer than " + MAX_LINE + " bytes");
      }
    }
    int len = b.length();
    if (len > 0 && b.charAt(len - 1) == '\r') {
      b.setLength(len - 1);
    }
    return new String(b.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
  }
}
