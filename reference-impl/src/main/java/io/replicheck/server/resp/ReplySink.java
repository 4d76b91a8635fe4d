package io.replicheck.server.resp;

import java.nio.charset.StandardCharsets;

/**
 * Where the command core writes replies. Implementations encode as RESP2 or RESP3 depending on
 * {@link #protocol()}: maps become flat arrays, sets arrays, nulls {@code $-1}/{@code *-1} in
 * RESP2. The core never does I/O; the network layer supplies a ByteBuf-backed sink, tests a
 * recorder.
 */
public interface ReplySink {
  /** 2 or 3. */
  int protocol();

  void simple(String s);

  /** An error reply; {@code text} includes the code, e.g. {@code "ERR syntax error"}. */
  void error(String text);

  void integer(long v);

  void bulk(byte[] b);

  default void bulk(String s) {
    bulk(s.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code $-1} in RESP2, {@code _} in RESP3. */
  void nullBulk();

  /** {@code *-1} in RESP2, {@code _} in RESP3. */
  void nullArray();

  void arrayHeader(int n);

  /** An out-of-band push of n elements (pub/sub): {@code >n} in RESP3, {@code *n} in RESP2. */
  default void pushHeader(int n) {
    arrayHeader(n);
  }

  /** A map of n pairs: {@code %n} in RESP3, {@code *2n} in RESP2. */
  void mapHeader(int n);

  /** {@code ~n} in RESP3, {@code *n} in RESP2. */
  void setHeader(int n);

  /** {@code ,d} in RESP3, a bulk string in RESP2. */
  void doubleValue(double d);

  /** {@code #t/#f} in RESP3, integer 1/0 in RESP2. */
  void bool(boolean b);

  /** A verbatim string ({@code =len\r\ntxt:...}) in RESP3, a bulk string in RESP2. */
  void verbatim(String text);

  /** A big number ({@code (digits}) in RESP3, a bulk string in RESP2 (addReplyBigNum). */
  default void bigNumber(String digits) {
    bulk(digits);
  }

  /** Bulk reply of a long's decimal form. */
  default void bulkLong(long v) {
    bulk(Long.toString(v));
  }
}
