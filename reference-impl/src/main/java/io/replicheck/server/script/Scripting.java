package io.replicheck.server.script;

import io.replicheck.server.core.Client;
import io.replicheck.server.core.ClientConnection;
import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.ServerCore;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * Scripting of one server: the Lua engine, the script cache, the function libraries and the client
 * scripts run their commands with. {@link #attach} wires it to the core: the libraries' sources are
 * kept in the keyspace (so snapshots, RDB files and full syncs carry them) and compiled again when
 * a loaded dataset replaces the current one.
 */
public final class Scripting {
  private static final LuaString KEYS = LuaString.valueOf("KEYS");
  private static final LuaString ARGV = LuaString.valueOf("ARGV");

  private final ServerCore core;
  private final LuaEngine engine = new LuaEngine();
  private final ScriptCache cache = new ScriptCache(engine);
  private final FunctionLibraries functions = new FunctionLibraries(engine);
  private final LuaReplySink sink = new LuaReplySink();
  private final Client scriptClient;
  private BiConsumer<Integer, String> log = (level, msg) -> {};

  private Scripting(ServerCore core) {
    this.core = core;
    this.scriptClient = core.newScriptClient(ClientConnection.detached(sink, "lua"));
  }

  /** Creates the scripting of {@code core} and hooks it to the dataset. */
  public static Scripting attach(ServerCore core) {
    Scripting s = new Scripting(core);
    s.functions.setOnChange(() -> core.keyspace().setFunctionLibraries(s.functions.codes()));
    core.addDatasetReplacedHook(
        () ->
            s.functions.replaceAll(
                core.keyspace().functionLibraries(),
                err -> s.log.accept(3, "Failed loading a function library: " + err)));
    return s;
  }

  /** Where redis.log and load failures go (level 0..3, message). */
  public void setLog(BiConsumer<Integer, String> log) {
    this.log = log;
    engine.setLogger(log);
  }

  public LuaEngine engine() {
    return engine;
  }

  public ScriptCache cache() {
    return cache;
  }

  public FunctionLibraries functions() {
    return functions;
  }

  Client scriptClient() {
    return scriptClient;
  }

  LuaReplySink sink() {
    return sink;
  }

  /**
   * Refusals before a run (scriptPrepareForRun): a script that may write, on a read-only replica or
   * from an *_RO command. Scripts without a shebang are not checked here (their writes are).
   */
  private String refusal(Client caller, boolean compat, Set<ScriptFlag> flags, boolean ro) {
    if (compat || flags.contains(ScriptFlag.NO_WRITES)) {
      return null;
    }
    if (core.isReplica() && core.config().replicaReadOnly && !caller.isMaster()) {
      return "READONLY Can not run script with write flag on readonly replica";
    }
    if (ro) {
      return "ERR Can not execute a script with write flag using *_ro command.";
    }
    return null;
  }

  /**
   * EVAL/EVALSHA(_RO) of a cached script; arguments from index 3 on, the first {@code numkeys}
   * being keys. The command itself is not propagated: the script's writes are.
   */
  public void eval(CommandContext c, ScriptCache.Script s, int numkeys, boolean ro) {
    boolean verbatim = core.propagation().scriptsVerbatim();
    if (!verbatim) {
      c.preventPropagation();
    }
    String refused = refusal(c.client(), !s.shebang(), s.flags(), ro);
    if (refused != null) {
      c.error(refused);
      return;
    }
    boolean readOnly = ro || (s.shebang() && s.flags().contains(ScriptFlag.NO_WRITES));
    engine.setGlobal(KEYS, table(c, 3, numkeys));
    engine.setGlobal(ARGV, table(c, 3 + numkeys, c.argc() - 3 - numkeys));
    new ScriptRun(core, this, c.client(), s.sha(), readOnly, !verbatim)
        .execute(c, s.function(), LuaValue.NONE);
  }

  /** FCALL/FCALL_RO: the callback gets the keys and the arguments as two tables. */
  public void fcall(CommandContext c, FunctionLibraries.FunctionInfo f, int numkeys, boolean ro) {
    boolean verbatim = core.propagation().scriptsVerbatim();
    if (!verbatim) {
      c.preventPropagation();
    }
    String refused = refusal(c.client(), false, f.flags(), ro);
    if (refused != null) {
      c.error(refused);
      return;
    }
    boolean readOnly = ro || f.flags().contains(ScriptFlag.NO_WRITES);
    LuaFunction cb = f.callback();
    new ScriptRun(core, this, c.client(), f.name(), readOnly, !verbatim)
        .execute(
            c,
            cb,
            LuaValue.varargsOf(
                table(c, 3, numkeys), table(c, 3 + numkeys, c.argc() - 3 - numkeys)));
  }

  private static LuaTable table(CommandContext c, int from, int n) {
    LuaTable t = new LuaTable(n, 0);
    for (int i = 0; i < n; i++) {
      t.rawset(i + 1, LuaString.valueUsing(c.arg(from + i).clone()));
    }
    return t;
  }

  /** The libraries' sources (FUNCTION DUMP). */
  public List<String> codes() {
    return functions.codes();
  }
}
