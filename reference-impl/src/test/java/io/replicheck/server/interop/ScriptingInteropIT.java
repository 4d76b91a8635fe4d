package io.replicheck.server.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.server.ReferenceServer;
import io.replicheck.server.TestServers;
import io.replicheck.testkit.RedisServerProcess;
import io.replicheck.testkit.RespClient;
import io.replicheck.testkit.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scripting and functions against redis-server 7.0: the same scripts give the same replies (error
 * texts, conversions, sandbox), and function libraries cross in RDB files and FUNCTION DUMP
 * payloads both ways.
 */
@Tag("interop") // needs redis-server and redis-tools
class ScriptingInteropIT {
  @TempDir Path tmp;

  static final String LIB =
      "#!lua name=mylib\n"
          + "redis.register_function('myfunc', function(keys, args)"
          + " return redis.call('set', keys[1], args[1]) end)";

  /** Commands whose replies must be identical, RESP types included. */
  static final List<List<String>> COMMANDS =
      List.of(
          List.of("FUNCTION", "FLUSH"),
          List.of("SET", "s", "foo"),
          List.of("EVAL", "return 1", "0"),
          List.of("EVAL", "return 3.99", "0"),
          List.of("EVAL", "return -3.5", "0"),
          List.of("EVAL", "return 1e20", "0"),
          List.of("EVAL", "return {1,2,3.7,'x',nil,4}", "0"),
          List.of("EVAL", "return {1,false,true,{2,3},{ok='k'},{err='e'}}", "0"),
          List.of("EVAL", "local t = {} t[1]='a' t[3]='c' return t", "0"),
          List.of("EVAL", "return redis.error_reply('My')", "0"),
          List.of("EVAL", "return redis.error_reply('-My thing')", "0"),
          List.of("EVAL", "return {err='x y'}", "0"),
          List.of("EVAL", "return {err='-x y'}", "0"),
          List.of("EVAL", "return redis.status_reply('FINE')", "0"),
          List.of("EVAL", "return true", "0"),
          List.of("EVAL", "return false", "0"),
          List.of("EVAL", "return nil", "0"),
          List.of("EVAL", "return 'a\\0b'", "0"),
          List.of("EVAL", "return #KEYS + #ARGV", "2", "a", "b", "c"),
          List.of("EVAL", "return {KEYS[1], ARGV[1]}", "1", "k", "v"),
          List.of("EVAL", "return redis.call('incr','s')", "0"),
          List.of("EVAL", "return redis.pcall('incr','s')", "0"),
          List.of("EVAL", "local r=redis.pcall('incr','s') return r['err']", "0"),
          List.of("EVAL", "return redis.call('nosuch')", "0"),
          List.of("EVAL", "return redis.call()", "0"),
          List.of("EVAL", "return redis.call('get')", "0"),
          List.of("EVAL", "return redis.call('get', {})", "0"),
          List.of("EVAL", "return redis.call('set','k', 3.0)", "0"),
          List.of("EVAL", "return redis.call('get','k')", "0"),
          List.of("EVAL", "redis.call('set','k', 0.1) return redis.call('get','k')", "0"),
          List.of("EVAL", "return redis.call('get','nokey')", "0"),
          List.of("EVAL", "return type(redis.call('get','nokey'))", "0"),
          List.of("EVAL", "redis.setresp(3) return redis.call('get','nokey') == nil", "0"),
          List.of("EVAL", "return redis.call('ping')", "0"),
          List.of("EVAL", "return redis.call('multi')", "0"),
          List.of("EVAL", "return redis.call('eval','return 1','0')", "0"),
          List.of("EVAL", "return x", "0"),
          List.of("EVAL", "x = 1", "0"),
          List.of("EVAL", "redis.call = nil", "0"),
          List.of("EVAL", "string.rep = nil", "0"),
          List.of("EVAL", "cjson.encode = nil", "0"),
          List.of("EVAL", "return redis.call('ping')['ok'] .. string.rep('x', 2)", "0"),
          List.of("EVAL", "return tostring(pairs(redis) ~= nil)", "0"),
          List.of("EVAL", "return os.clock()", "0"),
          List.of("EVAL", "return print", "0"),
          List.of("EVAL", "error('boom')", "0"),
          List.of("EVAL", "error({err='E1 custom'})", "0"),
          List.of("EVAL", "\n\nreturn redis.call('incr','s')", "0"),
          List.of("EVAL", "return redis.sha1hex('')", "0"),
          List.of("EVAL", "return redis.REDIS_VERSION", "0"),
          List.of("EVAL", "return redis.setresp(4)", "0"),
          List.of("EVAL", "return redis.set_repl(9)", "0"),
          List.of("EVAL", "return redis.log(redis.LOG_WARNING,'from a test')", "0"),
          List.of("EVAL", "return redis.log(99,'hi')", "0"),
          List.of("EVAL", "return redis.breakpoint()", "0"),
          List.of("EVAL", "return cjson.encode({1,2,'x/y',{true,false}})", "0"),
          List.of("EVAL", "return cjson.encode({a=1})", "0"),
          List.of("EVAL", "return cjson.decode('[1,2,\"x\",null]')", "0"),
          List.of("EVAL", "return cjson.decode('{\"a\":[1,{\"b\":2}]}')['a'][2]['b']", "0"),
          List.of("EVAL", "return bit.band(0xff, 0x0f)", "0"),
          List.of("EVAL", "return {bit.tohex(255), bit.tohex(-1, -4), bit.bnot(0)}", "0"),
          List.of(
              "EVAL", "return {bit.lshift(1, 31), bit.rshift(-1, 28), bit.arshift(-16, 2)}", "0"),
          List.of(
              "EVAL",
              "return cmsgpack.pack(1, -1, 200, -200, 70000, -70000, 5000000000, 1.5, 0.1, 'abc',"
                  + " true, false, {1,2,3}, {a=1}, {}, string.rep('x', 40))",
              "0"),
          List.of(
              "EVAL",
              "local a, b, c, d = cmsgpack.unpack(cmsgpack.pack(7, 'x', {1, {2}}, -3.25))"
                  + " return {a, b, c[2][1], tostring(d)}",
              "0"),
          List.of("EVAL", "return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3))}", "0"),
          List.of("EVAL", "return {cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 2, 1)}", "0"),
          List.of("EVAL", "return cmsgpack.unpack('\\193')", "0"),
          List.of(
              "EVAL",
              "return {tostring(1/3), tostring(1e100), tostring(-0.5), tostring(2^53),"
                  + " tostring(3), tostring(-7.0), tostring(math.huge), tostring(1e-5)}",
              "0"),
          List.of(
              "EVAL",
              "return struct.pack('>I2<i4bBhHlLdfc3s!4xi', 258, -2, -1, 255, -300, 65535, -5, 7,"
                  + " 1.5, 0.25, 'abcdef', 'zt', 9)",
              "0"),
          List.of(
              "EVAL",
              "local s = struct.pack('>i4c0Hs', 5, 'hello', 513, 'x')"
                  + " local a, b, c, d, e = struct.unpack('>i4c0Hs', s)"
                  + " return {a, b, c, d, e, struct.size('>i4!8dbx'), #s}",
              "0"),
          List.of("EVAL", "return struct.unpack('>I4', 'ab')", "0"),
          List.of("EVAL", "return struct.pack('q', 1)", "0"),
          List.of(
              "EVAL", "return {struct.unpack('<h', '\\255\\255'), struct.unpack('B', 'A')}", "0"),
          List.of("EVAL", "return type(loadstring)..type(unpack)", "0"),
          List.of("EVAL", "return tonumber('0x10')", "0"),
          List.of("EVAL", "return string.format('%d %s', 3, 'x')", "0"),
          List.of("EVAL", "return 1", "-1"),
          List.of("EVAL", "return 1", "2", "a"),
          List.of("EVAL", "return 1", "x"),
          List.of("EVAL", "#!lua flags=no-writes\nreturn redis.call('set','a','b')", "0"),
          List.of("EVAL", "#!lua\nreturn redis.call('set','a','b')", "0"),
          List.of("EVAL", "#!lua flags=bogus\nreturn 1", "0"),
          List.of("EVAL", "#!lua name=x\nreturn 1", "0"),
          List.of("EVAL_RO", "return redis.call('set','a','b')", "0"),
          List.of("EVAL_RO", "return redis.call('get','a')", "0"),
          List.of("EVAL_RO", "#!lua\nreturn 1", "0"),
          List.of("EVALSHA", "ffffffffffffffffffffffffffffffffffffffff", "0"),
          List.of("SCRIPT", "LOAD", "return 1"),
          List.of("SCRIPT", "EXISTS", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "ab"),
          List.of("EVALSHA", "E0E1F9FABFC9D4800C877A703B823AC0578FF8DB", "0"),
          List.of("SCRIPT", "FLUSH", "bogus"),
          List.of("SCRIPT", "FLUSH", "SYNC"),
          List.of("SCRIPT", "EXISTS", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db"),
          List.of("SCRIPT", "KILL"),
          List.of("SCRIPT", "foo"),
          List.of("SCRIPT", "LOAD"),
          List.of("SCRIPT", "HELP"),
          List.of("FUNCTION", "LOAD", LIB),
          List.of("FUNCTION", "LOAD", LIB),
          List.of("FUNCTION", "LOAD", "REPLACE", LIB),
          List.of("FUNCTION", "LOAD", "redis.register_function('x', function() return 1 end)"),
          List.of("FUNCTION", "LOAD", "#!lua name=bad\nreturn 1"),
          List.of("FUNCTION", "LOAD", "#!lua name=bad\nredis.call('ping')"),
          List.of(
              "FUNCTION",
              "LOAD",
              "#!lua name=bad\nlocal x = string.rep('a', 2)\nredis.register_function('f',"
                  + " function() return 1 end)"),
          List.of("FUNCTION", "LOAD", "#!lua name=bad\nlocal x = redis.sha1hex('')"),
          List.of(
              "FUNCTION",
              "LOAD",
              "#!lua name=ok1\nredis.log(redis.LOG_NOTICE, redis.REDIS_VERSION)\n"
                  + "redis.register_function('ok1f', function() return string.rep('a', 2) end)"),
          List.of("FCALL", "ok1f", "0"),
          List.of("FUNCTION", "DELETE", "ok1"),
          List.of(
              "FUNCTION",
              "LOAD",
              "#!lua name=bad\nredis.register_function('myfunc', function() return 1 end)"),
          List.of(
              "FUNCTION",
              "LOAD",
              "#!lua name=bad x=y\nredis.register_function('f2', function() return 1 end)"),
          List.of(
              "FUNCTION",
              "LOAD",
              "#!js name=bad\nredis.register_function('f2', function() return 1 end)"),
          List.of(
              "FUNCTION",
              "LOAD",
              "#!lua name=b2\nredis.register_function('f-2!', function() return 1 end)"),
          List.of(
              "FUNCTION",
              "LOAD",
              "#!lua name=b2\nredis.register_function{function_name='f3',"
                  + " callback=function() return 1 end, flags={'bogus'}}"),
          List.of(
              "FUNCTION",
              "LOAD",
              "#!lua name=g\nredis.register_function{function_name='g1', callback=function()"
                  + " x = 5 return 1 end, flags={'no-writes'}, description='sets a global'}"),
          List.of("FCALL", "myfunc", "1", "fk", "fv"),
          List.of("GET", "fk"),
          List.of("FCALL_RO", "myfunc", "1", "fk", "v2"),
          List.of("FCALL", "g1", "0"),
          List.of("FCALL", "nosuch", "0"),
          List.of("FCALL", "myfunc", "x"),
          List.of("FCALL", "myfunc", "5", "a"),
          List.of("FUNCTION", "DELETE", "g"),
          // One library left: redis lists libraries in its dict's (seeded) order.
          List.of("FUNCTION", "LIST"),
          List.of("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "my*"),
          List.of("FUNCTION", "LIST", "LIBRARYNAME"),
          List.of("FUNCTION", "LIST", "foo"),
          List.of("FUNCTION", "STATS"),
          List.of("FUNCTION", "DELETE", "nosuch"),
          List.of("FUNCTION", "RESTORE", "garbage"),
          List.of("FUNCTION", "RESTORE", "x", "bad"),
          List.of("FUNCTION", "KILL"),
          List.of("FUNCTION", "FLUSH", "bogus"),
          List.of("FUNCTION", "FLUSH", "ASYNC"),
          List.of("FUNCTION", "LIST"),
          List.of("FUNCTION", "HELP"));

  /** A reply with its RESP type visible: +status, -error, :int, $bulk, nil, [..]. */
  static String show(Object r) {
    if (r == null) {
      return "nil";
    }
    if (r instanceof byte[] b) {
      return "$" + new String(b, StandardCharsets.UTF_8);
    }
    if (r instanceof String s) {
      return "+" + s;
    }
    if (r instanceof RespClient.Error e) {
      return "-" + e.message();
    }
    if (r instanceof List<?> l) {
      List<String> parts = new ArrayList<>();
      l.forEach(x -> parts.add(show(x)));
      return "[" + String.join(", ", parts) + "]";
    }
    return ":" + r;
  }

  private ReferenceServer ours(Path dir) throws Exception {
    return TestServers.start(dir, "s.log");
  }

  @Test
  void sameRepliesAsRedisServer() throws Exception {
    Path theirs = Files.createDirectories(tmp.resolve("redis"));
    Path mine = Files.createDirectories(tmp.resolve("ours"));
    List<String> mismatches = new ArrayList<>();
    try (RedisServerProcess redis = RedisServerProcess.redis(theirs);
        ReferenceServer server = ours(mine);
        RespClient r = redis.client();
        RespClient o = RespClient.connect(server.port())) {
      for (List<String> cmd : COMMANDS) {
        Object[] args = cmd.toArray();
        String expected = show(r.reply(args));
        String actual = show(o.reply(args));
        if (!expected.equals(actual)) {
          mismatches.add(cmd + "\n  redis: " + expected + "\n  ours:  " + actual);
        }
      }
      assertThat(Files.readString(mine.resolve("s.log"))).contains("from a test");
    }
    assertThat(mismatches).as(String.join("\n", mismatches)).isEmpty();
  }

  private static void load(RespClient c) throws Exception {
    c.ok("FUNCTION", "FLUSH");
    assertThat(RespClient.text(c.ok("FUNCTION", "LOAD", LIB))).isEqualTo("mylib");
    c.ok(
        "FUNCTION",
        "LOAD",
        "#!lua name=second\nredis.register_function{function_name='peek',"
            + " callback=function(keys) return redis.call('get', keys[1]) end,"
            + " flags={'no-writes'}}");
  }

  private static void check(RespClient c) throws Exception {
    assertThat(c.ok("FCALL", "myfunc", "1", "x", "42")).isEqualTo("OK");
    assertThat(RespClient.text(c.ok("FCALL_RO", "peek", "1", "x"))).isEqualTo("42");
    assertThat(show(c.ok("FUNCTION", "LIST", "LIBRARYNAME", "mylib", "WITHCODE")))
        .contains("$library_code, $" + LIB);
  }

  @Test
  void ourRdbWithFunctionsPassesRedisCheckRdbAndLoadsInRedisServer() throws Exception {
    Path mine = Files.createDirectories(tmp.resolve("ours"));
    Path theirs = Files.createDirectories(tmp.resolve("theirs"));
    try (ReferenceServer s = ours(mine);
        RespClient c = RespClient.connect(s.port())) {
      load(c);
      c.ok("SET", "plain", "key");
      c.ok("SAVE");
    }
    Path dump = mine.resolve("dump.rdb");
    Tools.Result check =
        Tools.run(List.of(Tools.require("redis-check-rdb").toString(), dump.toString()), null, 60);
    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("RDB looks OK!");
    Files.copy(dump, theirs.resolve("dump.rdb"), StandardCopyOption.REPLACE_EXISTING);
    try (RedisServerProcess redis = RedisServerProcess.redis(theirs);
        RespClient c = redis.client()) {
      check(c);
      assertThat(RespClient.text(c.ok("GET", "plain"))).isEqualTo("key");
    }
  }

  @Test
  void redisServerRdbWithFunctionsLoadsInOurs() throws Exception {
    Path theirs = Files.createDirectories(tmp.resolve("theirs"));
    Path mine = Files.createDirectories(tmp.resolve("ours"));
    try (RedisServerProcess redis = RedisServerProcess.redis(theirs);
        RespClient c = redis.client()) {
      load(c);
      c.ok("SAVE");
    }
    Files.copy(theirs.resolve("dump.rdb"), mine.resolve("dump.rdb"));
    try (ReferenceServer s = ours(mine);
        RespClient c = RespClient.connect(s.port())) {
      check(c);
    }
  }

  @Test
  void functionDumpPayloadsRestoreBothWays() throws Exception {
    Path theirs = Files.createDirectories(tmp.resolve("theirs"));
    Path mine = Files.createDirectories(tmp.resolve("ours"));
    try (RedisServerProcess redis = RedisServerProcess.redis(theirs);
        ReferenceServer s = ours(mine);
        RespClient r = redis.client();
        RespClient o = RespClient.connect(s.port())) {
      load(r);
      byte[] fromRedis = (byte[]) r.ok("FUNCTION", "DUMP");
      load(o);
      byte[] fromOurs = (byte[]) o.ok("FUNCTION", "DUMP");
      r.ok("FUNCTION", "FLUSH");
      o.ok("FUNCTION", "FLUSH");
      assertThat(o.ok("FUNCTION", "RESTORE", fromRedis)).isEqualTo("OK");
      assertThat(r.ok("FUNCTION", "RESTORE", fromOurs)).isEqualTo("OK");
      check(r);
      check(o);
      // Which of the two colliding libraries is named depends on redis's dict order.
      assertThat(show(o.reply("FUNCTION", "RESTORE", fromRedis)))
          .matches("-ERR Library (mylib|second) already exists");
      assertThat(show(r.reply("FUNCTION", "RESTORE", fromOurs)))
          .matches("-ERR Library (mylib|second) already exists");
    }
  }
}
