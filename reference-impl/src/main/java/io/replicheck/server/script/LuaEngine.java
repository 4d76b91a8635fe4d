package io.replicheck.server.script;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.BiConsumer;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.ZeroArgFunction;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * The one Lua state of a server with redis 7.0's sandbox: the libraries redis loads (base without
 * print/dofile/loadfile, table, string, math, bit, cjson; no os, io, debug or package), Lua 5.1
 * names luaj lacks (unpack, loadstring, gcinfo, table.getn, string.gfind, math.mod), the {@code
 * redis} table, and protected globals: reading a global that does not exist and creating or
 * changing any global fail as in redis ("Script attempted to access nonexistent global variable",
 * "Attempt to modify a readonly table"). {@code redis.call} and its friends act on the {@link
 * ScriptRun} that is current; FUNCTION LOAD sees a smaller {@code redis} table whose {@code
 * register_function} feeds the library being loaded.
 */
public final class LuaEngine {
  public static final String REDIS_VERSION = "7.0.15";
  public static final int REDIS_VERSION_NUM = 0x07000f;

  private final ReadOnlyTable.SealedGlobals globals = new ReadOnlyTable.SealedGlobals();
  private final ReadOnlyTable redisApi = new ReadOnlyTable();
  private final ReadOnlyTable loadApi = new ReadOnlyTable();
  private final ReadOnlyTable evalEnv = new ReadOnlyTable();
  private ScriptRun current;
  private FunctionLibraries.Registrar registrar;
  private BiConsumer<Integer, String> logger = (level, msg) -> {};
  private final ScriptWatchdog watchdog = new ScriptWatchdog();

  public LuaEngine() {
    globals.load(new JseBaseLib());
    globals.load(new PackageLib());
    globals.load(new TableLib());
    globals.load(new StringLib());
    globals.load(new JseMathLib());
    globals.load(watchdog); // luaj's per-instruction hook; the debug table it adds is removed below
    // With a debug library loaded, luaj appends a traceback to every runtime error's message
    // unless an error function is set; this one keeps the message as it is without the library.
    globals.running.errorfunc =
        new org.luaj.vm2.lib.OneArgFunction() {
          @Override
          public LuaValue call(LuaValue msg) {
            return msg;
          }
        };
    LoadState.install(globals);
    LuaC.install(globals);
    for (String name :
        new String[] {
          "print", "dofile", "loadfile", "require", "module", "package", "rawlen", "debug"
        }) {
      globals.rawset(name, LuaValue.NIL);
    }
    LuaTable table = (LuaTable) globals.rawget("table");
    globals.rawset("unpack", table.rawget("unpack"));
    table.rawset(
        "getn",
        new OneArgFunction() {
          @Override
          public LuaValue call(LuaValue t) {
            return t.checktable().len();
          }
        });
    LuaTable string = (LuaTable) globals.rawget("string");
    string.rawset("gfind", string.rawget("gmatch"));
    LuaTable math = (LuaTable) globals.rawget("math");
    math.rawset("mod", math.rawget("fmod"));
    math.rawset(
        "log10",
        new OneArgFunction() {
          @Override
          public LuaValue call(LuaValue x) {
            return LuaValue.valueOf(Math.log10(x.checkdouble()));
          }
        });
    globals.rawset(
        "gcinfo",
        new ZeroArgFunction() {
          @Override
          public LuaValue call() {
            Runtime rt = Runtime.getRuntime();
            return LuaValue.valueOf((rt.totalMemory() - rt.freeMemory()) / 1024);
          }
        });
    VarArgFunction loadstring =
        new VarArgFunction() {
          @Override
          public Varargs invoke(Varargs args) {
            LuaValue chunk = args.arg1();
            String name = args.optjstring(2, "=(load)");
            try {
              if (chunk.isstring()) {
                return LuaEngine.this.load(
                    RespLuaConversion.bytes(chunk.checkstring()), name, evalEnv);
              }
              return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("load: not a string"));
            } catch (LuaError e) {
              return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(e.getMessage()));
            }
          }
        };
    LuaValue luajTostring = globals.rawget("tostring");
    globals.rawset(
        "tostring",
        new VarArgFunction() {
          @Override
          public Varargs invoke(Varargs args) {
            LuaValue v = args.arg1();
            // luaj prints non-integral numbers through float; Lua 5.1 uses %.14g.
            if (v.type() == TNUMBER) {
              return LuaValue.valueOf(RespLuaConversion.formatG(v.todouble(), 14));
            }
            return luajTostring.invoke(args);
          }
        });
    globals.rawset("loadstring", loadstring);
    globals.rawset("load", loadstring);
    globals.rawset("_VERSION", LuaValue.valueOf("Lua 5.1"));
    globals.rawset("bit", BitLib.create());
    globals.rawset("cjson", CjsonLib.create());
    globals.rawset("cmsgpack", CmsgpackLib.create());
    globals.rawset("struct", StructLib.create());
    buildRedisApi();
    buildLoadApi();
    globals.rawset("redis", redisApi);

    ReadOnlyTable globalsMeta = new ReadOnlyTable();
    globalsMeta.rawset(
        "__index",
        new TwoArgFunction() {
          @Override
          public LuaValue call(LuaValue t, LuaValue k) {
            throw new LuaError(
                "Script attempted to access nonexistent global variable '" + k.tojstring() + "'");
          }
        });
    globals.setmetatable(globalsMeta);
    ReadOnlyTable evalMeta = new ReadOnlyTable();
    evalMeta.rawset("__index", globals);
    evalMeta.rawset("__newindex", READONLY);
    evalEnv.setmetatable(evalMeta);
    globals.rawset("_G", evalEnv);
    // Everything a script can reach is read-only from here on, as in redis 7.0.
    for (String lib :
        new String[] {"string", "table", "math", "bit", "cjson", "cmsgpack", "struct"}) {
      globals.rawset(lib, ReadOnlyTable.copyOf((LuaTable) globals.rawget(lib)));
    }
    redisApi.seal();
    loadApi.seal();
    globalsMeta.seal();
    evalMeta.seal();
    evalEnv.seal();
    globals.seal(true);
  }

  private static final LuaValue READONLY =
      new VarArgFunction() {
        @Override
        public Varargs invoke(Varargs args) {
          throw new LuaError("Attempt to modify a readonly table");
        }
      };

  /** Where redis.log writes (level 0..3 as redis's LL_*, message). */
  public void setLogger(BiConsumer<Integer, String> logger) {
    this.logger = logger;
  }

  /** The lower-case hex SHA1 of a script body, as EVALSHA names it. */
  public static String sha1hex(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Compiles an EVAL body (a shebang line already blanked) in the protected eval environment.
   *
   * @throws LuaError with the compiler's message ("user_script:1: ...")
   */
  LuaFunction compileScript(byte[] body) {
    return (LuaFunction) load(body, "@user_script", evalEnv);
  }

  /** Compiles bytes as they are (luaj's String loader would re-encode non-ASCII bytes). */
  private LuaValue load(byte[] code, String chunkname, LuaTable env) {
    // luaj calls its debug hook (the watchdog) only from closures made with a Globals as their
    // environment, and closures inherit it: load the chunk so, then give it the sandbox's
    LuaValue f = globals.load(new java.io.ByteArrayInputStream(code), chunkname, "t", globals);
    if (f instanceof org.luaj.vm2.LuaClosure c) {
      noTailCalls(c.p);
      if (c.upValues.length > 0) c.upValues[0] = new org.luaj.vm2.UpValue(new LuaValue[] {env}, 0);
    }
    return f;
  }

  /**
   * Turns every tail call into a call (the RETURN after it returns its results). luaj runs a tail
   * call after the caller's frame is gone, so an error raised by the callee ({@code return
   * redis.call(...)}) would lose the script line that redis reports; redis's Lua keeps it.
   */
  private static void noTailCalls(org.luaj.vm2.Prototype p) {
    for (int i = 0; i < p.code.length; i++) {
      if ((p.code[i] & org.luaj.vm2.Lua.MASK_OP) == org.luaj.vm2.Lua.OP_TAILCALL) {
        p.code[i] = (p.code[i] & ~org.luaj.vm2.Lua.MASK_OP) | org.luaj.vm2.Lua.OP_CALL;
      }
    }
    if (p.p != null) {
      for (org.luaj.vm2.Prototype child : p.p) {
        noTailCalls(child);
      }
    }
  }

  /** A fresh protected environment for one function library. */
  LuaTable newLibraryEnv() {
    ReadOnlyTable env = new ReadOnlyTable();
    ReadOnlyTable meta = new ReadOnlyTable();
    meta.rawset(
        "__index",
        new TwoArgFunction() {
          @Override
          public LuaValue call(LuaValue t, LuaValue k) {
            if (k.isstring() && k.tojstring().equals("redis")) {
              return registrar != null ? loadApi : redisApi;
            }
            if (registrar != null) {
              // Loading: redis 7.0 gives the library's code no other global.
              throw new LuaError(
                  "Script attempted to access nonexistent global variable '" + k.tojstring() + "'");
            }
            if (k.isstring() && k.tojstring().equals("_G")) {
              return t;
            }
            return globals.get(k);
          }
        });
    meta.rawset("__newindex", READONLY);
    env.setmetatable(meta);
    meta.seal();
    env.seal();
    return env;
  }

  /**
   * Compiles and runs a library's code with register_function feeding {@code registrar}.
   *
   * @throws LuaError from compiling (marked by {@link CompileError}) or running the code
   */
  void runLibraryCode(String code, LuaTable env, FunctionLibraries.Registrar r) {
    LuaValue f;
    try {
      f = load(code.getBytes(StandardCharsets.UTF_8), "@user_function", env);
    } catch (LuaError e) {
      throw new CompileError(e);
    }
    FunctionLibraries.Registrar prev = registrar;
    registrar = r;
    try {
      f.call();
    } finally {
      registrar = prev;
    }
  }

  /** A compile failure while loading a library (FUNCTION LOAD's "Error compiling function"). */
  static final class CompileError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CompileError(LuaError e) {
      super(compileMessage(e), e);
    }
  }

  /** The compiler's message, with luaj's rendering of the end of input put as Lua 5.1's. */
  static String compileMessage(LuaError e) {
    String m = e.getMessage();
    return m == null ? "unknown error" : m.replace("symbol 286 (\u011e)", "symbol near '<eof>'");
  }

  /** Makes {@code run} the target of redis.call for the duration of a script. */
  ScriptRun enter(ScriptRun run) {
    ScriptRun prev = current;
    current = run;
    return prev;
  }

  void leave(ScriptRun prev) {
    current = prev;
  }

  /** Stops scripts that run too long (see {@link ScriptWatchdog}). */
  ScriptWatchdog watchdog() {
    return watchdog;
  }

  /** Sets a global without the protection (KEYS and ARGV before each EVAL). */
  void setGlobal(String name, LuaValue v) {
    setGlobal(LuaValue.valueOf(name), v);
  }

  /** As {@link #setGlobal(String, LuaValue)} with the name made once by the caller. */
  void setGlobal(LuaString name, LuaValue v) {
    globals.seal(false);
    try {
      globals.rawset(name, v);
    } finally {
      globals.seal(true);
    }
  }

  private ScriptRun run() {
    if (current == null) {
      throw new LuaError(
          RespLuaConversion.errorTable("redis.call can only be called inside a script invocation"));
    }
    return current;
  }

  private static LuaError luaError(String text) {
    return new LuaError(RespLuaConversion.errorTable(text));
  }

  private void buildRedisApi() {
    redisApi.rawset(
        "call",
        new VarArgFunction() {
          @Override
          public Varargs invoke(Varargs args) {
            return run().call(args, true);
          }
        });
    redisApi.rawset(
        "pcall",
        new VarArgFunction() {
          @Override
          public Varargs invoke(Varargs args) {
            return run().call(args, false);
          }
        });
    redisApi.rawset(
        "setresp",
        new VarArgFunction() {
          @Override
          public Varargs invoke(Varargs args) {
            if (args.narg() != 1) {
              throw luaError("redis.setresp() requires one argument.");
            }
            long resp = args.arg1().isnumber() ? (long) args.arg1().todouble() : 0;
            if (resp != 2 && resp != 3) {
              throw luaError("RESP version must be 2 or 3.");
            }
            run().setResp((int) resp);
            return NONE;
          }
        });
    redisApi.rawset(
        "set_repl",
        new VarArgFunction() {
          @Override
          public Varargs invoke(Varargs args) {
            if (args.narg() != 1) {
              throw luaError("redis.set_repl() requires one argument.");
            }
            long flags = args.arg1().isnumber() ? (long) args.arg1().todouble() : -1;
            if ((flags & ~ScriptRun.REPL_ALL) != 0) {
              throw luaError(
                  "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
            }
            run().setRepl((int) flags);
            return NONE;
          }
        });
    redisApi.rawset(
        "replicate_commands",
        new ZeroArgFunction() {
          @Override
          public LuaValue call() {
            return TRUE;
          }
        });
    redisApi.rawset(
        "breakpoint",
        new ZeroArgFunction() {
          @Override
          public LuaValue call() {
            return FALSE;
          }
        });
    redisApi.rawset(
        "debug",
        new VarArgFunction() {
          @Override
          public Varargs invoke(Varargs args) {
            return NONE;
          }
        });
    redisApi.rawset(
        "acl_check_cmd",
        new VarArgFunction() {
          @Override
          public Varargs invoke(Varargs args) {
            if (args.narg() == 0) {
              throw luaError("Please specify at least one argument for this redis lib call");
            }
            if (!run().commandExists(args.arg1())) {
              throw luaError("Invalid command passed to redis.acl_check_cmd()");
            }
            return TRUE;
          }
        });
    redisApi.rawset("REPL_NONE", 0);
    redisApi.rawset("REPL_AOF", 1);
    redisApi.rawset("REPL_SLAVE", 2);
    redisApi.rawset("REPL_REPLICA", 2);
    redisApi.rawset("REPL_ALL", 3);
    addCommon(redisApi);
  }

  /** The run-time table's helpers (FUNCTION LOAD's table lacks them, as in redis 7.0). */
  private void addCommon(LuaTable t) {
    addReplies(t);
    addLog(t);
  }

  private void addReplies(LuaTable t) {
    t.rawset(
        "sha1hex",
        new VarArgFunction() {
          @Override
          public Varargs invoke(Varargs args) {
            if (args.narg() != 1) {
              throw luaError("wrong number of arguments");
            }
            LuaValue v = args.arg1();
            // lua_tolstring: a number as Lua 5.1 prints it (%.14g), not luaj's form
            byte[] b =
                v.type() == TNUMBER
                    ? RespLuaConversion.formatG(v.todouble(), 14)
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII)
                    : v.isstring()
                        ? RespLuaConversion.bytes(v.checkstring())
                        : new byte[0]; // redis hashes "" for a non-string
            return LuaValue.valueOf(sha1hex(b));
          }
        });
    t.rawset(
        "error_reply",
        new VarArgFunction() {
          @Override
          public Varargs invoke(Varargs args) {
            if (args.narg() != 1 || args.arg1().type() != TSTRING) {
              throw luaError("wrong number or type of arguments");
            }
            String msg = args.arg1().tojstring();
            return RespLuaConversion.errorTable(msg.startsWith("-") ? msg : "-" + msg);
          }
        });
    t.rawset(
        "status_reply",
        new VarArgFunction() {
          @Override
          public Varargs invoke(Varargs args) {
            if (args.narg() != 1 || args.arg1().type() != TSTRING) {
              throw luaError("wrong number or type of arguments");
            }
            LuaTable ok = new LuaTable();
            ok.rawset("ok", args.arg1());
            return ok;
          }
        });
  }

  /** redis.log, the LOG_* levels and the version, which FUNCTION LOAD's table has too. */
  private void addLog(LuaTable t) {
    t.rawset(
        "log",
        new VarArgFunction() {
          @Override
          public Varargs invoke(Varargs args) {
            if (args.narg() < 2) {
              throw luaError("redis.log() requires two arguments or more.");
            }
            if (!args.arg1().isnumber()) {
              throw luaError("First argument must be a number");
            }
            long level = (long) args.arg1().todouble();
            if (level < 0 || level > 3) {
              throw luaError("Invalid debug level.");
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 2; i <= args.narg(); i++) {
              if (i > 2) {
                sb.append(' ');
              }
              sb.append(args.arg(i).tojstring());
            }
            logger.accept((int) level, sb.toString());
            return NONE;
          }
        });
    t.rawset("LOG_DEBUG", 0);
    t.rawset("LOG_VERBOSE", 1);
    t.rawset("LOG_NOTICE", 2);
    t.rawset("LOG_WARNING", 3);
    t.rawset("REDIS_VERSION", REDIS_VERSION);
    t.rawset("REDIS_VERSION_NUM", REDIS_VERSION_NUM);
  }

  private void buildLoadApi() {
    loadApi.rawset(
        "register_function",
        new VarArgFunction() {
          @Override
          public Varargs invoke(Varargs args) {
            if (registrar == null) {
              throw luaError("redis.register_function can only be called on FUNCTION LOAD command");
            }
            registrar.register(args);
            return NONE;
          }
        });
    addLog(loadApi);
    ReadOnlyTable meta = new ReadOnlyTable();
    meta.rawset(
        "__index",
        new TwoArgFunction() {
          @Override
          public LuaValue call(LuaValue t, LuaValue k) {
            throw new LuaError(
                "Script attempted to access nonexistent global variable '" + k.tojstring() + "'");
          }
        });
    loadApi.setmetatable(meta);
    meta.seal();
  }

  static LuaString str(String s) {
    return LuaString.valueOf(s.getBytes(StandardCharsets.UTF_8));
  }
}
