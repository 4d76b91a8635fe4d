package io.replicheck.server.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Expected digits are redis-server 7.0.15's (x86-64) INCRBYFLOAT replies for the same inputs. */
class LongDoubleTest {
  private static String incr(String value, String by) {
    LongDouble.Parsed v = LongDouble.parse(value.getBytes(StandardCharsets.ISO_8859_1));
    LongDouble.Parsed i = LongDouble.parse(by.getBytes(StandardCharsets.ISO_8859_1));
    if (v == null || i == null) {
      return "not a valid float";
    }
    if (v.isInfinite() || i.isInfinite()) {
      return "NaN or Infinity";
    }
    BigDecimal r = LongDouble.add(v.value(), i.value());
    return r == null ? "NaN or Infinity" : LongDouble.formatHuman(r);
  }

  @Test
  void addsInExtendedPrecision() {
    assertEquals("0.3", incr("0.1", "0.2")); // a double gives 0.30000000000000004
    assertEquals("1000000000000000000024696061952", incr("3.0000000000000004", "1e30"));
    assertEquals("17", incr("0x10", "1"));
    assertEquals("33", incr("17", "0x1p4"));
    assertEquals("0", incr("0", "-0"));
    assertEquals("0", incr("0", "1e-18"));
    assertEquals("1", incr("0e99999999999", "1"));
    assertEquals("0.3", incr("0.3", "1e-400"));
    assertEquals("1.50000000000000001", incr("1.5", "1e-17"));
    assertEquals("123456789012345678899921813504", incr("123456789012345678901234567890", "0.5"));
    assertEquals("-2.9999999", incr("-3", "0.0000001"));
    assertEquals("0", incr("0x1.8p-16445", "0")); // the smallest subnormals
  }

  @Test
  void keepsValuesBeyondADouble() {
    String r = incr("1e400", "1.5");
    assertTrue(
        r.startsWith("10000000000000000000281880683947586514586453433629052038625910693539685534"),
        r);
    assertTrue(r.endsWith("734806343732497430221946880"), r);
    assertEquals(401, r.length());
    assertEquals("not a valid float", incr("0", "1e4933"));
    assertEquals("not a valid float", incr("0", "1e-5000"));
    assertEquals("not a valid float", incr("0", "1e-4951")); // rounds to zero: ERANGE
  }

  @Test
  void rejectsWhatStrtoldRejects() {
    for (String bad : new String[] {"", " 1", "1 ", "abc", "nan", "1e", "0x", "inf1", "1e400x"}) {
      assertNull(LongDouble.parse(bad.getBytes(StandardCharsets.ISO_8859_1)), bad);
    }
    assertEquals("NaN or Infinity", incr("inf", "1"));
    assertEquals("NaN or Infinity", incr("1", "-infinity"));
    assertEquals("not a valid float", incr("1\0", "0")); // strtold stops at the NUL
  }
}
