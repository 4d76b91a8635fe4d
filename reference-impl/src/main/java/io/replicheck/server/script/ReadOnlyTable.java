package io.replicheck.server.script;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A Lua table that scripts cannot change once sealed (redis 7.0's readonly tables: the globals,
 * {@code redis} and the libraries): every write path of luaj's table ends in an error "Attempt to
 * modify a readonly table".
 */
final class ReadOnlyTable extends LuaTable {
  private boolean sealed;

  /** A sealed copy of {@code t}'s entries. */
  static ReadOnlyTable copyOf(LuaTable t) {
    ReadOnlyTable r = new ReadOnlyTable();
    LuaValue k = LuaValue.NIL;
    while (true) {
      Varargs n = t.next(k);
      if ((k = n.arg1()).isnil()) {
        break;
      }
      r.rawset(k, n.arg(2));
    }
    r.sealed = true;
    return r;
  }

  void seal() {
    sealed = true;
  }

  static LuaError readOnly() {
    return new LuaError("Attempt to modify a readonly table");
  }

  private void check() {
    if (sealed) {
      throw readOnly();
    }
  }

  @Override
  public void rawset(LuaValue key, LuaValue value) {
    check();
    super.rawset(key, value);
  }

  @Override
  public void rawset(int key, LuaValue value) {
    check();
    super.rawset(key, value);
  }

  @Override
  public void hashset(LuaValue key, LuaValue value) {
    check();
    super.hashset(key, value);
  }

  @Override
  public void insert(int pos, LuaValue value) {
    check();
    super.insert(pos, value);
  }

  @Override
  public LuaValue remove(int pos) {
    check();
    return super.remove(pos);
  }

  @Override
  public void sort(LuaValue comparator) {
    check();
    super.sort(comparator);
  }

  @Override
  public LuaValue setmetatable(LuaValue metatable) {
    check();
    return super.setmetatable(metatable);
  }

  /** The globals table, sealed the same way; the engine opens it for KEYS and ARGV only. */
  static final class SealedGlobals extends Globals {
    private boolean sealed;

    void seal(boolean on) {
      sealed = on;
    }

    private void check() {
      if (sealed) {
        throw readOnly();
      }
    }

    @Override
    public void rawset(LuaValue key, LuaValue value) {
      check();
      super.rawset(key, value);
    }

    @Override
    public void rawset(int key, LuaValue value) {
      check();
      super.rawset(key, value);
    }

    @Override
    public void hashset(LuaValue key, LuaValue value) {
      check();
      super.hashset(key, value);
    }

    @Override
    public void insert(int pos, LuaValue value) {
      check();
      super.insert(pos, value);
    }

    @Override
    public LuaValue remove(int pos) {
      check();
      return super.remove(pos);
    }

    @Override
    public void sort(LuaValue comparator) {
      check();
      super.sort(comparator);
    }

    @Override
    public LuaValue setmetatable(LuaValue metatable) {
      check();
      return super.setmetatable(metatable);
    }
  }
}
