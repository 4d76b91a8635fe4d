package io.replicheck.server.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The x87 80-bit long double that redis on x86-64 uses for INCRBYFLOAT and HINCRBYFLOAT: a 64-bit
 * significand, exponents down to 2^-16382 (then subnormal, to 2^-16445) and below 2^16384. Values
 * are kept as exact BigDecimals that are always representable in that format, so that parsing
 * (strtold), addition and "%.17Lf" give the same digits as glibc: a double is not enough (redis
 * stores 1e400 and answers 0.1 + 0.2 as 0.3).
 */
public final class LongDouble {
  private LongDouble() {}

  private static final int PRECISION = 64;

  /** 2^-MIN_QUANTUM is the smallest subnormal step (16382 + 63). */
  private static final int MIN_QUANTUM = 16445;

  /** Values of 2^MAX_EXP and above overflow to infinity. */
  private static final int MAX_EXP = 16384;

  /** Longest string redis's string2ld reads (MAX_LONG_DOUBLE_CHARS - 1). */
  private static final int MAX_CHARS = 5 * 1024 - 1;

  /** Outcome of {@link #parse}: a finite value, an infinity or not a number redis accepts. */
  public record Parsed(BigDecimal value, int infinity) {
    public boolean isInfinite() {
      return infinity != 0;
    }
  }

  /**
   * redis's string2ld: strtold over the whole string (no leading space, nothing left over), an
   * overflow to HUGE_VAL or an underflow to zero rejected, NaN rejected; "inf"/"infinity" accepted
   * (then {@link Parsed#infinity} is +1 or -1). Null when redis answers "not a valid float".
   */
  public static Parsed parse(byte[] b) {
    if (b.length == 0 || b.length > MAX_CHARS) {
      return null;
    }
    String s = new String(b, StandardCharsets.ISO_8859_1);
    if (s.indexOf('\0') >= 0) {
      return null; // strtold stops at the NUL: not the whole string (eptr - buf != slen)
    }
    if (" \t\n\u000b\f\r".indexOf(s.charAt(0)) >= 0) { // C isspace
      return null;
    }
    int i = 0;
    boolean neg = false;
    if (s.charAt(0) == '+' || s.charAt(0) == '-') {
      neg = s.charAt(0) == '-';
      i = 1;
    }
    String body = s.substring(i).toLowerCase(java.util.Locale.ROOT);
    if (body.equals("inf") || body.equals("infinity")) {
      return new Parsed(null, neg ? -1 : 1);
    }
    BigDecimal exact;
    if (body.startsWith("0x")) {
      exact = parseHex(body.substring(2));
    } else {
      exact = parseDecimal(body);
    }
    if (exact == null) {
      return null;
    }
    if (exact.signum() == 0) {
      return new Parsed(BigDecimal.ZERO, 0);
    }
    BigDecimal rounded = round(neg ? exact.negate() : exact);
    if (rounded == null || rounded.signum() == 0) {
      return null; // ERANGE: HUGE_VAL or an underflow to zero
    }
    return new Parsed(rounded, 0);
  }

  /** The sum rounded to the nearest long double; null when it overflows (redis: "Infinity"). */
  public static BigDecimal add(BigDecimal a, BigDecimal b) {
    BigDecimal sum = a.add(b);
    return sum.signum() == 0 ? BigDecimal.ZERO : round(sum);
  }

  /** redis's ld2string in LD_STR_HUMAN mode: "%.17Lf", trailing zeros and a lone "-0" removed. */
  public static String formatHuman(BigDecimal v) {
    return Numbers.formatHuman(v);
  }

  private static BigDecimal parseDecimal(String body) {
    // strtold's grammar: digits with an optional point, at least one digit, optional exponent
    if (!body.matches("([0-9]+\\.?[0-9]*|\\.[0-9]+)(e[+-]?[0-9]+)?")) {
      return null;
    }
    int e = body.indexOf('e');
    String mant = e < 0 ? body : body.substring(0, e);
    long exp = 0;
    if (e >= 0) {
      String x = body.substring(e + 1);
      String digits = x.replaceFirst("^[+-]", "").replaceFirst("^0+(?=.)", "");
      // an exponent too large to matter: infinity, zero (or zero itself for a zero mantissa)
      exp = digits.length() > 9 ? 2_000_000_000L : Long.parseLong(digits);
      if (x.startsWith("-")) {
        exp = -exp;
      }
    }
    BigDecimal m = new BigDecimal(mant.endsWith(".") ? mant + "0" : mant);
    if (m.signum() == 0) {
      return BigDecimal.ZERO;
    }
    long scale = (long) m.scale() - exp;
    // beyond these the value is far outside the format; keep it cheap
    long magnitude = m.precision() - scale;
    if (magnitude > 5000) {
      return BigDecimal.TEN.pow(5000);
    }
    if (magnitude < -5000) {
      return new BigDecimal(BigInteger.ONE, 6000);
    }
    return new BigDecimal(m.unscaledValue(), (int) scale);
  }

  private static BigDecimal parseHex(String h) {
    if (!h.matches("([0-9a-f]+\\.?[0-9a-f]*|\\.[0-9a-f]+)(p[+-]?[0-9]+)?")) {
      return null;
    }
    int p = h.indexOf('p');
    String mant = p < 0 ? h : h.substring(0, p);
    long exp = 0;
    if (p >= 0) {
      String x = h.substring(p + 1);
      String digits = x.replaceFirst("^[+-]", "").replaceFirst("^0+(?=.)", "");
      exp = digits.length() > 9 ? 2_000_000_000L : Long.parseLong(digits);
      if (x.startsWith("-")) {
        exp = -exp;
      }
    }
    int dot = mant.indexOf('.');
    String digits = dot < 0 ? mant : mant.substring(0, dot) + mant.substring(dot + 1);
    int frac = dot < 0 ? 0 : mant.length() - dot - 1;
    BigInteger m = new BigInteger(digits.isEmpty() ? "0" : digits, 16);
    if (m.signum() == 0) {
      return BigDecimal.ZERO;
    }
    long e2 = exp - 4L * frac;
    if (e2 + m.bitLength() > MAX_EXP + 10) {
      return BigDecimal.TEN.pow(5000);
    }
    if (e2 + m.bitLength() < -MIN_QUANTUM - 10) {
      return new BigDecimal(BigInteger.ONE, 6000);
    }
    return scaleByPowerOfTwo(new BigDecimal(m), (int) e2);
  }

  /**
   * Rounds to the nearest long double, ties to even; null on overflow. Zero when the value
   * underflows below half the smallest subnormal.
   */
  static BigDecimal round(BigDecimal x) {
    int sign = x.signum();
    BigDecimal a = x.abs();
    BigInteger u = a.unscaledValue();
    int scale = a.scale();
    // a = u * 10^-scale = num / den
    BigInteger num = scale <= 0 ? u.multiply(BigInteger.TEN.pow(-scale)) : u;
    BigInteger den = scale <= 0 ? BigInteger.ONE : BigInteger.TEN.pow(scale);
    // floor(log2 a) is bitLength(num) - bitLength(den) or one less
    int e = num.bitLength() - den.bitLength();
    // exact test of 2^e <= a, fixing the estimate either way
    while (cmpPow2(num, den, e) < 0) {
      e--;
    }
    while (cmpPow2(num, den, e + 1) >= 0) {
      e++;
    }
    if (e >= MAX_EXP) {
      return null;
    }
    int k = Math.min(PRECISION - 1 - e, MIN_QUANTUM); // value = q * 2^-k
    BigInteger n = k >= 0 ? num.shiftLeft(k) : num;
    BigInteger d = k >= 0 ? den : den.shiftLeft(-k);
    BigInteger[] qr = n.divideAndRemainder(d);
    BigInteger q = qr[0];
    int half = qr[1].shiftLeft(1).compareTo(d);
    if (half > 0 || (half == 0 && q.testBit(0))) {
      q = q.add(BigInteger.ONE);
    }
    if (q.signum() == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal v = scaleByPowerOfTwo(new BigDecimal(q), -k);
    if (q.bitLength() - k > MAX_EXP) {
      return null;
    }
    return sign < 0 ? v.negate() : v;
  }

  /** Compares num/den with 2^e. */
  private static int cmpPow2(BigInteger num, BigInteger den, int e) {
    return e >= 0 ? num.compareTo(den.shiftLeft(e)) : num.shiftLeft(-e).compareTo(den);
  }

  private static BigDecimal scaleByPowerOfTwo(BigDecimal v, int e) {
    if (e >= 0) {
      return v.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(e)));
    }
    // 2^-n = 5^n / 10^n
    return v.multiply(new BigDecimal(BigInteger.valueOf(5).pow(-e))).scaleByPowerOfTen(e);
  }
}
