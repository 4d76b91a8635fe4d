package io.replicheck.server.script;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;

/**
 * EVAL's script cache (redis's lctx.lua_scripts): scripts by the SHA1 of their body, compiled once,
 * with the flags of their shebang. Not replicated and not persisted, as in redis 7.0.
 */
public final class ScriptCache {
  /**
   * A cached script: its body, whether it had a shebang (no shebang = eval compatibility mode), its
   * flags, and the compiled chunk.
   */
  public record Script(
      String sha, byte[] body, boolean shebang, Set<ScriptFlag> flags, LuaFunction function) {}

  private final LuaEngine engine;
  private final Map<String, Script> scripts = new LinkedHashMap<>();
  private long bodyBytes;

  ScriptCache(LuaEngine engine) {
    this.engine = engine;
  }

  /** The script of this SHA1 (any case), or null. */
  public Script get(String sha) {
    return sha.length() == 40 ? scripts.get(sha.toLowerCase(java.util.Locale.ROOT)) : null;
  }

  /**
   * Compiles and caches a body (EVAL, SCRIPT LOAD); a cached one is returned as it is.
   *
   * @throws ScriptError a bad shebang or a compile error, with redis's text
   */
  public Script load(byte[] body) throws ScriptError {
    String sha = LuaEngine.sha1hex(body);
    Script s = scripts.get(sha);
    if (s != null) {
      return s;
    }
    Set<ScriptFlag> flags = ScriptFlag.none();
    int shebangLen = shebangFlags(body, flags);
    byte[] code = body;
    if (shebangLen > 0) {
      // Skip the shebang but keep its line feed, so that line numbers stay the user's.
      code = new byte[body.length - shebangLen];
      System.arraycopy(body, shebangLen, code, 0, code.length);
    }
    LuaFunction f;
    try {
      f = engine.compileScript(code);
    } catch (LuaError e) {
      throw new ScriptError(
          "ERR Error compiling script (new function): " + LuaEngine.compileMessage(e));
    }
    s = new Script(sha, body, shebangLen > 0, Set.copyOf(flags), f);
    scripts.put(sha, s);
    bodyBytes += body.length;
    return s;
  }

  /**
   * Reads {@code #!lua flags=a,b} (evalExtractShebangFlags) into {@code flags}; returns the
   * shebang's length up to its line feed, 0 when there is none.
   */
  static int shebangFlags(byte[] body, Set<ScriptFlag> flags) throws ScriptError {
    if (body.length < 2 || body[0] != '#' || body[1] != '!') {
      return 0;
    }
    int end = -1;
    for (int i = 0; i < body.length; i++) {
      if (body[i] == '\n') {
        end = i;
        break;
      }
    }
    if (end < 0) {
      throw new ScriptError("ERR Invalid script shebang");
    }
    String line = new String(body, 0, end, StandardCharsets.UTF_8);
    String[] parts = line.trim().split("[ \t\r]+");
    if (parts.length == 0 || parts[0].isEmpty()) {
      throw new ScriptError("ERR Invalid engine in script shebang");
    }
    if (!parts[0].equals("#!lua")) {
      throw new ScriptError("ERR Unexpected engine in script shebang: " + parts[0]);
    }
    for (int j = 1; j < parts.length; j++) {
      if (parts[j].startsWith("flags=")) {
        String list = parts[j].substring(6);
        for (String name : list.isEmpty() ? new String[0] : list.split(",", -1)) {
          ScriptFlag f = ScriptFlag.of(name);
          if (f == null) {
            throw new ScriptError("ERR Unexpected flag in script shebang: " + name);
          }
          flags.add(f);
        }
      } else {
        throw new ScriptError("ERR Unknown lua shebang option: " + parts[j]);
      }
    }
    return end;
  }

  /** SCRIPT FLUSH. */
  public void flush() {
    scripts.clear();
    bodyBytes = 0;
  }

  public int size() {
    return scripts.size();
  }

  /** Bytes of cached bodies (INFO memory's used_memory_scripts_eval, roughly). */
  public long bodyBytes() {
    return bodyBytes;
  }
}
