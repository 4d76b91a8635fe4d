package io.replicheck.server.script;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * Stops a script that runs past its deadline. Redis keeps such a script running, answers other
 * clients BUSY after {@code busy-reply-threshold} and lets SCRIPT KILL stop it; the reference
 * server runs scripts on its one command thread, so nothing else could be served or killed until
 * the script ends, and a script that never ends would hang the server. Here it is stopped with an
 * error instead (a difference listed in docs/reference-server.md).
 *
 * <p>luaj calls a loaded debug library on every instruction; this one only counts and, every few
 * thousand instructions, reads the clock. It keeps no call stack and makes no tracebacks, so error
 * texts stay what they are without it, and scripts never see a {@code debug} table.
 */
final class ScriptWatchdog extends DebugLib {
  private static final int CHECK_EVERY = 4096;

  private long deadlineNanos = Long.MAX_VALUE;
  private long limitMs;
  private int countdown = CHECK_EVERY;
  private boolean expired;

  /** From now on, a script may run {@code limitMs} ms (0: no limit). */
  void arm(long limitMs) {
    this.limitMs = limitMs;
    this.deadlineNanos = limitMs <= 0 ? Long.MAX_VALUE : System.nanoTime() + limitMs * 1_000_000L;
    this.countdown = CHECK_EVERY;
    this.expired = false;
  }

  void disarm() {
    deadlineNanos = Long.MAX_VALUE;
    expired = false;
  }

  @Override
  public void onInstruction(int pc, Varargs v, int top) {
    if (!expired) {
      if (--countdown > 0) return;
      countdown = CHECK_EVERY;
      if (System.nanoTime() - deadlineNanos <= 0) return;
      // from now on every instruction raises it, as redis's kill hook does: a pcall in the
      // script may catch one, never all
      expired = true;
    }
    throw new LuaError(
        "Script ran longer than busy-reply-threshold ("
            + limitMs
            + " ms) and was stopped: the reference server cannot answer BUSY while a script"
            + " runs");
  }

  @Override
  public void onCall(LuaFunction f) {}

  @Override
  public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {}

  @Override
  public void onReturn() {}

  @Override
  public String traceback(int level) {
    return "";
  }
}
