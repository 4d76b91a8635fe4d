package io.replicheck.server.script;

import io.replicheck.server.resp.ReplySink;
import io.replicheck.server.resp.RespFormat;
import java.util.ArrayDeque;
import java.util.Deque;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * Receives one command's reply (to {@code redis.call}) and builds the Lua value redis 7.0 would
 * give the script for it (redisProtocolToLuaType), in the protocol chosen with {@code
 * redis.setresp}: RESP2 nulls become false, status replies {@code {ok=...}}, errors {@code
 * {err=...}}; RESP3 nulls become nil, maps {@code {map={...}}}, sets {@code {set={m=true}}},
 * doubles {@code {double=d}}, booleans Lua booleans, verbatim strings {@code
 * {verbatim_string={format=, string=}}}.
 */
final class LuaReplySink implements ReplySink {
  private static final LuaString ERR = LuaString.valueOf("err");
  private static final LuaString OK = LuaString.valueOf("ok");
  private static final LuaString OK_TEXT = LuaString.valueOf("OK");

  /** An aggregate being filled: an array, a map (pairs), or a set (members to true). */
  private static final class Frame {
    final LuaTable table = new LuaTable();
    final LuaTable wrapper;
    final int kind; // 0 array, 1 map, 2 set
    int remaining;
    int next = 1;
    LuaValue pendingKey;

    Frame(int kind, int remaining, String wrapperKey) {
      this.kind = kind;
      this.remaining = remaining;
      if (wrapperKey != null) {
        wrapper = new LuaTable();
        wrapper.set(wrapperKey, table);
      } else {
        wrapper = null;
      }
    }

    LuaValue value() {
      return wrapper != null ? wrapper : table;
    }
  }

  private final Deque<Frame> stack = new ArrayDeque<>();
  private int protocol = 2;
  private LuaValue result = LuaValue.NIL;
  private boolean done;
  private boolean error;

  void setProtocol(int protocol) {
    this.protocol = protocol;
  }

  /** Starts capturing the next reply. */
  void reset() {
    stack.clear();
    result = LuaValue.NIL;
    done = false;
    error = false;
  }

  /** The reply as a Lua value (nil if none was given). */
  LuaValue result() {
    return result;
  }

  /** Whether the reply was an error (redis.call raises it). */
  boolean isError() {
    return error;
  }

  boolean isDone() {
    return done;
  }

  private void add(LuaValue v) {
    if (stack.isEmpty()) {
      if (!done) {
        result = v;
        done = true;
      }
      return;
    }
    Frame f = stack.peek();
    switch (f.kind) {
      case 1 -> {
        if (f.pendingKey == null) {
          f.pendingKey = v.isnil() ? LuaValue.FALSE : v;
        } else {
          f.table.rawset(f.pendingKey, v);
          f.pendingKey = null;
        }
      }
      case 2 -> f.table.rawset(v.isnil() ? LuaValue.FALSE : v, LuaValue.TRUE);
      default -> f.table.rawset(f.next++, v);
    }
    if (--f.remaining == 0) {
      stack.pop();
      add(f.value());
    }
  }

  private void open(int kind, int n, String wrapperKey) {
    Frame f = new Frame(kind, n, wrapperKey);
    if (n == 0) {
      add(f.value());
      return;
    }
    stack.push(f);
  }

  @Override
  public int protocol() {
    return protocol;
  }

  @Override
  public void simple(String s) {
    LuaTable t = new LuaTable();
    // "OK" (SET's reply, the most common) without making its Lua string each time.
    t.rawset(OK, "OK".equals(s) ? OK_TEXT : LuaValue.valueOf(s));
    add(t);
  }

  @Override
  public void error(String text) {
    if (stack.isEmpty()) {
      error = true;
    }
    LuaTable t = new LuaTable();
    t.rawset(ERR, LuaValue.valueOf(text));
    add(t);
  }

  @Override
  public void integer(long v) {
    add(LuaValue.valueOf((double) v));
  }

  @Override
  public void bulk(byte[] b) {
    add(LuaString.valueUsing(b));
  }

  @Override
  public void nullBulk() {
    add(protocol == 2 ? LuaValue.FALSE : LuaValue.NIL);
  }

  @Override
  public void nullArray() {
    add(protocol == 2 ? LuaValue.FALSE : LuaValue.NIL);
  }

  @Override
  public void arrayHeader(int n) {
    open(0, n, null);
  }

  @Override
  public void mapHeader(int n) {
    if (protocol == 2) {
      open(0, n * 2, null);
    } else {
      open(1, n * 2, "map");
    }
  }

  @Override
  public void setHeader(int n) {
    if (protocol == 2) {
      open(0, n, null);
    } else {
      open(2, n, "set");
    }
  }

  @Override
  public void doubleValue(double d) {
    if (protocol == 2) {
      add(LuaValue.valueOf(RespFormat.formatDouble(d)));
    } else {
      LuaTable t = new LuaTable();
      t.rawset("double", LuaValue.valueOf(d));
      add(t);
    }
  }

  @Override
  public void bool(boolean b) {
    if (protocol == 2) {
      add(LuaValue.valueOf(b ? 1 : 0));
    } else {
      add(LuaValue.valueOf(b));
    }
  }

  @Override
  public void verbatim(String text) {
    if (protocol == 2) {
      add(LuaValue.valueOf(text));
    } else {
      LuaTable inner = new LuaTable();
      inner.rawset("format", LuaValue.valueOf("txt"));
      inner.rawset("string", LuaValue.valueOf(text));
      LuaTable t = new LuaTable();
      t.rawset("verbatim_string", inner);
      add(t);
    }
  }
}
