package io.replicheck.history;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import us.bpsm.edn.Keyword;
import us.bpsm.edn.Symbol;

/**
 * The value domain of histories, shared by every format: null (EDN nil), Long, Double, Boolean,
 * String, List, Set and Map, immutable. EDN keywords and symbols become their name as a String (so
 * {@code :x} and {@code "x"} are the same key), integers of any width become Long, so values read
 * from JSON and from EDN compare equal.
 */
public final class Values {

  /**
   * Strings longer than this many UTF-8 bytes are recorded by {@link #recorded} as their identity.
   */
  public static final int MAX_RECORDED_BYTES = 1024;

  private Values() {}

  /**
   * A value as a history records it: normalized, and a string over {@link #MAX_RECORDED_BYTES}
   * bytes (anywhere inside the value) replaced by its identity {@code {"len": bytes, "sha1": hex}},
   * so a long run's history does not hold every large value in full. Two equal strings get equal
   * identities, so checkers compare them as before; lists, sets and maps keep their shape, which
   * the models need.
   */
  public static Object recorded(Object v) {
    Object n = normalize(v);
    if (n instanceof String s) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      if (bytes.length <= MAX_RECORDED_BYTES) {
        return s;
      }
      Map<Object, Object> id = new LinkedHashMap<>();
      id.put("len", (long) bytes.length);
      id.put("sha1", sha1(bytes));
      return Collections.unmodifiableMap(id);
    }
    if (n instanceof Set<?> set) {
      Set<Object> out = new LinkedHashSet<>();
      for (Object o : set) {
        out.add(recorded(o));
      }
      return Collections.unmodifiableSet(out);
    }
    if (n instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object o : list) {
        out.add(recorded(o));
      }
      return Collections.unmodifiableList(out);
    }
    if (n instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.put(recorded(e.getKey()), recorded(e.getValue()));
      }
      return Collections.unmodifiableMap(out);
    }
    return n;
  }

  private static String sha1(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }

  /** Normalizes a value read by Jackson or edn-java; unknown types are rejected. */
  public static Object normalize(Object v) {
    if (v == null
        || v instanceof Long
        || v instanceof String
        || v instanceof Boolean
        || v instanceof Double) {
      return v;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger) {
      BigInteger b = (BigInteger) v;
      return b.bitLength() < 64 ? (Object) b.longValue() : b.toString();
    }
    if (v instanceof Float) {
      return ((Float) v).doubleValue();
    }
    if (v instanceof BigDecimal) {
      return ((BigDecimal) v).doubleValue();
    }
    if (v instanceof Keyword) {
      return keywordName((Keyword) v);
    }
    if (v instanceof Symbol) {
      Symbol s = (Symbol) v;
      return s.getPrefix().isEmpty() ? s.getName() : s.getPrefix() + "/" + s.getName();
    }
    if (v instanceof Character || v instanceof CharSequence) {
      return v.toString();
    }
    if (v instanceof Set) {
      Set<Object> out = new LinkedHashSet<>();
      for (Object o : (Set<?>) v) {
        out.add(normalize(o));
      }
      return Collections.unmodifiableSet(out);
    }
    if (v instanceof Collection) {
      List<Object> out = new ArrayList<>(((Collection<?>) v).size());
      for (Object o : (Collection<?>) v) {
        out.add(normalize(o));
      }
      return Collections.unmodifiableList(out);
    }
    if (v instanceof Map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        out.put(normalize(e.getKey()), normalize(e.getValue()));
      }
      return Collections.unmodifiableMap(out);
    }
    throw new IllegalArgumentException(
        "unsupported value of type " + v.getClass().getSimpleName() + ": " + v);
  }

  static String keywordName(Keyword k) {
    return k.getPrefix().isEmpty() ? k.getName() : k.getPrefix() + "/" + k.getName();
  }

  /** A short EDN-like rendering for messages and counterexamples. */
  public static String show(Object v) {
    if (v == null) {
      return "nil";
    }
    if (v instanceof String) {
      return "\"" + v + "\"";
    }
    if (v instanceof Set) {
      StringBuilder sb = new StringBuilder("#{");
      join(sb, (Set<?>) v);
      return sb.append('}').toString();
    }
    if (v instanceof List) {
      StringBuilder sb = new StringBuilder("[");
      join(sb, (List<?>) v);
      return sb.append(']').toString();
    }
    if (v instanceof Map) {
      StringBuilder sb = new StringBuilder("{");
      boolean first = true;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (!first) {
          sb.append(", ");
        }
        first = false;
        sb.append(show(e.getKey())).append(' ').append(show(e.getValue()));
      }
      return sb.append('}').toString();
    }
    return String.valueOf(v);
  }

  private static void join(StringBuilder sb, Collection<?> c) {
    boolean first = true;
    for (Object o : c) {
      if (!first) {
        sb.append(' ');
      }
      first = false;
      sb.append(show(o));
    }
  }
}
