package io.replicheck.server.core;

import io.replicheck.rdb.Encoding;

/** A string value. Immutable: commands that change a string store a new one. */
public final class RString extends RObject {
  /** OBJ_ENCODING_EMBSTR_SIZE_LIMIT. */
  public static final int EMBSTR_LIMIT = 44;

  final byte[] bytes;
  private final Encoding encoding;

  private RString(byte[] bytes, Encoding encoding) {
    this.bytes = bytes;
    this.encoding = encoding;
  }

  /** As tryObjectEncoding would store it: int, embstr or raw. */
  public static RString of(byte[] b) {
    if (b.length <= 20 && Numbers.isCanonicalLong(b)) {
      return new RString(b, Encoding.INT);
    }
    return new RString(b, b.length <= EMBSTR_LIMIT ? Encoding.EMBSTR : Encoding.RAW);
  }

  /** createStringObject: embstr up to 44 bytes, raw beyond, never int (INCRBYFLOAT results). */
  public static RString embstrOrRaw(byte[] b) {
    return new RString(b, b.length <= EMBSTR_LIMIT ? Encoding.EMBSTR : Encoding.RAW);
  }

  /** A string that redis keeps raw (APPEND, SETRANGE results). */
  public static RString raw(byte[] b) {
    return new RString(b, Encoding.RAW);
  }

  /** dupStringObject: a new object of the same bytes and encoding (COPY keeps raw strings raw). */
  public RString duplicate() {
    return new RString(bytes, encoding);
  }

  public static RString ofLong(long v) {
    return new RString(Numbers.toBytes(v), Encoding.INT);
  }

  public byte[] bytes() {
    return bytes;
  }

  @Override
  public String typeName() {
    return "string";
  }

  @Override
  public Encoding encoding() {
    return encoding;
  }

  @Override
  RObject copy() {
    return this;
  }
}
