package io.replicheck.server.resp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link ReplySink} that builds plain Java values, for tests and for capturing replies without
 * sockets: simple strings as {@link Simple}, errors as {@link Err}, integers as Long, bulks as
 * String (UTF-8), nulls as null, arrays and sets as List, maps as LinkedHashMap, doubles as Double,
 * booleans as Boolean.
 */
public final class ReplyRecorder implements ReplySink {
  /** A simple-string reply. */
  public record Simple(String value) {
    @Override
    public String toString() {
      return value;
    }
  }

  /** An error reply. */
  public record Err(String text) {
    @Override
    public String toString() {
      return "-" + text;
    }
  }

  private final List<Object> replies = new ArrayList<>();
  private final Deque<Frame> stack = new ArrayDeque<>();
  private int protocol = 2;

  private static final class Frame {
    final List<Object> items = new ArrayList<>();
    final int expected;
    final int kind; // 0 array, 1 map, 2 set

    Frame(int expected, int kind) {
      this.expected = expected;
      this.kind = kind;
    }
  }

  public void setProtocol(int protocol) {
    this.protocol = protocol;
  }

  @Override
  public int protocol() {
    return protocol;
  }

  /** All complete replies, oldest first. */
  public List<Object> replies() {
    return replies;
  }

  /** Removes and returns the oldest reply. */
  public Object poll() {
    return replies.isEmpty() ? NONE : replies.remove(0);
  }

  /** Returned by {@link #poll} when there is no reply. */
  public static final Object NONE =
      new Object() {
        @Override
        public String toString() {
          return "<no reply>";
        }
      };

  public void clear() {
    replies.clear();
  }

  private void add(Object v) {
    if (stack.isEmpty()) {
      replies.add(v);
      return;
    }
    Frame f = stack.peek();
    f.items.add(v);
    if (f.items.size() == f.expected) {
      stack.pop();
      add(finish(f));
    }
  }

  private static Object finish(Frame f) {
    if (f.kind == 1) {
      Map<Object, Object> m = new LinkedHashMap<>();
      for (int i = 0; i + 1 < f.items.size(); i += 2) {
        m.put(f.items.get(i), f.items.get(i + 1));
      }
      return m;
    }
    return f.items;
  }

  private void open(int n, int kind) {
    if (n == 0) {
      add(kind == 1 ? new LinkedHashMap<>() : new ArrayList<>());
      return;
    }
    stack.push(new Frame(n, kind));
  }

  @Override
  public void simple(String s) {
    add(new Simple(s));
  }

  @Override
  public void error(String text) {
    add(new Err(text));
  }

  @Override
  public void integer(long v) {
    add(v);
  }

  @Override
  public void bulk(byte[] b) {
    add(new String(b, StandardCharsets.UTF_8));
  }

  @Override
  public void nullBulk() {
    add(null);
  }

  @Override
  public void nullArray() {
    add(null);
  }

  @Override
  public void arrayHeader(int n) {
    open(n, 0);
  }

  @Override
  public void mapHeader(int n) {
    if (protocol == 3) {
      open(n * 2, 1);
    } else {
      open(n * 2, 0);
    }
  }

  @Override
  public void setHeader(int n) {
    open(n, 2);
  }

  @Override
  public void doubleValue(double d) {
    if (protocol == 3) {
      add(d);
    } else {
      add(RespFormat.formatDouble(d));
    }
  }

  @Override
  public void bool(boolean b) {
    if (protocol == 3) {
      add(b);
    } else {
      add(b ? 1L : 0L);
    }
  }

  @Override
  public void verbatim(String text) {
    add(text);
  }
}
