package io.replicheck.server.script;

import io.replicheck.server.core.Client;
import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.CommandFlag;
import io.replicheck.server.core.CommandSpec;
import io.replicheck.server.core.ServerCore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * One run of a script or function (redis's scriptRunCtx): the caller, whether writes are allowed,
 * the protocol chosen with {@code redis.setresp}, the replication chosen with {@code
 * redis.set_repl}. {@code redis.call} and {@code redis.pcall} check a command as scriptCall does
 * (unknown, arity, noscript, writes from a read-only script, writes on a read-only replica) and run
 * it through the core with the script's client; the reply comes back as a Lua value.
 */
public final class ScriptRun {
  static final int REPL_NONE = 0;
  static final int REPL_AOF = 1;
  static final int REPL_REPLICA = 2;
  static final int REPL_ALL = 3;

  /** "@user_script:3 message" as luaj prefixes errors with the place they were raised. */
  private static final Pattern FILELINE =
      Pattern.compile("^(@?[A-Za-z_]+):(\\d+) (.*)$", Pattern.DOTALL);

  private final ServerCore core;
  private final Scripting scripting;
  private final Client caller;
  private final String name;
  private final boolean readOnly;
  private int resp = 2;
  private int repl = REPL_ALL;
  private boolean writeDirty;
  private final boolean effects;

  /**
   * @param effects propagate the script's writes (false only under the injected bug that propagates
   *     the script itself)
   */
  ScriptRun(
      ServerCore core,
      Scripting scripting,
      Client caller,
      String name,
      boolean readOnly,
      boolean effects) {
    this.core = core;
    this.effects = effects;
    this.scripting = scripting;
    this.caller = caller;
    this.name = name;
    this.readOnly = readOnly;
  }

  void setResp(int resp) {
    this.resp = resp;
  }

  void setRepl(int repl) {
    this.repl = repl;
  }

  boolean commandExists(LuaValue name) {
    byte[] b = RespLuaConversion.toArg(name);
    return b != null && core.commands().lookup(b) != null;
  }

  /**
   * Runs {@code f} with {@code args} and replies its result (or its error) to the caller's command.
   */
  void execute(CommandContext ctx, LuaFunction f, Varargs args) {
    LuaEngine engine = scripting.engine();
    ScriptRun prev = engine.enter(this);
    Client sc = scripting.scriptClient();
    sc.selectDb(caller.db());
    boolean outermost = prev == null;
    if (outermost) engine.watchdog().arm(core.config().busyReplyThreshold);
    try {
      LuaValue r = f.invoke(args).arg1();
      RespLuaConversion.toReply(r, ctx.reply(), resp);
    } catch (LuaError e) {
      Failure d = describe(e, name);
      ctx.error(d.replyText());
    } catch (StackOverflowError e) {
      ctx.error("ERR Error running script " + name + ", stack overflow");
    } finally {
      if (outermost) engine.watchdog().disarm();
      engine.leave(prev);
    }
  }

  /** A script's failure: the message (with its code) and where it happened, if known. */
  record Failure(String message, String source, String line, String name) {
    /** The reply: "msg script: name, on @user_script:1." as luaCallFunction writes it. */
    String replyText() {
      String text = message;
      if (source != null && name != null) {
        text += " script: " + name + ", on " + source + ":" + line + ".";
      }
      return text.replace('\r', ' ').replace('\n', ' ');
    }
  }

  /**
   * What redis's error handler makes of an error: a table keeps its {@code err}, anything else
   * becomes "ERR " + its text; the place is the script line that raised it.
   */
  static Failure describe(LuaError e, String name) {
    LuaValue obj = e.getMessageObject();
    String source = null;
    String line = null;
    String full = e.getMessage() == null ? "" : e.getMessage();
    Matcher m = FILELINE.matcher(full);
    if (m.matches()) {
      source = m.group(1).startsWith("@") ? m.group(1) : "@" + m.group(1);
      line = m.group(2);
    }
    String msg;
    if (obj != null && obj.istable()) {
      LuaValue err = obj.get("err");
      msg = err.isstring() ? err.tojstring() : "(null)";
    } else {
      String text = obj == null || obj.isnil() ? full : obj.tojstring();
      Matcher mm = FILELINE.matcher(text);
      if (mm.matches()) {
        String src = mm.group(1).startsWith("@") ? mm.group(1).substring(1) : mm.group(1);
        text = src + ":" + mm.group(2) + ": " + mm.group(3);
      }
      msg = "ERR " + text;
    }
    return new Failure(msg, source, line, name);
  }

  /** redis.call (raise) and redis.pcall. */
  Varargs call(Varargs args, boolean raise) {
    int argc = args.narg();
    if (argc == 0) {
      return fail("Please specify at least one argument for this redis lib call", raise);
    }
    byte[][] argv = new byte[argc][];
    for (int i = 0; i < argc; i++) {
      argv[i] = RespLuaConversion.toArg(args.arg(i + 1));
      if (argv[i] == null) {
        return fail("Lua redis lib command arguments must be strings or integers", raise);
      }
    }
    CommandSpec spec = core.commands().lookup(argv[0]);
    if (spec == null) {
      return fail("Unknown Redis command called from script", raise);
    }
    if ((spec.arity() > 0 && argc != spec.arity()) || argc < -spec.arity()) {
      return fail("Wrong number of args calling Redis command from script", raise);
    }
    if (spec.has(CommandFlag.NOSCRIPT)) {
      return fail("This Redis command is not allowed from script", raise);
    }
    if (readOnly && (spec.isWrite() || spec.has(CommandFlag.MAY_REPLICATE))) {
      return fail("Write commands are not allowed from read-only scripts.", raise);
    }
    if (spec.isWrite()) {
      if (!writeDirty && core.isReplica() && core.config().replicaReadOnly && !caller.isMaster()) {
        return fail("-READONLY You can't write against a read only replica.", raise);
      }
      writeDirty = true;
    }
    LuaReplySink sink = scripting.sink();
    sink.reset();
    sink.setProtocol(resp);
    scripting.scriptClient().setProtocol(resp);
    boolean propagate = effects && !caller.isMaster() && (repl & REPL_REPLICA) != 0;
    core.callFromScript(scripting.scriptClient(), spec, argv, propagate);
    LuaValue r = sink.result();
    if (sink.isError() && raise) {
      throw new LuaError(r);
    }
    return r;
  }

  private static Varargs fail(String text, boolean raise) {
    LuaTable t = RespLuaConversion.errorTable(text);
    if (raise) {
      throw new LuaError(t);
    }
    return t;
  }
}
