package io.replicheck.server.core;

import java.nio.charset.StandardCharsets;

/** A key in a numbered db, as a map key (blocking and WATCH registrations). */
record DbKey(int db, String key) {
  static DbKey of(int db, byte[] key) {
    return new DbKey(db, new String(key, StandardCharsets.ISO_8859_1));
  }

  byte[] bytes() {
    return key.getBytes(StandardCharsets.ISO_8859_1);
  }
}
