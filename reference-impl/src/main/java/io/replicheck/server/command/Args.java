package io.replicheck.server.command;

import java.nio.charset.StandardCharsets;

/** Small argument helpers shared by the command groups. */
final class Args {
  private Args() {}

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static boolean eq(byte[] arg, String lowerOption) {
    if (arg.length != lowerOption.length()) {
      return false;
    }
    for (int i = 0; i < arg.length; i++) {
      int c = arg[i] & 0xff;
      if (c >= 'A' && c <= 'Z') {
        c += 32;
      }
      if (c != lowerOption.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  static String str(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
