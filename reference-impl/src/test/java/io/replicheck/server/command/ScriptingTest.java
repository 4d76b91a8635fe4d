package io.replicheck.server.command;

import static io.replicheck.server.command.TestCore.err;
import static io.replicheck.server.command.TestCore.ok;
import static io.replicheck.server.command.TestCore.simple;
import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.server.resp.ReplyRecorder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** EVAL and friends on a core without sockets: conversions, the sandbox, effects replication. */
class ScriptingTest {
  final TestCore t = new TestCore();
  final TestCore.Conn c = t.connect();

  Object eval(String body, String... keysThenArgs) {
    String[] argv = new String[keysThenArgs.length + 2];
    argv[0] = "EVAL";
    argv[1] = body;
    System.arraycopy(keysThenArgs, 0, argv, 2, keysThenArgs.length);
    return c.call(argv);
  }

  @Test
  void aScriptThatNeverEndsIsStoppedAtBusyReplyThresholdAndTheServerGoesOn() {
    assertThat(c.call("CONFIG", "SET", "busy-reply-threshold", "200")).hasToString("OK");
    assertThat(c.call("CONFIG", "GET", "lua-time-limit"))
        .isEqualTo(List.of("lua-time-limit", "200"));
    Object r = eval("redis.call('set','before','1') while true do end", "0");
    assertThat(r).isInstanceOf(ReplyRecorder.Err.class);
    assertThat(r.toString()).contains("busy-reply-threshold (200 ms)").contains("user_script:1");
    // a pcall catches one stop, not the next: every instruction past the deadline raises it
    Object caught = eval("while true do pcall(function() while true do end end) end", "0");
    assertThat(caught.toString()).contains("busy-reply-threshold");
    // writes made before the stop stay, as after any script error in redis 7.0
    assertThat(c.call("GET", "before")).isEqualTo("1");
    assertThat(eval("return 1", "0")).isEqualTo(1L);
  }

  @Test
  void luaToRespConversionAsRedis70() {
    assertThat(eval("return 1", "0")).isEqualTo(1L);
    assertThat(eval("return 3.99", "0")).isEqualTo(3L);
    assertThat(eval("return -3.5", "0")).isEqualTo(-3L);
    assertThat(eval("return 1e20", "0")).isEqualTo(Long.MIN_VALUE);
    assertThat(eval("return 'x'", "0")).isEqualTo("x");
    assertThat(eval("return true", "0")).isEqualTo(1L);
    assertThat(eval("return false", "0")).isNull();
    assertThat(eval("return nil", "0")).isNull();
    assertThat(eval("return {1,2,nil,4}", "0")).isEqualTo(List.of(1L, 2L));
    assertThat(eval("return {1,false,true,{2,3},{ok='k'},{err='e'}}", "0"))
        .isEqualTo(
            Arrays.asList(1L, null, 1L, List.of(2L, 3L), simple("k"), new ReplyRecorder.Err("e")));
    assertThat(eval("return {err='x y'}", "0")).isEqualTo(err("x y"));
    assertThat(eval("return redis.error_reply('My')", "0")).isEqualTo(err("ERR My"));
    assertThat(eval("return redis.error_reply('-My thing')", "0")).isEqualTo(err("My thing"));
    assertThat(eval("return redis.status_reply('FINE')", "0")).isEqualTo(simple("FINE"));
    assertThat(eval("return #KEYS + #ARGV", "2", "a", "b", "c")).isEqualTo(3L);
    assertThat(eval("return {KEYS[1], ARGV[1]}", "1", "k", "v")).isEqualTo(List.of("k", "v"));
  }

  @Test
  void resp3CallersGetWhatTheScriptsProtocolSays() {
    c.call("HELLO", "3");
    assertThat(eval("return true", "0")).isEqualTo(1L);
    assertThat(eval("return false", "0")).isNull();
    assertThat(eval("redis.setresp(3) return true", "0")).isEqualTo(true);
    assertThat(eval("redis.setresp(3) return false", "0")).isEqualTo(false);
    assertThat(eval("return {double=1.5}", "0")).isEqualTo(1.5);
    assertThat(eval("redis.setresp(3) return {map={a=1}}", "0")).isEqualTo(Map.of("a", 1L));
    assertThat(eval("redis.setresp(3) return redis.call('hgetall','nohash')", "0"))
        .isEqualTo(Map.of());
  }

  @Test
  void respToLuaConversionAsRedis70() {
    c.call("SET", "s", "foo");
    assertThat(eval("return type(redis.call('get','nokey'))", "0")).isEqualTo("boolean");
    assertThat(eval("return redis.call('incr','n')", "0")).isEqualTo(1L);
    assertThat(eval("return redis.call('set','k',3.0)", "0")).isEqualTo(ok());
    assertThat(eval("return redis.call('get','k')", "0")).isEqualTo("3");
    assertThat(eval("redis.call('set','k',0.1) return redis.call('get','k')", "0"))
        .isEqualTo("0.10000000000000001");
    assertThat(eval("return redis.pcall('incr','s')", "0"))
        .isEqualTo(err("ERR value is not an integer or out of range"));
    assertThat(eval("return redis.pcall('incr','s')['err']", "0"))
        .isEqualTo("ERR value is not an integer or out of range");
    assertThat(eval("return redis.call('ping')['ok']", "0")).isEqualTo("PONG");
    assertThat(eval("redis.setresp(3) return redis.call('get','nokey') == nil", "0")).isEqualTo(1L);
    c.call("HSET", "h", "f", "v");
    assertThat(eval("redis.setresp(3) return redis.call('hgetall','h')['map']['f']", "0"))
        .isEqualTo("v");
  }

  @Test
  void errorsCarryTheScriptAndLine() {
    c.call("SET", "s", "foo");
    String sha = (String) c.call("SCRIPT", "LOAD", "return redis.call('incr','s')");
    assertThat(c.call("EVALSHA", sha, "0"))
        .isEqualTo(
            err(
                "ERR value is not an integer or out of range script: "
                    + sha
                    + ", on @user_script:1."));
    assertThat(eval("return redis.call('nosuch')", "0").toString())
        .startsWith("-ERR Unknown Redis command called from script script: ");
    assertThat(eval("return redis.call('get')", "0").toString())
        .startsWith("-ERR Wrong number of args calling Redis command from script script: ");
    assertThat(eval("return redis.call('multi')", "0").toString())
        .startsWith("-ERR This Redis command is not allowed from script script: ");
    assertThat(eval("\nerror('boom')", "0").toString())
        .startsWith("-ERR user_script:2: boom script: ")
        .endsWith(", on @user_script:2.");
    assertThat(eval("error({err='E1 custom'})", "0").toString()).startsWith("-E1 custom script: ");
    assertThat(eval("return 1+", "0").toString())
        .startsWith("-ERR Error compiling script (new function): user_script:1: ");
    assertThat(c.call("EVALSHA", "ffffffffffffffffffffffffffffffffffffffff", "0"))
        .isEqualTo(err("NOSCRIPT No matching script. Please use EVAL."));
    assertThat(eval("return 1", "-1")).isEqualTo(err("ERR Number of keys can't be negative"));
    assertThat(eval("return 1", "2", "a"))
        .isEqualTo(err("ERR Number of keys can't be greater than number of args"));
  }

  @Test
  void sandboxProtectsGlobalsAndHidesOsAndIo() {
    assertThat(eval("return x", "0").toString())
        .startsWith(
            "-ERR user_script:1: Script attempted to access nonexistent global variable 'x'");
    assertThat(eval("x = 1", "0").toString())
        .startsWith("-ERR user_script:1: Attempt to modify a readonly table");
    assertThat(eval("redis.call = nil", "0").toString())
        .startsWith("-ERR user_script:1: Attempt to modify a readonly table");
    assertThat(eval("rawset(_G, 'x', 1)", "0").toString())
        .contains("Attempt to modify a readonly table");
    assertThat(eval("getmetatable(_G).__index.x = 1", "0").toString())
        .contains("Attempt to modify a readonly table");
    assertThat(eval("table.insert(redis, 1)", "0").toString())
        .contains("Attempt to modify a readonly table");
    assertThat(eval("return redis.call('ping')['ok'] .. string.rep('x', 2)", "0"))
        .isEqualTo("PONGxx");
    assertThat(eval("return os.clock()", "0").toString())
        .contains("nonexistent global variable 'os'");
    assertThat(eval("return io", "0").toString()).contains("nonexistent global variable 'io'");
    assertThat(eval("return print", "0").toString())
        .contains("nonexistent global variable 'print'");
    assertThat(eval("return type(loadstring)..type(unpack)", "0")).isEqualTo("functionfunction");
    assertThat(eval("return redis.REDIS_VERSION", "0")).isEqualTo("7.0.15");
    assertThat(eval("return redis.sha1hex('')", "0"))
        .isEqualTo("da39a3ee5e6b4b0d3255bfef95601890afd80709");
    assertThat(eval("return cjson.encode({a=1})", "0")).isEqualTo("{\"a\":1}");
    assertThat(eval("return cjson.encode({1,2,'x/y'})", "0")).isEqualTo("[1,2,\"x\\/y\"]");
    assertThat(eval("return cjson.decode('[1,2,\"x\",null]')", "0"))
        .isEqualTo(Arrays.asList(1L, 2L, "x", null));
    assertThat(eval("return {cmsgpack.unpack(cmsgpack.pack(7, 'x', -300))}", "0"))
        .isEqualTo(List.of(7L, "x", -300L));
    assertThat(eval("return cmsgpack.pack({1,2},{a=1})", "0"))
        .isEqualTo(new String(new byte[] {(byte) 0x92, 1, 2, (byte) 0x81, (byte) 0xa1, 'a', 1}));
    assertThat(eval("return tostring(1/3) .. ' ' .. tostring(2^53)", "0"))
        .isEqualTo("0.33333333333333 9.007199254741e+15");
    assertThat(eval("return bit.band(0xff, 0x0f)", "0")).isEqualTo(15L);
    assertThat(eval("return bit.tohex(255)", "0")).isEqualTo("000000ff");
    assertThat(eval("return redis.setresp(4)", "0").toString())
        .startsWith("-ERR RESP version must be 2 or 3.");
    assertThat(eval("return redis.log(redis.LOG_WARNING, 'hi')", "0")).isNull();
    assertThat(eval("return redis.breakpoint()", "0")).isNull();
  }

  @Test
  void writesAreReplicatedAsEffectsInsideMultiExec() {
    eval(
        "redis.call('set', KEYS[1], ARGV[1]) redis.call('incr', KEYS[2]) return 1",
        "2",
        "a",
        "b",
        "x");
    assertThat(t.propagated).containsExactly("0: MULTI", "0: set a x", "0: incr b", "0: EXEC");
  }

  @Test
  void scriptsInsideMultiExecJoinTheTransactionsOneMultiExec() {
    c.call("MULTI");
    c.call("SET", "x", "0");
    c.call("EVAL", "redis.call('incr','x') redis.call('incr','y') return 1", "0");
    assertThat(c.call("EXEC")).isEqualTo(List.of(ok(), 1L));
    assertThat(t.propagated)
        .containsExactly("0: MULTI", "0: SET x 0", "0: incr x", "0: incr y", "0: EXEC");
  }

  @Test
  void scriptWritesServeBlockedClientsAfterTheScript() {
    TestCore.Conn blocked = t.connect();
    blocked.send("BLPOP", "q", "0");
    assertThat(blocked.next()).isEqualTo(ReplyRecorder.NONE);
    eval("redis.call('rpush','q','a') redis.call('rpush','q','b') return 1", "0");
    assertThat(blocked.next()).isEqualTo(List.of("q", "a"));
    assertThat(c.call("LRANGE", "q", "0", "-1")).isEqualTo(List.of("b"));
  }

  @Test
  void aSingleWriteIsReplicatedAloneAndReadsNotAtAll() {
    eval("redis.call('get','a') redis.call('set','a','1') return 1", "0");
    eval("return redis.call('get','a')", "0");
    assertThat(t.propagated).containsExactly("0: set a 1");
  }

  @Test
  void nondeterministicCommandsArePropagatedAsWhatTheyDid() {
    c.call("SADD", "s", "a", "b", "c");
    t.propagated.clear();
    eval("local m = redis.call('spop', 's') redis.call('set', 'got', m) return m", "0");
    assertThat(t.propagated).hasSize(4);
    assertThat(t.propagated.get(1)).startsWith("0: SREM s ");
    assertThat(t.propagated.get(2)).startsWith("0: set got ");
  }

  @Test
  void selectInsideAScriptReplicatesEachWriteWithItsDb() {
    eval("redis.call('set','a','1') redis.call('select','3') redis.call('set','b','2')", "0");
    assertThat(t.propagated).containsExactly("0: MULTI", "0: set a 1", "3: set b 2", "3: EXEC");
    assertThat(c.call("GET", "a")).isEqualTo("1");
  }

  @Test
  void setReplNoneKeepsWritesOffTheStream() {
    eval(
        "redis.set_repl(redis.REPL_NONE) redis.call('set','a','1')"
            + " redis.set_repl(redis.REPL_ALL) redis.call('set','b','2')",
        "0");
    assertThat(t.propagated).containsExactly("0: set b 2");
  }

  @Test
  void readOnlyScriptsRejectWrites() {
    assertThat(c.call("EVAL_RO", "return redis.call('set','a','b')", "0").toString())
        .startsWith("-ERR Write commands are not allowed from read-only scripts. script: ");
    assertThat(eval("#!lua flags=no-writes\nreturn redis.call('set','a','b')", "0").toString())
        .startsWith("-ERR Write commands are not allowed from read-only scripts.")
        .endsWith("on @user_script:2.");
    assertThat(c.call("EVAL_RO", "#!lua\nreturn 1", "0"))
        .isEqualTo(err("ERR Can not execute a script with write flag using *_ro command."));
    assertThat(eval("#!lua flags=bogus\nreturn 1", "0"))
        .isEqualTo(err("ERR Unexpected flag in script shebang: bogus"));
    assertThat(eval("#!lua name=x\nreturn 1", "0"))
        .isEqualTo(err("ERR Unknown lua shebang option: name=x"));
    assertThat(t.propagated).isEmpty();
  }

  @Test
  void scriptCacheCommands() {
    String sha = (String) c.call("SCRIPT", "LOAD", "return 1");
    assertThat(sha).isEqualTo("e0e1f9fabfc9d4800c877a703b823ac0578ff8db");
    assertThat(c.call("SCRIPT", "EXISTS", sha, "ab")).isEqualTo(List.of(1L, 0L));
    assertThat(c.call("EVALSHA", sha.toUpperCase(), "0")).isEqualTo(1L);
    assertThat((String) c.call("INFO", "memory")).contains("number_of_cached_scripts:1\r\n");
    assertThat(c.call("SCRIPT", "FLUSH", "bogus"))
        .isEqualTo(err("ERR SCRIPT FLUSH only support SYNC|ASYNC option"));
    assertThat(c.call("SCRIPT", "FLUSH", "ASYNC")).isEqualTo(ok());
    assertThat(c.call("SCRIPT", "EXISTS", sha)).isEqualTo(List.of(0L));
    assertThat(c.call("SCRIPT", "KILL"))
        .isEqualTo(err("NOTBUSY No scripts in execution right now."));
    assertThat(c.call("SCRIPT", "foo"))
        .isEqualTo(err("ERR unknown subcommand 'foo'. Try SCRIPT HELP."));
    assertThat(t.propagated).isEmpty();
  }

  @Test
  void scriptWritesInvalidateWatch() {
    TestCore.Conn other = t.connect();
    other.call("WATCH", "a");
    other.call("MULTI");
    other.call("SET", "x", "1");
    eval("return redis.call('set','a','1')", "0");
    assertThat(other.call("EXEC")).isNull();
  }

  @Test
  void functionsLoadCallListAndReplicateVerbatim() {
    String lib =
        "#!lua name=mylib\n"
            + "redis.register_function('myfunc', function(keys, args)"
            + " return redis.call('set', keys[1], args[1]) end)\n"
            + "redis.register_function{function_name='ro', callback=function(keys, args)"
            + " return redis.call('get', keys[1]) end, flags={'no-writes'}, description='reads'}";
    assertThat(c.call("FUNCTION", "LOAD", lib)).isEqualTo("mylib");
    assertThat(c.call("FUNCTION", "LOAD", lib))
        .isEqualTo(err("ERR Library 'mylib' already exists"));
    assertThat(c.call("FCALL", "myfunc", "1", "fk", "fv")).isEqualTo(ok());
    assertThat(c.call("FCALL", "ro", "1", "fk")).isEqualTo("fv");
    assertThat(c.call("FCALL_RO", "myfunc", "1", "fk", "v2"))
        .isEqualTo(err("ERR Can not execute a script with write flag using *_ro command."));
    assertThat(c.call("FCALL", "nosuch", "0")).isEqualTo(err("ERR Function not found"));
    assertThat(c.call("FCALL", "ro", "x")).isEqualTo(err("ERR Bad number of keys provided"));
    assertThat(t.propagated).containsExactly("0: FUNCTION LOAD " + lib, "0: set fk fv");
    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) c.call("FUNCTION", "LIST");
    assertThat(list).hasSize(1);
    assertThat(list.get(0).toString()).contains("library_name, mylib", "name, ro", "no-writes");
    assertThat(c.call("FUNCTION", "STATS"))
        .isEqualTo(
            Arrays.asList(
                "running_script",
                null,
                "engines",
                List.of("LUA", List.of("libraries_count", 1L, "functions_count", 2L))));
    assertThat((String) c.call("INFO", "memory"))
        .contains("number_of_functions:2\r\n", "number_of_libraries:1\r\n");
    assertThat(t.core.keyspace().functionLibraries()).containsExactly(lib);
    t.propagated.clear();
    assertThat(c.call("FUNCTION", "FLUSH")).isEqualTo(ok());
    assertThat(t.propagated).containsExactly("0: FUNCTION FLUSH");
    assertThat(t.core.keyspace().functionLibraries()).isEmpty();
    assertThat(c.call("FUNCTION", "LIST")).isEqualTo(List.of());
  }

  @Test
  void functionLoadErrors() {
    assertThat(c.call("FUNCTION", "LOAD", "redis.register_function('x', function() end)"))
        .isEqualTo(err("ERR Missing library metadata"));
    assertThat(c.call("FUNCTION", "LOAD", "#!lua name=bad\nreturn 1"))
        .isEqualTo(err("ERR No functions registered"));
    assertThat(c.call("FUNCTION", "LOAD", "#!lua name=bad\nredis.call('ping')"))
        .isEqualTo(
            err(
                "ERR Error registering functions: ERR user_function:2: Script attempted to access"
                    + " nonexistent global variable 'call'"));
    assertThat(
            c.call(
                "FUNCTION",
                "LOAD",
                "#!lua name=bad x=y\nredis.register_function('f2', function() return 1 end)"))
        .isEqualTo(err("ERR Invalid metadata value given: x=y"));
    assertThat(
            c.call(
                "FUNCTION",
                "LOAD",
                "#!js name=bad\nredis.register_function('f2', function() return 1 end)"))
        .isEqualTo(err("ERR Engine 'js' not found"));
    assertThat(
            c.call(
                "FUNCTION",
                "LOAD",
                "#!lua name=b2\nredis.register_function{function_name='f3', callback=function()"
                    + " return 1 end, flags={'bogus'}}"))
        .isEqualTo(err("ERR Error registering functions: ERR unknown flag given"));
    assertThat(c.call("FUNCTION", "DELETE", "nosuch")).isEqualTo(err("ERR Library not found"));
    assertThat(c.call("FUNCTION", "RESTORE", "garbage"))
        .isEqualTo(err("ERR DUMP payload version or checksum are wrong"));
    assertThat(c.call("FUNCTION", "KILL"))
        .isEqualTo(err("NOTBUSY No scripts in execution right now."));
    assertThat(t.propagated).isEmpty();
  }

  @Test
  void functionGlobalsAreReadOnlyAtCallTime() {
    c.call(
        "FUNCTION",
        "LOAD",
        "#!lua name=g\nredis.register_function('g1', function() x = 5 return 1 end)");
    assertThat(c.call("FCALL", "g1", "0"))
        .isEqualTo(
            err(
                "ERR user_function:2: Attempt to modify a readonly table script: g1, on"
                    + " @user_function:2."));
  }

  @Test
  void functionDumpAndRestore() {
    String lib = "#!lua name=l1\nredis.register_function('f1', function() return 1 end)";
    c.call("FUNCTION", "LOAD", lib);
    byte[] payload = t.core.keyspace().functionLibraries().isEmpty() ? null : dump();
    assertThat(c.call("FUNCTION", "FLUSH")).isEqualTo(ok());
    t.propagated.clear();
    assertThat(restore(payload, null)).isEqualTo(ok());
    assertThat(c.call("FCALL", "f1", "0")).isEqualTo(1L);
    assertThat(restore(payload, null)).isEqualTo(err("ERR Library l1 already exists"));
    assertThat(restore(payload, "REPLACE")).isEqualTo(ok());
    assertThat(restore(payload, "FLUSH")).isEqualTo(ok());
    assertThat(restore(payload, "BAD"))
        .isEqualTo(
            err(
                "ERR Wrong restore policy given, value should be either FLUSH, APPEND or"
                    + " REPLACE."));
    assertThat(t.propagated).hasSize(3);
    assertThat(Map.of()).isEmpty();
  }

  @Test
  void injectedBugPropagatesTheScriptItself() {
    t.core.propagation().setScriptsVerbatim(() -> true);
    eval("redis.call('set','a','1') redis.call('set','b','2') return 1", "0");
    c.call(
        "FUNCTION",
        "LOAD",
        "#!lua name=l\nredis.register_function('w', function(k) return redis.call('set', k[1], 'x')"
            + " end)");
    t.propagated.clear();
    c.call("FCALL", "w", "1", "k");
    assertThat(t.propagated).containsExactly("0: FCALL w 1 k");
    t.core.propagation().setScriptsVerbatim(() -> false);
    t.propagated.clear();
    c.call("FCALL", "w", "1", "k");
    assertThat(t.propagated).containsExactly("0: set k x");
  }

  private byte[] dump() {
    return io.replicheck.rdb.RdbDump.serializeFunctions(
        t.core.keyspace().functionLibraries(), io.replicheck.rdb.RdbWriteOptions.defaults());
  }

  private Object restore(byte[] payload, String policy) {
    byte[][] argv =
        policy == null
            ? new byte[][] {b("FUNCTION"), b("RESTORE"), payload}
            : new byte[][] {b("FUNCTION"), b("RESTORE"), payload, b(policy)};
    t.core.process(c.client, argv);
    return c.next();
  }

  private static byte[] b(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** What the differential fuzzer found against redis-server 7.0.15 (scripts, functions). */
  @Test
  void scriptsAndFunctionsAsTheDifferentialFuzzerFoundRedisDoes() {
    String lib =
        "#!lua name=lib1\nredis.register_function('f1', function(keys, args) return 7 end)";
    assertThat(c.call("FUNCTION", "LOAD", lib)).isEqualTo("lib1");
    // function names are looked up without regard to case (functionDictType)
    assertThat(c.call("FCALL", "F1", "0")).isEqualTo(7L);
    String clash = "#!lua name=lib2\nredis.register_function('F1', function() return 1 end)";
    assertThat(c.call("FUNCTION", "LOAD", clash)).isEqualTo(err("ERR Function F1 already exists"));
    // an existing library is refused before its new code is compiled
    assertThat(c.call("FUNCTION", "LOAD", "#!lua name=lib1\nsyntax error here ("))
        .isEqualTo(err("ERR Library 'lib1' already exists"));
    // every argument before the code is an option; the code ends the arguments
    assertThat(c.call("FUNCTION", "LOAD", "REPLACE", lib, "extra").toString())
        .startsWith("-ERR Unknown option given: #!lua name=lib1")
        .doesNotContain("extra");
    assertThat(c.call("FUNCTION", "LOAD", "REPLACE", "REPLACE", lib)).isEqualTo("lib1");
    // a subcommand's syntax error names it as the client spelled it
    assertThat(c.call("FUNCTION", "RESTORE", "x", "FLUSH", "more"))
        .isEqualTo(
            err(
                "ERR unknown subcommand or wrong number of arguments for 'RESTORE'. Try FUNCTION"
                    + " HELP."));
    assertThat(c.call("SCRIPT", "FLUSH", "SYNC", "more"))
        .isEqualTo(err("ERR SCRIPT FLUSH only support SYNC|ASYNC option"));
    // EVALSHA: a SHA of the wrong length is NOSCRIPT before numkeys is read
    assertThat(c.call("EVALSHA", "abc", "-1"))
        .isEqualTo(err("NOSCRIPT No matching script. Please use EVAL."));
    // sha1hex reads a number as Lua 5.1 prints it: 1e+20
    assertThat(eval("return redis.sha1hex(1e20)", "0"))
        .isEqualTo(eval("return redis.sha1hex('1e+20')", "0"));
    // may-replicate commands count as writes in a read-only script (PUBLISH, PFCOUNT)
    assertThat(c.call("EVAL_RO", "return redis.call('PUBLISH', 'ch', 'm')", "0").toString())
        .startsWith("-ERR Write commands are not allowed from read-only scripts.");
    assertThat(c.call("EVAL_RO", "return redis.call('PFCOUNT', 'h')", "0").toString())
        .startsWith("-ERR Write commands are not allowed from read-only scripts.");
    assertThat(eval("return redis.call('PUBLISH', 'ch', 'm')", "0")).isEqualTo(0L);
  }
}
