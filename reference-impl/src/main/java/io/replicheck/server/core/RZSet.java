package io.replicheck.server.core;

import io.replicheck.rdb.Encoding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A sorted set (t_zset.c): members ordered by score, then by their bytes (memcmp). Kept as sorted
 * parallel arrays; while listpack-encoded that is all there is (lookups scan, as redis scans its
 * listpack), once converted to a skiplist a hash table maps members to scores too. The conversion
 * happens as redis does it: when a new member would make the set longer than
 * zset-max-listpack-entries or is longer than zset-max-listpack-value; only results of the store
 * commands are converted back ({@link #convertToListpackIfNeeded}). A listpack keeps its scores as
 * text, so a score of -0 reads back as 0 there.
 */
public final class RZSet extends RObject {
  private byte[][] members = new byte[4][];
  private double[] scores = new double[4];
  private int n;
  private Dict<Double> dict; // member -> score, while skiplist-encoded

  private RZSet() {}

  /**
   * A new, empty sorted set encoded as ZADD creates it for this first member (7.0's zaddGeneric).
   */
  public static RZSet forFirstMember(byte[] first, Limits limits) {
    RZSet z = new RZSet();
    if (limits.zsetMaxListpackEntries == 0 || first.length > limits.zsetMaxListpackValue) {
      z.dict = new Dict<>();
    }
    return z;
  }

  /** An empty listpack-encoded sorted set (createZsetListpackObject). */
  public static RZSet listpack() {
    return new RZSet();
  }

  /** An empty skiplist-encoded sorted set (createZsetObject). */
  public static RZSet skiplist() {
    RZSet z = new RZSet();
    z.dict = new Dict<>();
    return z;
  }

  @Override
  public String typeName() {
    return "zset";
  }

  @Override
  public Encoding encoding() {
    return dict == null ? Encoding.LISTPACK : Encoding.SKIPLIST;
  }

  @Override
  RObject copy() {
    RZSet z = new RZSet();
    z.members = Arrays.copyOf(members, Math.max(4, n));
    z.scores = Arrays.copyOf(scores, Math.max(4, n));
    z.n = n;
    if (dict != null) {
      z.dict = new Dict<>();
      dict.forEach(z.dict::put);
    }
    return z;
  }

  public int size() {
    return n;
  }

  public byte[] member(int i) {
    return members[i];
  }

  public double score(int i) {
    return scores[i];
  }

  /** The member's score, or null. */
  public Double score(byte[] m) {
    if (dict != null) {
      return dict.get(m);
    }
    for (int i = 0; i < n; i++) {
      if (Arrays.equals(members[i], m)) {
        return scores[i];
      }
    }
    return null;
  }

  /** redis's order: score, then the member's bytes. */
  public static int compare(double s1, byte[] m1, double s2, byte[] m2) {
    if (s1 < s2) {
      return -1;
    }
    if (s1 > s2) {
      return 1;
    }
    return Arrays.compareUnsigned(m1, m2);
  }

  /** Position of (score, member), or -(insertion point) - 1. */
  private int search(double s, byte[] m) {
    int lo = 0;
    int hi = n - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = compare(scores[mid], members[mid], s, m);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -(lo + 1);
  }

  /** 0-based rank in ascending order, or -1 if not a member. */
  public int rank(byte[] m) {
    Double s = score(m);
    return s == null ? -1 : search(s, m);
  }

  /**
   * Adds a member that is not there yet, converting to a skiplist first when the listpack would
   * outgrow the limits (zsetAdd).
   */
  public void insert(byte[] m, double s, Limits limits) {
    if (dict == null
        && (n + 1 > limits.zsetMaxListpackEntries || m.length > limits.zsetMaxListpackValue)) {
      convertToSkiplist();
    }
    insertAt(m, normalize(s));
  }

  private double normalize(double s) {
    return dict == null && s == 0 ? 0.0 : s;
  }

  private void insertAt(byte[] m, double s) {
    int at = -search(s, m) - 1;
    if (n == members.length) {
      members = Arrays.copyOf(members, n * 2);
      scores = Arrays.copyOf(scores, n * 2);
    }
    System.arraycopy(members, at, members, at + 1, n - at);
    System.arraycopy(scores, at, scores, at + 1, n - at);
    members[at] = m;
    scores[at] = s;
    n++;
    if (dict != null) {
      dict.put(m, s);
    }
  }

  /** Changes an existing member's score. */
  public void updateScore(byte[] m, double old, double s) {
    removeAt(search(old, m));
    insertAt(m, normalize(s));
  }

  /** Removes a member; true if it was there. */
  public boolean remove(byte[] m) {
    Double s = score(m);
    if (s == null) {
      return false;
    }
    removeAt(search(s, m));
    return true;
  }

  private void removeAt(int i) {
    if (dict != null) {
      dict.remove(members[i]);
    }
    System.arraycopy(members, i + 1, members, i, n - i - 1);
    System.arraycopy(scores, i + 1, scores, i, n - i - 1);
    n--;
    members[n] = null;
  }

  /** Removes ranks from..to (inclusive); returns how many. */
  public int removeRange(int from, int to) {
    if (from > to) {
      return 0;
    }
    if (dict != null) {
      for (int i = from; i <= to; i++) {
        dict.remove(members[i]);
      }
    }
    int cnt = to - from + 1;
    System.arraycopy(members, to + 1, members, from, n - to - 1);
    System.arraycopy(scores, to + 1, scores, from, n - to - 1);
    for (int i = n - cnt; i < n; i++) {
      members[i] = null;
    }
    n -= cnt;
    return cnt;
  }

  /** First rank whose score is in range (from the low end), or n. */
  public int firstInRange(ScoreRange r) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (r.gteMin(scores[mid])) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo < n && r.lteMax(scores[lo]) ? lo : n;
  }

  /** Last rank whose score is in range, or -1. */
  public int lastInRange(ScoreRange r) {
    int lo = -1;
    int hi = n - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (r.lteMax(scores[mid])) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo >= 0 && r.gteMin(scores[lo]) ? lo : -1;
  }

  /**
   * First rank whose member is in the lex range, or n. Redis walks from the head and stops at the
   * first member not below min (BYLEX assumes equal scores; with mixed scores this walk is what
   * zzlFirstInLexRange answers), after checking the range against both ends (zzlIsInLexRange).
   */
  public int firstInLexRange(LexRange r) {
    if (!lexInRange(r)) {
      return n;
    }
    for (int i = 0; i < n; i++) {
      if (r.gteMin(members[i])) {
        return r.lteMax(members[i]) ? i : n;
      }
    }
    return n;
  }

  /** Last rank whose member is in the lex range, or -1 (walking from the tail, as redis). */
  public int lastInLexRange(LexRange r) {
    if (!lexInRange(r)) {
      return -1;
    }
    for (int i = n - 1; i >= 0; i--) {
      if (r.lteMax(members[i])) {
        return r.gteMin(members[i]) ? i : -1;
      }
    }
    return -1;
  }

  private boolean lexInRange(LexRange r) {
    return n > 0 && !r.empty() && r.gteMin(members[n - 1]) && r.lteMax(members[0]);
  }

  /** zsetConvert to a skiplist (also what SORT does to a sorted set it reads, for good). */
  public void convertToSkiplist() {
    if (dict != null) {
      return;
    }
    dict = new Dict<>();
    for (int i = 0; i < n; i++) {
      dict.put(members[i], scores[i]);
    }
  }

  /**
   * zsetConvertToListpackIfNeeded: a skiplist result of a store command becomes a listpack again
   * when it fits.
   */
  public void convertToListpackIfNeeded(Limits limits) {
    if (dict == null || n > limits.zsetMaxListpackEntries) {
      return;
    }
    for (int i = 0; i < n; i++) {
      if (members[i].length > limits.zsetMaxListpackValue) {
        return;
      }
    }
    dict = null;
    for (int i = 0; i < n; i++) {
      if (scores[i] == 0) {
        scores[i] = 0.0;
      }
    }
  }

  /** Members in order (a copy). */
  public List<byte[]> memberList() {
    return new ArrayList<>(Arrays.asList(members).subList(0, n));
  }

  /** Scores in order (a copy). */
  public List<Double> scoreList() {
    List<Double> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(scores[i]);
    }
    return out;
  }

  /** The hash table when skiplist-encoded (ZSCAN, fair random picks), else null. */
  public Dict<Double> table() {
    return dict;
  }

  /** A score range as ZRANGEBYSCORE takes it (zrangespec). */
  public record ScoreRange(double min, double max, boolean minex, boolean maxex) {
    public boolean gteMin(double v) {
      return minex ? v > min : v >= min;
    }

    public boolean lteMax(double v) {
      return maxex ? v < max : v <= max;
    }

    /** zslIsInRange's emptiness test. */
    public boolean empty() {
      return min > max || (min == max && (minex || maxex));
    }
  }

  /** A lex range (zlexrangespec); null bounds are "-" (min) and "+" (max). */
  public record LexRange(
      byte[] min, byte[] max, boolean minex, boolean maxex, int minInf, int maxInf) {
    /** minInf/maxInf: -1 for "-", +1 for "+", 0 for a real string. */
    static int cmp(byte[] a, int aInf, byte[] b, int bInf) {
      if (aInf == bInf && aInf != 0) {
        return 0;
      }
      if (aInf == -1 || bInf == 1) {
        return -1;
      }
      if (aInf == 1 || bInf == -1) {
        return 1;
      }
      return Arrays.compareUnsigned(a, b);
    }

    public boolean gteMin(byte[] v) {
      int c = cmp(v, 0, min, minInf);
      return minex ? c > 0 : c >= 0;
    }

    public boolean lteMax(byte[] v) {
      int c = cmp(v, 0, max, maxInf);
      return maxex ? c < 0 : c <= 0;
    }

    /** zslIsInLexRange's emptiness test. */
    public boolean empty() {
      int c = cmp(min, minInf, max, maxInf);
      return c > 0 || (c == 0 && (minex || maxex));
    }
  }
}
