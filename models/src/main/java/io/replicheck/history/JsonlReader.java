package io.replicheck.history;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads {@link JsonlFormat} one event at a time, so a consumer holds only what it keeps: a run's
 * history of any length is checked key by key and summarized in constant memory. A file named
 * {@code .gz} is gunzipped as it is read; a gzip stream cut short (a run killed while writing) ends
 * at its last whole line.
 */
public final class JsonlReader implements Closeable {
  private final String source;
  private final BufferedReader in;
  private int lineNo;
  private int position;
  private String line;

  public JsonlReader(String source, Reader in) {
    this.source = source;
    this.in = in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
  }

  /** A history file, gzipped when its name ends {@code .gz}. */
  public static JsonlReader open(Path file) throws HistoryFormatException {
    String source = file.toString();
    InputStream raw;
    try {
      raw = Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new HistoryFormatException(source, 0, "no such file");
    } catch (IOException e) {
      throw new HistoryFormatException(source, 0, "cannot read: " + e.getMessage(), e);
    }
    try {
      InputStream in = source.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
      return new JsonlReader(source, new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (EOFException e) {
      return new JsonlReader(source, Reader.nullReader()); // cut before its first byte of data
    } catch (ZipException e) {
      close(raw);
      throw new HistoryFormatException(
          source, 0, "expected gzip data (the name ends .gz): " + e.getMessage());
    } catch (IOException e) {
      close(raw);
      throw new HistoryFormatException(source, 0, "cannot read: " + e.getMessage(), e);
    }
  }

  /** The next event, or null at the end. */
  public Event next() throws HistoryFormatException {
    return next(null);
  }

  /**
   * The next event whose line {@code wanted} accepts (all when null), or null at the end. Lines it
   * refuses are counted but not parsed: a reader after a few events of a known writer's file (the
   * recorder writes {@code "type":"ok"} without spaces) skips the rest at the cost of a string
   * search.
   */
  public Event next(Predicate<String> wanted) throws HistoryFormatException {
    try {
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) continue;
        int at = position++;
        if (wanted == null || wanted.test(line)) {
          return JsonlFormat.parse(source, lineNo, at, line);
        }
      }
    } catch (EOFException e) {
      line = null; // a gzip stream cut short: what it held up to its last whole line
    } catch (ZipException e) {
      throw new HistoryFormatException(source, lineNo, "corrupt gzip data: " + e.getMessage());
    } catch (IOException e) {
      throw new HistoryFormatException(source, lineNo, "cannot read: " + e.getMessage(), e);
    }
    return null;
  }

  /** The text of the line the last {@link #next} read. */
  public String line() {
    return line;
  }

  /** Where the file came from. */
  public String source() {
    return source;
  }

  @Override
  public void close() {
    close(in);
  }

  private static void close(Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // reading is over; nothing was lost
    }
  }
}
