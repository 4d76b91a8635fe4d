package io.replicheck.history;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** The history formats replicheck reads and writes, and how to tell them apart. */
public enum HistoryFormat {
  JSONL("jsonl"),
  EDN("edn"),
  PORCUPINE_ETCD("porcupine-etcd"),
  PORCUPINE_KV("porcupine-kv");

  private final String id;

  HistoryFormat(String id) {
    this.id = id;
  }

  /** The name used on the command line. */
  public String id() {
    return id;
  }

  public static HistoryFormat fromId(String id) {
    for (HistoryFormat f : values()) {
      if (f.id.equals(id.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown format '" + id + "' (expected jsonl, edn, porcupine-etcd or porcupine-kv)");
  }

  /**
   * Guesses from the file name (without a {@code .gz}), then from the first significant line:
   * {@code .jsonl}/{@code .json} JSON Lines, {@code .edn} EDN, lines with {@code jepsen.util}
   * Porcupine etcd, a leading map per line Porcupine kv.
   */
  public static HistoryFormat guess(String fileName, String text) {
    String n = fileName.toLowerCase(Locale.ROOT);
    if (n.endsWith(".gz")) {
      n = n.substring(0, n.length() - 3);
    }
    if (n.endsWith(".jsonl") || n.endsWith(".json") || n.endsWith(".ndjson")) {
      return JSONL;
    }
    if (n.endsWith(".edn")) {
      return EDN;
    }
    for (String line : text.split("\n", 50)) {
      String s = line.strip();
      if (s.isEmpty() || s.startsWith(";")) {
        continue;
      }
      if (s.contains("jepsen.util")) {
        return PORCUPINE_ETCD;
      }
      if (s.startsWith("{\"") || s.startsWith("{ \"")) {
        return JSONL;
      }
      if (s.startsWith("{:") && s.contains(":key")) {
        return PORCUPINE_KV;
      }
      if (s.startsWith("[") || s.startsWith("(") || s.startsWith("{")) {
        return EDN;
      }
    }
    return n.endsWith(".log") ? PORCUPINE_ETCD : EDN;
  }

  /**
   * Reads and validates a history file, guessing the format when {@code format} is null. A file
   * named {@code *.gz} is gunzipped first and its format guessed from the name without {@code .gz}.
   */
  public static History readFile(Path file, HistoryFormat format) throws HistoryFormatException {
    return History.of(file.toString(), readFileEvents(file, format));
  }

  /** The events of a history file (gzipped or not), unvalidated (see {@link #readFile}). */
  public static List<Event> readFileEvents(Path file, HistoryFormat format)
      throws HistoryFormatException {
    String source = file.toString();
    String name = file.getFileName().toString();
    boolean gzipped = name.endsWith(".gz");
    if (gzipped) {
      name = name.substring(0, name.length() - 3);
    }
    String text;
    try {
      text = gzipped ? gunzip(file) : Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new HistoryFormatException(source, 0, "no such file");
    } catch (MalformedInputException e) {
      throw new HistoryFormatException(source, 0, "expected UTF-8 text, found binary data");
    } catch (IOException e) {
      throw new HistoryFormatException(source, 0, "cannot read: " + e.getMessage(), e);
    }
    HistoryFormat f = format != null ? format : guess(name, text);
    return f.readEvents(source, new StringReader(text));
  }

  /**
   * A gzipped text file. A stream cut short (a run killed while writing) gives what it holds up to
   * its last whole line, as a plain file would after a crash.
   */
  private static String gunzip(Path file) throws IOException, HistoryFormatException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean cut = false;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      in.transferTo(bytes);
    } catch (EOFException e) {
      cut = true;
    } catch (ZipException e) {
      throw new HistoryFormatException(
          file.toString(), 0, "expected gzip data (the name ends .gz): " + e.getMessage());
    }
    String text =
        StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    if (cut) {
      int nl = text.lastIndexOf('\n');
      text = nl < 0 ? "" : text.substring(0, nl + 1);
    }
    return text;
  }

  /** Reads the events, unvalidated (see {@link History#of}). */
  public List<Event> readEvents(String source, Reader in) throws HistoryFormatException {
    switch (this) {
      case JSONL:
        return JsonlFormat.read(source, in);
      case EDN:
      case PORCUPINE_KV:
        return EdnFormat.read(source, in);
      case PORCUPINE_ETCD:
        return PorcupineEtcdFormat.read(source, in);
      default:
        throw new AssertionError(this);
    }
  }

  /** Reads and validates. */
  public History read(String source, Reader in) throws HistoryFormatException {
    return History.of(source, readEvents(source, in));
  }

  public void write(List<Event> events, Writer out) throws IOException {
    switch (this) {
      case JSONL:
        JsonlFormat.write(events, out);
        break;
      case EDN:
        EdnFormat.write(events, out);
        break;
      case PORCUPINE_KV:
        EdnFormat.writeSequence(events, out);
        break;
      case PORCUPINE_ETCD:
        PorcupineEtcdFormat.write(events, out);
        break;
      default:
        throw new AssertionError(this);
    }
  }
}
