package io.replicheck.rdb;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The payload of DUMP and RESTORE (cluster.c createDumpPayload): a value in RDB layout (type byte +
 * value, no key), the RDB version as 2 bytes little-endian, and the CRC64 of all that, 8 bytes
 * little-endian.
 */
public final class RdbDump {
  private RdbDump() {}

  /** DUMP's payload for {@code value}. */
  public static byte[] serialize(RdbValue value, RdbWriteOptions options) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      RdbWriter w = new RdbWriter(bytes, options);
      w.writeTypeAndValue(value);
      w.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return withTrailer(bytes);
  }

  /**
   * Parses a DUMP payload as RESTORE does: checks the trailer (an RDB version we read, and the
   * CRC64) and the value.
   *
   * @throws RdbFormatException "DUMP payload version or checksum are wrong" as redis says, or the
   *     value's own error
   */
  public static RdbValue deserialize(byte[] payload) throws RdbFormatException {
    int footer = checkTrailer(payload);
    ByteArrayInputStream in = new ByteArrayInputStream(payload, 0, footer);
    try {
      RdbValue v = RdbReader.readTypeAndValue(in);
      if (in.available() != 0) {
        throw new RdbFormatException("trailing bytes after the value", footer - in.available());
      }
      return v;
    } catch (RdbFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** FUNCTION DUMP's payload: each library as a FUNCTION2 opcode, then version and CRC64. */
  public static byte[] serializeFunctions(List<String> libraryCodes, RdbWriteOptions options) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      RdbWriter w = new RdbWriter(bytes, options);
      for (String code : libraryCodes) {
        w.writeFunction(code);
      }
      w.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return withTrailer(bytes);
  }

  /**
   * Parses a FUNCTION DUMP payload as FUNCTION RESTORE does: the trailer, then the libraries'
   * sources in order.
   *
   * @throws RdbFormatException "DUMP payload version or checksum are wrong", or "given type is not
   *     a function"
   */
  public static List<String> deserializeFunctions(byte[] payload) throws RdbFormatException {
    int footer = checkTrailer(payload);
    try {
      return RdbReader.readFunctions(new ByteArrayInputStream(payload, 0, footer));
    } catch (RdbFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Appends the RDB version (2 bytes) and the CRC64 of everything before (8 bytes), both LE. */
  private static byte[] withTrailer(ByteArrayOutputStream bytes) {
    bytes.write(RdbFormat.VERSION & 0xff);
    bytes.write((RdbFormat.VERSION >> 8) & 0xff);
    byte[] body = bytes.toByteArray();
    long crc = Crc64.of(body);
    for (int i = 0; i < 8; i++) {
      bytes.write((int) (crc >>> (8 * i)) & 0xff);
    }
    return bytes.toByteArray();
  }

  /** Checks version and CRC64; returns where the trailer starts. */
  private static int checkTrailer(byte[] payload) throws RdbFormatException {
    if (payload.length < 10) {
      throw new RdbFormatException("DUMP payload version or checksum are wrong", 0);
    }
    int footer = payload.length - 10;
    int version = (payload[footer] & 0xff) | (payload[footer + 1] & 0xff) << 8;
    long crc = 0;
    for (int i = 0; i < 8; i++) {
      crc |= (payload[footer + 2 + i] & 0xffL) << (8 * i);
    }
    if (version > RdbFormat.MAX_READ_VERSION
        || Crc64.update(0, payload, 0, payload.length - 8) != crc) {
      throw new RdbFormatException("DUMP payload version or checksum are wrong", footer);
    }
    return footer;
  }
}
