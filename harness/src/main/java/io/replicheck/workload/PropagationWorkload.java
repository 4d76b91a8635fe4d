package io.replicheck.workload;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * Commands whose effect a master must rewrite before it propagates them, so that replicas end up
 * with the same data: nondeterministic ones (SPOP, scripts and functions that read TIME and
 * math.random), relative ones (EXPIRE, SET EX, GETEX, INCRBYFLOAT), blocking pops served by other
 * clients' pushes, MULTI/EXEC with WATCH, keyspace moves (RENAME, COPY, MOVE, SWAPDB, FLUSHDB
 * ASYNC, UNLINK), stream consumer groups, bitmaps and HyperLogLogs, over a bounded key space in the
 * client's db and db 1 (SWAPDB 1 2 and FLUSHDB of db 2 leave the harness's markers in db 0 alone).
 * A server that rewrites one wrong diverges silently: FS1 (digests) and FS5 (the full state, key by
 * key) find it after quiesce.
 *
 * <p>The first op of the run asks the master {@code COMMAND INFO} for every command the workload
 * uses; the ops that need one it lacks are left out, and FS5 says which (a server without XADD is
 * not a broken server). Times to live are either short (they end during the run, and the master's
 * DELs reach replicas before the final reads) or an hour and more (they outlast any run, so the
 * final reads compare them).
 */
public final class PropagationWorkload implements Workload {
  /** Every command an op may send; those the server lacks are left out. */
  static final List<String> COMMANDS =
      List.of(
          "SET",
          "GET",
          "EXPIRE",
          "PEXPIRE",
          "PEXPIREAT",
          "EXPIREAT",
          "GETEX",
          "PERSIST",
          "INCRBYFLOAT",
          "SADD",
          "SPOP",
          "SRANDMEMBER",
          "ZADD",
          "ZINCRBY",
          "ZPOPMIN",
          "HSET",
          "HINCRBYFLOAT",
          "HDEL",
          "RPUSH",
          "LPUSH",
          "BLPOP",
          "BLMOVE",
          "BZPOPMIN",
          "RENAME",
          "COPY",
          "MOVE",
          "SWAPDB",
          "FLUSHDB",
          "UNLINK",
          "EXISTS",
          "WATCH",
          "MULTI",
          "EXEC",
          "EVAL",
          "EVALSHA",
          "SCRIPT",
          "FCALL",
          "FUNCTION",
          "XADD",
          "XGROUP",
          "XREADGROUP",
          "XACK",
          "XPENDING",
          "XCLAIM",
          "XAUTOCLAIM",
          "SETBIT",
          "BITOP",
          "PFADD",
          "PFMERGE");

  /** A script that writes three keys from the clock, math.random and a random set member. */
  static final String SCRIPT =
      "local t = redis.call('TIME')\n"
          + "redis.call('SET', KEYS[1], t[1] .. '.' .. t[2], 'PX', 3600000 + math.random(1000))\n"
          + "redis.call('SADD', KEYS[2], 'r' .. math.random(20), ARGV[1])\n"
          + "redis.call('SPOP', KEYS[2])\n"
          + "redis.call('INCRBYFLOAT', KEYS[3], ARGV[1] / 7)\n"
          + "return t[1]";

  /** The function library; its version changes with each LOAD REPLACE. */
  static String library(int version) {
    return "#!lua name=rcprop\n"
        + "-- version "
        + version
        + "\n"
        + "redis.register_function('rcwrite', function(keys, args)\n"
        + "  local t = redis.call('TIME')\n"
        + "  redis.call('HSET', keys[1], 'at', t[1] .. t[2], 'r', math.random(1000))\n"
        + "  redis.call('ZADD', keys[2], math.random(100), 'f' .. math.random(10))\n"
        + "  redis.call('EXPIRE', keys[3], 3600 + math.random(3600))\n"
        + "  return "
        + version
        + "\n"
        + "end)\n";
  }

  private record Op(String name, List<String> needs, BiFunction<Random, Integer, Call> make) {}

  private final int n;
  private final List<Op> ops;

  /** The commands the server lacks (null until the probe ran), and the ops in use. */
  private volatile Set<String> missing;

  private volatile List<Op> usable;

  public PropagationWorkload(int keys) {
    this.n = Math.max(2, keys);
    this.ops = ops();
  }

  @Override
  public java.time.Duration longestTtl() {
    return java.time.Duration.ofMillis(1500); // shortTtlMs and PEXPIREAT: 200..1499 ms
  }

  @Override
  public String name() {
    return "propagation";
  }

  @Override
  public String model() {
    return "none";
  }

  /** None: the final reads of FS5 scan every key of every db instead. */
  @Override
  public List<String> keys() {
    return List.of();
  }

  /** The commands the server did not list in COMMAND INFO (empty before the probe ran). */
  public Set<String> leftOut() {
    Set<String> m = missing;
    return m == null ? Set.of() : m;
  }

  /** Whether the probe ran (the workload drove anything). */
  public boolean probed() {
    return missing != null;
  }

  /** The ops in use: all before the probe, then those whose commands the server has. */
  public List<String> opNames() {
    List<Op> u = usable;
    return (u == null ? ops : u).stream().map(Op::name).toList();
  }

  @Override
  public OpSpec next(Random random, int process) {
    List<Op> u = usable;
    if (u == null) return new OpSpec("probe", null, probe());
    Op op = u.get(random.nextInt(u.size()));
    return new OpSpec(op.name(), null, op.make().apply(random, process));
  }

  /**
   * COMMAND INFO of every command the ops use; a nil entry is a command the server lacks. A server
   * without COMMAND INFO is taken to have them all (its errors then show in the history). Then the
   * library and the script the ops call are loaded.
   */
  private Call probe() {
    return new Call(
        "COMMAND INFO ...",
        redis -> {
          List<String> argv = new ArrayList<>(List.of("COMMAND", "INFO"));
          argv.addAll(COMMANDS);
          Set<String> lacking = new TreeSet<>();
          try {
            List<Object> infos = Call.send(redis, argv.toArray(new String[0]));
            for (int i = 0; i < COMMANDS.size(); i++) {
              Object info = infos == null || i >= infos.size() ? null : infos.get(i);
              if (info == null || (info instanceof List<?> l && l.isEmpty()))
                lacking.add(COMMANDS.get(i));
            }
          } catch (RedisCommandExecutionException e) {
            // no COMMAND INFO: assume every command
          }
          List<Op> in = new ArrayList<>();
          for (Op op : ops) if (lacking.stream().noneMatch(op.needs()::contains)) in.add(op);
          if (!lacking.contains("FUNCTION")) {
            try {
              Call.send(redis, "FUNCTION", "LOAD", "REPLACE", library(0));
            } catch (RedisCommandExecutionException e) {
              // FCALLs will fail and say why; the probe itself succeeded
            }
          }
          missing = Collections.unmodifiableSet(lacking);
          usable = List.copyOf(in);
          return Completion.ok("left out: " + lacking);
        });
  }

  // ---- keys: n per family, in the selected db (MOVE, COPY DB and SWAPDB also use db 1)

  private String key(String family, Random r) {
    return "p:" + family + r.nextInt(n);
  }

  private static String shortTtlMs(Random r) {
    return Integer.toString(200 + r.nextInt(1300));
  }

  private static String longTtlS(Random r) {
    return Integer.toString(3600 + r.nextInt(3600));
  }

  private List<Op> ops() {
    List<Op> o = new ArrayList<>();
    add(
        o,
        "set",
        List.of("SET"),
        (r, p) -> {
          String k = key("t", r);
          String v = "v" + r.nextInt(1000);
          return switch (r.nextInt(4)) {
            case 0 -> Call.of("SET", k, v, "EX", longTtlS(r));
            case 1 -> Call.of("SET", k, v, "PX", shortTtlMs(r));
            case 2 -> Call.of("SET", k, v, "KEEPTTL");
            default -> Call.of("SET", k, v);
          };
        });
    add(
        o,
        "expire",
        List.of("EXPIRE", "PEXPIRE"),
        (r, p) -> {
          String k = key(r.nextBoolean() ? "t" : r.nextBoolean() ? "s" : "z", r);
          return switch (r.nextInt(4)) {
            case 0 -> Call.of("EXPIRE", k, longTtlS(r));
            case 1 -> Call.of("PEXPIRE", k, shortTtlMs(r));
            case 2 -> Call.of("EXPIRE", k, r.nextBoolean() ? "0" : "-1");
            default -> Call.of("PEXPIRE", k, Long.toString(3_600_000L + r.nextInt(1000)), "GT");
          };
        });
    add(
        o,
        "expireat",
        List.of("PEXPIREAT", "EXPIREAT"),
        (r, p) -> {
          String k = key(r.nextBoolean() ? "t" : "h", r);
          long now = System.currentTimeMillis();
          return r.nextBoolean()
              ? Call.of("PEXPIREAT", k, Long.toString(now + 200 + r.nextInt(1300)))
              : Call.of("EXPIREAT", k, Long.toString(now / 1000 + 3600 + r.nextInt(3600)));
        });
    add(
        o,
        "getex",
        List.of("GETEX"),
        (r, p) -> {
          // keys of their own, which only these touch: a PERSIST lost on the way stays visible
          String k = key("g", r);
          return switch (r.nextInt(5)) {
            case 0 -> Call.of("SET", k, "g" + r.nextInt(100), "EX", longTtlS(r));
            case 1 -> Call.of("GETEX", k, "EX", longTtlS(r));
            case 2 -> Call.of("GETEX", k, "PX", shortTtlMs(r));
            case 3 -> Call.of("GETEX", k, "PERSIST");
            default -> setThenPersist(key("gp", r), "g" + r.nextInt(100), longTtlS(r));
          };
        });
    add(o, "persist", List.of("PERSIST"), (r, p) -> Call.of("PERSIST", key("t", r)));
    add(
        o,
        "incrbyfloat",
        List.of("INCRBYFLOAT", "SET"),
        (r, p) -> {
          String k = key("f", r);
          String by = (r.nextInt(2000) - 1000) / 100.0 + "";
          // a TTL and then an INCRBYFLOAT, so the key always ends with a TTL INCRBYFLOAT kept
          if (r.nextInt(3) == 0) return setThenIncrbyfloat(k, longTtlS(r), by);
          return Call.of("INCRBYFLOAT", k, by);
        });
    add(
        o,
        "sadd",
        List.of("SADD"),
        (r, p) -> Call.of("SADD", key("s", r), "m" + r.nextInt(30), "m" + r.nextInt(30)));
    add(
        o,
        "spop",
        List.of("SPOP"),
        (r, p) ->
            r.nextBoolean()
                ? Call.of("SPOP", key("s", r))
                : Call.of("SPOP", key("s", r), Integer.toString(1 + r.nextInt(3))));
    add(
        o,
        "srandmember",
        List.of("SRANDMEMBER"),
        (r, p) -> Call.of("SRANDMEMBER", key("s", r), "-3"));
    add(
        o,
        "zadd",
        List.of("ZADD", "ZINCRBY"),
        (r, p) ->
            r.nextBoolean()
                ? Call.of(
                    "ZADD", key("z", r), Integer.toString(r.nextInt(100)), "e" + r.nextInt(20))
                : Call.of("ZINCRBY", key("z", r), "1.25", "e" + r.nextInt(20)));
    add(o, "zpopmin", List.of("ZPOPMIN"), (r, p) -> Call.of("ZPOPMIN", key("z", r)));
    add(
        o,
        "hset",
        List.of("HSET", "HINCRBYFLOAT"),
        (r, p) ->
            r.nextBoolean()
                ? Call.of("HSET", key("h", r), "f" + r.nextInt(10), "v" + r.nextInt(100))
                : Call.of("HINCRBYFLOAT", key("h", r), "n" + r.nextInt(3), "0.1"));
    add(o, "hdel", List.of("HDEL"), (r, p) -> Call.of("HDEL", key("h", r), "f" + r.nextInt(10)));
    // blocking pops wait on a few lists and zsets that pushes by the other clients serve: as many
    // pushes to the lists as BLPOP takes from them (BLMOVE only moves) and to the zsets as BZPOPMIN
    // takes, so each stays near empty (pops block, and are served) without running dry for long;
    // with a 0.5 s timeout and one push per three pops, waiting out timeouts held the workload to
    // about 27 ops/s per client, under a tenth of the others (docs/workloads.md)
    add(
        o,
        "push",
        List.of("RPUSH", "LPUSH", "ZADD"),
        (r, p) ->
            switch (r.nextInt(4)) {
              case 0 -> Call.of("RPUSH", "p:q" + r.nextInt(2), "e" + r.nextInt(1000));
              case 1 -> Call.of("LPUSH", "p:q" + r.nextInt(2), "e" + r.nextInt(1000));
              default ->
                  Call.of(
                      "ZADD",
                      "p:bz" + r.nextInt(2),
                      Integer.toString(r.nextInt(9)),
                      "e" + r.nextInt(1000));
            },
        16);
    add(
        o,
        "blpop",
        List.of("BLPOP"),
        (r, p) -> Call.of("BLPOP", "p:q" + r.nextInt(2), "p:q" + r.nextInt(2), POP_TIMEOUT));
    add(
        o,
        "blmove",
        List.of("BLMOVE"),
        (r, p) ->
            Call.of(
                "BLMOVE",
                "p:q" + r.nextInt(2),
                "p:q" + r.nextInt(2),
                "LEFT",
                "RIGHT",
                POP_TIMEOUT));
    add(
        o,
        "bzpopmin",
        List.of("BZPOPMIN"),
        (r, p) -> Call.of("BZPOPMIN", "p:bz" + r.nextInt(2), POP_TIMEOUT));
    add(o, "rename", List.of("RENAME", "EXISTS"), (r, p) -> pairOp(r, "RENAME"));
    add(
        o,
        "copy",
        List.of("COPY"),
        (r, p) -> {
          String fam = family(r);
          return r.nextBoolean()
              ? Call.of("COPY", key(fam, r), key(fam, r), "REPLACE")
              : Call.of("COPY", key(fam, r), key(fam, r), "DB", "1", "REPLACE");
        });
    add(o, "move", List.of("MOVE"), (r, p) -> Call.of("MOVE", key(family(r), r), "1"));
    add(
        o,
        "unlink",
        List.of("UNLINK"),
        (r, p) -> Call.of("UNLINK", key(family(r), r), key(family(r), r)));
    // rare: they empty or swap whole databases; FLUSHDB rarer still, since it erases what every
    // other op left for the final state to show. Both leave db 0 alone: the harness keeps its
    // markers there (the WAIT probes of P4, partition's expiry probe, FS2's stray keys), and a
    // SWAPDB 0 1 during a failover moved the P4 marker away from the promoted replica (a false P4
    // on redis-server, seed 21). SWAPDB 1 2 swaps what COPY DB 1 and MOVE put in db 1 with db 2,
    // which FLUSHDB ASYNC empties.
    add(
        o,
        "swapdb",
        List.of("SWAPDB", "FLUSHDB"),
        (r, p) -> r.nextInt(64) == 0 ? flushDb2() : Call.of("SWAPDB", "1", "2"),
        1);
    add(o, "multi", List.of("WATCH", "MULTI", "EXEC", "SPOP", "INCRBYFLOAT"), (r, p) -> multi(r));
    add(
        o,
        "eval",
        List.of("EVAL", "EVALSHA", "SCRIPT"),
        (r, p) -> {
          String[] keys = {key("t", r), key("s", r), key("f", r)};
          String arg = Integer.toString(r.nextInt(100));
          if (r.nextBoolean()) return Call.of("EVAL", SCRIPT, "3", keys[0], keys[1], keys[2], arg);
          return new Call(
              "EVALSHA (script) " + String.join(" ", keys) + " " + arg,
              redis -> {
                String sha = String.valueOf(Call.single(redis, "SCRIPT", "LOAD", SCRIPT));
                return Completion.ok(
                    Call.printable(
                        Call.send(redis, "EVALSHA", sha, "3", keys[0], keys[1], keys[2], arg)));
              });
        });
    add(
        o,
        "fcall",
        List.of("FCALL", "FUNCTION"),
        (r, p) -> {
          if (r.nextInt(10) == 0)
            return Call.of("FUNCTION", "LOAD", "REPLACE", library(1 + r.nextInt(50)));
          return Call.of("FCALL", "rcwrite", "3", key("h", r), key("z", r), key("t", r));
        });
    add(
        o,
        "xadd",
        List.of("XADD"),
        (r, p) ->
            Call.of(
                "XADD",
                key("x", r),
                "MAXLEN",
                "~",
                "40",
                "*",
                "f",
                Integer.toString(r.nextInt(100))));
    add(
        o,
        "xreadgroup",
        List.of("XGROUP", "XREADGROUP", "XACK"),
        (r, p) -> {
          String k = key("x", r);
          String consumer = "c" + (p % 3);
          boolean block = r.nextBoolean();
          return new Call(
              "XREADGROUP GROUP g " + consumer + " COUNT 2" + (block ? " BLOCK 300" : "") + " " + k,
              redis -> xreadgroup(redis, k, consumer, block, r.nextBoolean()));
        });
    add(
        o,
        "xclaim",
        List.of("XPENDING", "XCLAIM", "XAUTOCLAIM"),
        (r, p) -> {
          String k = key("x", r);
          String consumer = "c" + (p % 3);
          if (r.nextBoolean())
            return Call.of("XAUTOCLAIM", k, "g", consumer, "0", "0-0", "COUNT", "2");
          return new Call(
              "XPENDING/XCLAIM " + k + " g " + consumer,
              redis -> {
                List<Object> pending = Call.send(redis, "XPENDING", k, "g", "-", "+", "2");
                List<String> argv = new ArrayList<>(List.of("XCLAIM", k, "g", consumer, "0"));
                if (pending != null)
                  for (Object e : pending)
                    if (e instanceof List<?> entry && !entry.isEmpty())
                      argv.add(String.valueOf(entry.get(0)));
                if (argv.size() == 5) return Completion.ok("nothing pending");
                return Completion.ok(Call.printable(Call.send(redis, argv.toArray(new String[0]))));
              });
        });
    add(
        o,
        "bits",
        List.of("SETBIT", "BITOP", "PFADD", "PFMERGE"),
        (r, p) ->
            switch (r.nextInt(4)) {
              case 0 -> Call.of("SETBIT", key("b", r), Integer.toString(r.nextInt(200)), "1");
              case 1 -> Call.of("BITOP", "OR", key("b", r), key("b", r), key("b", r));
              case 2 -> Call.of("PFADD", key("u", r), "e" + r.nextInt(5000), "e" + r.nextInt(5000));
              default -> Call.of("PFMERGE", key("u", r), key("u", r), key("u", r));
            });
    return List.copyOf(o);
  }

  /** Each op but the rare ones is listed several times: all are drawn about equally often. */
  private static void add(
      List<Op> o, String name, List<String> needs, BiFunction<Random, Integer, Call> make) {
    add(o, name, needs, make, 8);
  }

  private static void add(
      List<Op> o,
      String name,
      List<String> needs,
      BiFunction<Random, Integer, Call> make,
      int weight) {
    for (int i = 0; i < weight; i++) o.add(new Op(name, needs, make));
  }

  /**
   * How long a blocking pop waits for an element (seconds): long enough for another client's push
   * to serve it, short enough that an unserved one (a single client) costs little.
   */
  static final String POP_TIMEOUT = "0.1";

  /** How long {@code XREADGROUP ... BLOCK} waits for a new entry (ms). */
  static final String XREAD_BLOCK_MS = "100";

  private static final String[] FAMILIES = {"t", "s", "z", "h", "f"};

  private static String family(Random r) {
    return FAMILIES[r.nextInt(FAMILIES.length)];
  }

  /** RENAME between two keys of one family, when the source exists (else no error, no op). */
  /**
   * FLUSHDB ASYNC of db 2 (what SWAPDB 1 2 put there), then back to the client's own db, read from
   * CLIENT INFO. A client left in db 2 by a failure is replaced, as after any failed op.
   */
  private static Call flushDb2() {
    return new Call(
        "FLUSHDB ASYNC (db 2)",
        redis -> {
          Object info = Call.single(redis, "CLIENT", "INFO");
          java.util.regex.Matcher m =
              java.util.regex.Pattern.compile("\\bdb=(\\d+)").matcher(String.valueOf(info));
          if (!m.find()) return Completion.fail(null, "CLIENT INFO without db=: " + info);
          Call.send(redis, "SELECT", "2");
          Object reply = Call.single(redis, "FLUSHDB", "ASYNC");
          Call.send(redis, "SELECT", m.group(1));
          return Completion.ok(String.valueOf(reply));
        });
  }

  private Call pairOp(Random r, String cmd) {
    String fam = family(r);
    String from = key(fam, r);
    String to = key(fam, r);
    return new Call(
        cmd + " " + from + " " + to,
        redis -> {
          if (Long.valueOf(0).equals(Call.single(redis, "EXISTS", from)))
            return Completion.ok("no source");
          return Completion.ok(Call.printable(Call.send(redis, cmd, from, to)));
        });
  }

  /**
   * SET with an hour's TTL, then GETEX PERSIST, on keys only this touches: every such key ends
   * persistent, so a PERSIST that did not reach a replica stays visible there (a later SET EX of a
   * {@code p:g} key would hide it).
   */
  private static Call setThenPersist(String k, String v, String ttl) {
    return new Call(
        "SET " + k + " " + v + " EX " + ttl + " GETEX " + k + " PERSIST",
        redis -> {
          Call.send(redis, "SET", k, v, "EX", ttl);
          return Completion.ok(Call.printable(Call.send(redis, "GETEX", k, "PERSIST")));
        });
  }

  /**
   * SET with an hour's TTL, then INCRBYFLOAT of the same key: a replica must keep the TTL (redis
   * propagates INCRBYFLOAT as SET ... KEEPTTL); later INCRBYFLOATs keep it too, so a dropped TTL
   * stays visible.
   */
  private static Call setThenIncrbyfloat(String k, String ttl, String by) {
    return new Call(
        "SET " + k + " 1.5 EX " + ttl + " INCRBYFLOAT " + k + " " + by,
        redis -> {
          Call.send(redis, "SET", k, "1.5", "EX", ttl);
          return Completion.ok(Call.printable(Call.send(redis, "INCRBYFLOAT", k, by)));
        });
  }

  /** WATCH a key, read it, then a transaction of relative and random writes; EXEC may abort. */
  private Call multi(Random r) {
    String t = key("t", r);
    String s = key("s", r);
    String f = key("f", r);
    String ttl = r.nextBoolean() ? shortTtlMs(r) : Long.toString(3_600_000L + r.nextInt(1000));
    String member = "m" + r.nextInt(30);
    return new Call(
        "WATCH " + t + " MULTI SET/SADD/SPOP/INCRBYFLOAT/PEXPIRE EXEC",
        redis -> {
          redis.watch(t);
          String seen = redis.get(t);
          redis.multi();
          Call.send(redis, "SET", t, seen == null ? "w0" : seen + "w", "PX", ttl);
          Call.send(redis, "SADD", s, member, "m" + (member.length() * 7));
          Call.send(redis, "SPOP", s);
          Call.send(redis, "INCRBYFLOAT", f, "0.25");
          Call.send(redis, "PEXPIRE", s, ttl);
          TransactionResult result = redis.exec();
          return Completion.ok(result.wasDiscarded() ? "discarded" : "exec " + result.size());
        });
  }

  /** XREADGROUP for new entries (the group made when missing), then XACK of some of them. */
  private static Completion xreadgroup(
      RedisCommands<String, String> redis, String k, String consumer, boolean block, boolean ack) {
    List<String> argv =
        new ArrayList<>(List.of("XREADGROUP", "GROUP", "g", consumer, "COUNT", "2"));
    if (block) argv.addAll(List.of("BLOCK", XREAD_BLOCK_MS));
    argv.addAll(List.of("STREAMS", k, ">"));
    List<Object> reply;
    try {
      reply = Call.send(redis, argv.toArray(new String[0]));
    } catch (RedisCommandExecutionException e) {
      if (e.getMessage() == null || !e.getMessage().startsWith("NOGROUP")) throw e;
      return Completion.ok(
          Call.printable(Call.send(redis, "XGROUP", "CREATE", k, "g", "0", "MKSTREAM")));
    }
    List<String> ids = new ArrayList<>();
    collectIds(reply, ids);
    if (ack && !ids.isEmpty()) {
      List<String> xack = new ArrayList<>(List.of("XACK", k, "g"));
      xack.add(ids.get(0));
      Call.send(redis, xack.toArray(new String[0]));
    }
    return Completion.ok("read " + ids);
  }

  /** Entry ids of an XREADGROUP reply: [[stream, [[id, [f, v]], ...]]]. */
  private static void collectIds(List<Object> streams, List<String> ids) {
    if (streams == null) return;
    for (Object s : streams) {
      if (s instanceof List<?> pair && pair.size() == 2 && pair.get(1) instanceof List<?> entries) {
        for (Object e : entries)
          if (e instanceof List<?> entry && !entry.isEmpty() && entry.get(0) instanceof String id)
            ids.add(id);
      }
    }
  }

  /** How many ops each name has in the draw (for tests and the docs). */
  /** One call of every op (as often as its weight), drawn with {@code r}: for tests. */
  List<Call> drawEach(Random r) {
    return ops.stream().map(op -> op.make().apply(r, 0)).toList();
  }

  Map<String, Integer> weights() {
    Map<String, Integer> w = new LinkedHashMap<>();
    for (Op op : ops) w.merge(op.name(), 1, Integer::sum);
    return w;
  }
}
