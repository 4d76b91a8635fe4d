package io.replicheck.server.script;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The function libraries of redis 7.0 (functions.c, function_lua.c): libraries by name, each with
 * its source and the functions its code registered, and the index of functions by name. A library
 * is loaded by running its code once with {@code redis.register_function}; every change goes
 * through {@link #commit} so that the caller can keep the sources with the dataset (RDB, full
 * sync).
 */
public final class FunctionLibraries {
  /** One registered function. */
  public record FunctionInfo(
      String name,
      LuaFunction callback,
      Set<ScriptFlag> flags,
      String description,
      Library library) {}

  /** One library: name, source, functions by name (sorted). */
  public static final class Library {
    private final String name;
    private final String code;
    // redis's function dicts compare names case-insensitively (functionDictType)
    private final Map<String, FunctionInfo> functions =
        new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    Library(String name, String code) {
      this.name = name;
      this.code = code;
    }

    public String name() {
      return name;
    }

    public String code() {
      return code;
    }

    public Collection<FunctionInfo> functions() {
      return functions.values();
    }
  }

  /** Collects register_function calls while a library's code runs. */
  final class Registrar {
    private final Library library;

    Registrar(Library library) {
      this.library = library;
    }

    void register(Varargs args) {
      String name = null;
      String desc = null;
      LuaFunction callback = null;
      Set<ScriptFlag> flags = ScriptFlag.none();
      int argc = args.narg();
      if (argc < 1 || argc > 2) {
        throw fail("wrong number of arguments to redis.register_function");
      }
      if (argc == 1) {
        if (!args.arg1().istable()) {
          throw fail(
              "calling redis.register_function with a single argument is only applicable to Lua"
                  + " table (representing named arguments).");
        }
        LuaTable t = (LuaTable) args.arg1();
        LuaValue k = LuaValue.NIL;
        while (true) {
          Varargs n = t.next(k);
          if ((k = n.arg1()).isnil()) {
            break;
          }
          LuaValue v = n.arg(2);
          if (!k.isstring()) {
            throw fail("named argument key given to redis.register_function is not a string");
          }
          switch (k.tojstring()) {
            case "function_name" -> {
              if (!v.isstring()) {
                throw fail(
                    "function_name argument given to redis.register_function must be a string");
              }
              name = v.tojstring();
            }
            case "description" -> {
              if (!v.isstring()) {
                throw fail(
                    "description argument given to redis.register_function must be a string");
              }
              desc = v.tojstring();
            }
            case "callback" -> {
              if (!v.isfunction()) {
                throw fail("callback argument given to redis.register_function must be a function");
              }
              callback = (LuaFunction) v;
            }
            case "flags" -> {
              if (!v.istable()) {
                throw fail(
                    "flags argument to redis.register_function must be a table representing"
                        + " function flags");
              }
              LuaTable ft = (LuaTable) v;
              for (int i = 1; !ft.rawget(i).isnil(); i++) {
                LuaValue f = ft.rawget(i);
                ScriptFlag sf = f.type() == LuaValue.TSTRING ? ScriptFlag.of(f.tojstring()) : null;
                if (sf == null) {
                  throw fail("unknown flag given");
                }
                flags.add(sf);
              }
            }
            default -> throw fail("unknown argument given to redis.register_function");
          }
        }
        if (name == null) {
          throw fail("redis.register_function must get a function name argument");
        }
        if (callback == null) {
          throw fail("redis.register_function must get a callback argument");
        }
      } else {
        if (!args.arg1().isstring()) {
          throw fail("first argument to redis.register_function must be a string");
        }
        name = args.arg1().tojstring();
        if (!args.arg(2).isfunction()) {
          throw fail("second argument to redis.register_function must be a function");
        }
        callback = (LuaFunction) args.arg(2);
      }
      if (!validName(name)) {
        throw fail(
            "Library names can only contain letters, numbers, or underscores(_) and must be at"
                + " least one character long");
      }
      if (library.functions.containsKey(name)) {
        throw fail("Function already exists in the library");
      }
      library.functions.put(
          name, new FunctionInfo(name, callback, Set.copyOf(flags), desc, library));
    }

    private LuaError fail(String msg) {
      return new LuaError(RespLuaConversion.errorTable(msg));
    }
  }

  private final LuaEngine engine;
  private final Map<String, Library> libraries = new TreeMap<>();

  /** Functions by lower-cased name: FCALL f1 and FCALL F1 find the same function, as in redis. */
  private final Map<String, FunctionInfo> functions = new HashMap<>();

  private Runnable onChange = () -> {};

  FunctionLibraries(LuaEngine engine) {
    this.engine = engine;
  }

  /** Called after every change (the owner copies {@link #codes} into the keyspace). */
  void setOnChange(Runnable r) {
    this.onChange = r;
  }

  static boolean validName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
        return false;
      }
    }
    return true;
  }

  public FunctionInfo function(String name) {
    return functions.get(fold(name));
  }

  private static String fold(String name) {
    return name.toLowerCase(java.util.Locale.ROOT);
  }

  public Collection<Library> libraries() {
    return List.copyOf(libraries.values());
  }

  public int functionCount() {
    return functions.size();
  }

  /** The sources of every library, by name. */
  public List<String> codes() {
    List<String> l = new ArrayList<>();
    for (Library lib : libraries.values()) {
      l.add(lib.code());
    }
    return l;
  }

  /**
   * Compiles and runs a library's code into a new library object, not yet installed.
   *
   * @throws ScriptError with FUNCTION LOAD's texts
   */
  Library compile(String code) throws ScriptError {
    return compile(header(code));
  }

  /** A library's shebang line, read and checked: its name and the code after the line. */
  private record Header(String name, String code, int bodyAt) {}

  private Header header(String code) throws ScriptError {
    if (!code.startsWith("#!")) {
      throw new ScriptError("ERR Missing library metadata");
    }
    int nl = code.indexOf('\n');
    if (nl < 0) {
      throw new ScriptError("ERR Invalid library metadata");
    }
    String[] parts = code.substring(0, nl).trim().split("[ \t\r]+");
    if (parts.length == 0 || parts[0].isEmpty()) {
      throw new ScriptError("ERR Invalid library metadata");
    }
    String engineName = parts[0].substring(2);
    String name = null;
    for (int i = 1; i < parts.length; i++) {
      if (parts[i].regionMatches(true, 0, "name=", 0, 5)) {
        if (name != null) {
          throw new ScriptError(
              "ERR Invalid metadata value, name argument was given multiple times");
        }
        name = parts[i].substring(5);
        continue;
      }
      throw new ScriptError("ERR Invalid metadata value given: " + parts[i]);
    }
    if (name == null) {
      throw new ScriptError("ERR Library name was not given");
    }
    if (!validName(name)) {
      throw new ScriptError(
          "ERR Library names can only contain letters, numbers, or underscores(_) and must be at"
              + " least one character long");
    }
    if (!engineName.equalsIgnoreCase("lua")) {
      throw new ScriptError("ERR Engine '" + engineName + "' not found");
    }
    return new Header(name, code, nl);
  }

  private Library compile(Header h) throws ScriptError {
    Library lib = new Library(h.name(), h.code());
    // The shebang line is blanked (its line feed kept) so that line numbers stay the user's.
    String body = h.code().substring(h.bodyAt());
    try {
      engine.runLibraryCode(body, engine.newLibraryEnv(), new Registrar(lib));
    } catch (LuaEngine.CompileError e) {
      throw new ScriptError("ERR Error compiling function: " + e.getMessage());
    } catch (LuaError e) {
      throw new ScriptError(
          "ERR Error registering functions: " + ScriptRun.describe(e, null).message());
    } catch (StackOverflowError e) {
      throw new ScriptError("ERR Error registering functions: stack overflow");
    }
    if (lib.functions.isEmpty()) {
      throw new ScriptError("ERR No functions registered");
    }
    return lib;
  }

  /**
   * FUNCTION LOAD [REPLACE]: returns the library's name.
   *
   * @throws ScriptError with redis's texts
   */
  public String load(String code, boolean replace) throws ScriptError {
    Header h = header(code);
    Library old = libraries.get(h.name());
    // redis refuses an existing library before it compiles the code (functionsCreateWithLibraryCtx)
    if (old != null && !replace) {
      throw new ScriptError("ERR Library '" + h.name() + "' already exists");
    }
    Library lib = compile(h);
    for (String f : lib.functions.keySet()) {
      FunctionInfo existing = functions.get(fold(f));
      if (existing != null && existing.library() != old) {
        throw new ScriptError("ERR Function " + f + " already exists");
      }
    }
    if (old != null) {
      remove(old);
    }
    install(lib);
    onChange.run();
    return lib.name;
  }

  private void install(Library lib) {
    libraries.put(lib.name, lib);
    for (FunctionInfo f : lib.functions.values()) {
      functions.put(fold(f.name()), f);
    }
  }

  private void remove(Library lib) {
    libraries.remove(lib.name);
    for (String f : lib.functions.keySet()) {
      functions.remove(fold(f));
    }
  }

  /** FUNCTION DELETE. */
  public void delete(String name) throws ScriptError {
    Library lib = libraries.get(name);
    if (lib == null) {
      throw new ScriptError("ERR Library not found");
    }
    remove(lib);
    onChange.run();
  }

  /** FUNCTION FLUSH. */
  public void flush() {
    libraries.clear();
    functions.clear();
    onChange.run();
  }

  /** FUNCTION RESTORE's policies. */
  public enum RestorePolicy {
    FLUSH,
    APPEND,
    REPLACE
  }

  /**
   * FUNCTION RESTORE: compiles every library of the payload first, then installs them by the
   * policy; nothing changes on an error.
   */
  public void restore(List<String> codes, RestorePolicy policy) throws ScriptError {
    Map<String, Library> incoming = new TreeMap<>();
    Map<String, String> incomingFunctions = new HashMap<>();
    for (String code : codes) {
      Library lib = compile(code);
      if (incoming.containsKey(lib.name)) {
        throw new ScriptError("ERR Library '" + lib.name + "' already exists");
      }
      for (String f : lib.functions.keySet()) {
        if (incomingFunctions.putIfAbsent(fold(f), lib.name) != null) {
          throw new ScriptError("ERR Function " + f + " already exists");
        }
      }
      incoming.put(lib.name, lib);
    }
    if (policy == RestorePolicy.FLUSH) {
      libraries.clear();
      functions.clear();
    } else {
      for (Library lib : incoming.values()) {
        Library old = libraries.get(lib.name);
        if (old != null && policy == RestorePolicy.APPEND) {
          throw new ScriptError("ERR Library " + lib.name + " already exists");
        }
        for (String f : lib.functions.keySet()) {
          FunctionInfo existing = functions.get(fold(f));
          if (existing != null
              && (policy == RestorePolicy.APPEND || !existing.library().name.equals(lib.name))) {
            throw new ScriptError("ERR Function " + f + " already exists");
          }
        }
      }
      for (Library lib : incoming.values()) {
        Library old = libraries.get(lib.name);
        if (old != null) {
          remove(old);
        }
      }
    }
    for (Library lib : incoming.values()) {
      install(lib);
    }
    onChange.run();
  }

  /**
   * Replaces every library by those of a loaded dataset (RDB load, full sync); a library that does
   * not compile is left out and reported to {@code onError}.
   */
  void replaceAll(List<String> codes, java.util.function.Consumer<String> onError) {
    libraries.clear();
    functions.clear();
    for (String code : codes) {
      try {
        Library lib = compile(code);
        if (libraries.containsKey(lib.name)) {
          onError.accept("Library '" + lib.name + "' appears twice");
          continue;
        }
        install(lib);
      } catch (ScriptError e) {
        onError.accept(e.replyText());
      }
    }
    onChange.run();
  }
}
