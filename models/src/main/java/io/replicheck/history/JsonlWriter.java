package io.replicheck.history;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Streams events as {@link JsonlFormat} lines, field by field through one Jackson generator: no map
 * or string per event, so a recorder can write millions of them at the cost of the bytes. The lines
 * are exactly {@link JsonlFormat#line}'s (which uses this writer).
 */
public final class JsonlWriter implements Closeable {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final ObjectWriter VALUES =
      new ObjectMapper().writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

  private final JsonGenerator g;

  /** Writes UTF-8 lines into {@code out}; {@link #close} closes it. */
  public JsonlWriter(OutputStream out) throws IOException {
    this(FACTORY.createGenerator(out, JsonEncoding.UTF8));
  }

  /** Writes lines into {@code out}; {@link #close} closes it. */
  public JsonlWriter(Writer out) throws IOException {
    this(FACTORY.createGenerator(out));
  }

  private JsonlWriter(JsonGenerator g) {
    this.g = g;
    g.setRootValueSeparator(null);
  }

  /**
   * A gzipped file at the fastest level: a run's history is written as fast as clients record it,
   * and level 1 still takes JSON Lines to about a tenth.
   */
  public static JsonlWriter gzip(Path file) throws IOException {
    OutputStream raw = Files.newOutputStream(file);
    try {
      OutputStream z =
          new GZIPOutputStream(new BufferedOutputStream(raw, 1 << 16), 1 << 16) {
            {
              def.setLevel(Deflater.BEST_SPEED);
            }
          };
      return new JsonlWriter(z);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /** One event. */
  public void write(Event e) throws IOException {
    write(
        e.index(),
        e.process(),
        e.type(),
        e.f(),
        e.key(),
        e.value(),
        e.time() != null,
        e.time() == null ? 0 : e.time(),
        e.node(),
        e.error());
  }

  /**
   * One event from its fields ({@code value} and {@code key} normalized, see {@link Values}); the
   * time is written only when {@code hasTime}.
   */
  public void write(
      long index,
      Object process,
      EventType type,
      String f,
      Object key,
      Object value,
      boolean hasTime,
      long time,
      String node,
      Object error)
      throws IOException {
    g.writeStartObject();
    g.writeNumberField("index", index);
    g.writeFieldName("process");
    value(process);
    g.writeStringField("type", type.wireName());
    g.writeFieldName("f");
    value(f);
    if (key != null) {
      g.writeFieldName("key");
      value(key);
    }
    g.writeFieldName("value");
    value(value);
    if (hasTime) g.writeNumberField("time", time);
    if (node != null) g.writeStringField("node", node);
    if (error != null) {
      g.writeFieldName("error");
      value(error);
    }
    g.writeEndObject();
    g.writeRaw('\n');
  }

  private void value(Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Long l) {
      g.writeNumber(l);
    } else if (v instanceof Integer i) {
      g.writeNumber(i);
    } else {
      VALUES.writeValue(g, v);
    }
  }

  /** Hands what is buffered to the stream below (a gzip stream keeps its own window). */
  public void flush() throws IOException {
    g.flush();
  }

  @Override
  public void close() throws IOException {
    g.close();
  }
}
