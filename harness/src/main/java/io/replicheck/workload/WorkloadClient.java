package io.replicheck.workload;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.internal.ExceptionFactory;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One workload client: one connection, one Jepsen process. It never retries and never reconnects
 * behind our back (Lettuce's auto-reconnect would replay a write late and make the history lie);
 * after an {@code info} the runner closes it and starts a fresh process.
 *
 * <p>Ops run either synchronously ({@link #invoke}, on the caller's thread) or, for the ops {@link
 * #runsAsync} accepts, as {@link #invokeAsync}: sent and completed on Lettuce's event loop, so that
 * a chain of ops wakes no thread between them (issue 19). Both end an op the same way: ok, fail for
 * an error reply or a read that did not complete, info for a write whose outcome is unknown.
 */
public final class WorkloadClient implements AutoCloseable {
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> redis;
  private final RedisAsyncCommands<String, String> async;
  private final Duration timeout;
  private final int valueSize;
  // issue 14: a bulk value's size from its seed (a drawn data shape), or null: valueSize
  private java.util.function.LongToIntFunction sizes;
  // issue 16: replicas an append waits for (WAIT), 0: none; and WAIT's timeout
  private int waitReplicas;
  private long waitMillis;

  private WorkloadClient(
      RedisClient client,
      StatefulRedisConnection<String, String> connection,
      Duration timeout,
      int valueSize) {
    this.client = client;
    this.connection = connection;
    this.redis = connection.sync();
    this.async = connection.async();
    this.timeout = timeout;
    this.valueSize = valueSize;
  }

  /**
   * Connects to host:port and selects {@code db}; the timeout bounds connect and every op. The op
   * bound is the sync API's own wait (the connection's timeout; a late reply is a {@code
   * RedisCommandTimeoutException}, an info), not Lettuce's command expiry, which schedules and
   * cancels a timer task for every command (issue 19: CPU per op on the recording path).
   */
  public static WorkloadClient connect(
      ClientResources resources, String host, int port, Duration timeout, int valueSize, int db) {
    RedisURI uri =
        RedisURI.builder()
            .withHost(host)
            .withPort(port)
            .withTimeout(timeout)
            .withDatabase(db)
            .build();
    RedisClient client = RedisClient.create(resources, uri);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(false)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .protocolVersion(ProtocolVersion.RESP2)
            .pingBeforeActivateConnection(false)
            .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build())
            .build());
    try {
      return new WorkloadClient(client, client.connect(), timeout, valueSize);
    } catch (RuntimeException e) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
      throw e;
    }
  }

  /**
   * Sizes each bulk value from its seed ({@code sizes}, at most valueSize) instead of valueSize:
   * the same seed always gives the same value, so reads (recorded by hash and length) still match.
   */
  public WorkloadClient sizedBy(java.util.function.LongToIntFunction sizes) {
    this.sizes = sizes;
    return this;
  }

  /**
   * Follows each append with {@code WAIT replicas millis}: acknowledged (ok) only when WAIT counts
   * that many replicas; otherwise the append happened on the node but is not confirmed anywhere
   * else, so its outcome is unknown (info).
   */
  public WorkloadClient waitingFor(int replicas, long millis) {
    this.waitReplicas = replicas;
    this.waitMillis = millis;
    return this;
  }

  /** Runs one op; never throws for what the server or the network did. */
  public Completion invoke(OpSpec op) {
    try {
      return run(op);
    } catch (RuntimeException e) {
      return ended(op, e);
    }
  }

  /**
   * Whether {@link #invokeAsync} runs this op: the ops of one or two commands whose reply decides
   * them. A compare-and-set (WATCH, GET, then MULTI/EXEC on what GET said) and {@link Call} bodies
   * (synchronous code) run through {@link #invoke} only.
   */
  public boolean runsAsync(OpSpec op) {
    if (op.value() instanceof Call) return false;
    return switch (op.f()) {
      case "read", "write", "append", "incr", "put", "put-ttl", "del", "persist" -> true;
      default -> false;
    };
  }

  /**
   * Sends one op of those {@link #runsAsync} accepts; the stage completes on Lettuce's event loop
   * (or at once when the connection refuses the command) with how the op ended, never exceptionally
   * for what the server or the network did. Nothing here bounds the wait: the caller gives up at
   * the op timeout and ends the op with {@link #timedOut}, as {@link #invoke}'s wait would.
   */
  public CompletionStage<Completion> invokeAsync(OpSpec op) {
    CompletionStage<Completion> sent;
    try {
      sent = runAsync(op);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(ended(op, e));
    }
    return sent.handle((c, e) -> e == null ? c : ended(op, e));
  }

  /** How an op that got no reply within the op timeout ends: as {@link #invoke}'s would. */
  public Completion timedOut(OpSpec op) {
    return ended(op, ExceptionFactory.createTimeoutException(timeout));
  }

  /** How an op that threw ended. */
  private static Completion ended(OpSpec op, Throwable thrown) {
    Throwable e = thrown;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof Error error) throw error;
    // An error reply: the server refused, so the op had no effect.
    if (e instanceof RedisCommandExecutionException) {
      return Completion.fail(op.value(), firstLine(e.getMessage()));
    }
    String why = e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
    // A read that did not complete changed nothing; a write may or may not have happened.
    return op.f().equals("read") ? Completion.fail(null, why) : Completion.info(op.value(), why);
  }

  /** {@link #run}'s ops on the async API, where {@link #runsAsync} says so. */
  private CompletionStage<Completion> runAsync(OpSpec op) {
    String key = op.key();
    switch (op.f()) {
      case "read":
        if (key.startsWith("l"))
          return async
              .lrange(key, 0, -1)
              .thenApply(l -> Completion.ok(l.stream().map(Long::parseLong).toList()));
        if (key.startsWith("b")) return async.get(key).thenApply(v -> Completion.ok(summary(v)));
        return async.get(key).thenApply(v -> Completion.ok(parseLong(v)));
      case "write":
        return async.set(key, op.value().toString()).thenApply(x -> Completion.ok(op.value()));
      case "append":
        CompletionStage<Long> pushed = async.rpush(key, op.value().toString());
        if (waitReplicas <= 0) return pushed.thenApply(x -> Completion.ok(op.value()));
        return pushed
            .thenCompose(x -> async.waitForReplication(waitReplicas, waitMillis))
            .thenApply(acked -> waited(op, acked));
      case "incr":
        return async.incrby(key, (Long) op.value()).thenApply(x -> Completion.ok(op.value()));
      case "put":
        return async
            .set(key, bulkValue((Long) op.value()))
            .thenApply(x -> Completion.ok(op.value()));
      case "put-ttl":
        return async
            .set(
                key,
                bulkValue((Long) op.value()),
                io.lettuce.core.SetArgs.Builder.px(BulkWorkload.ttlMillis((Long) op.value())))
            .thenApply(x -> Completion.ok(op.value()));
      case "del":
        return async.del(key).thenApply(Completion::ok);
      case "persist":
        return async.persist(key).thenApply(Completion::ok);
      default:
        throw new IllegalArgumentException("not an async op " + op.f());
    }
  }

  /** An append followed by WAIT: ok when WAIT counted enough replicas, info otherwise. */
  private Completion waited(OpSpec op, long acked) {
    if (acked >= waitReplicas) return Completion.ok(op.value());
    return Completion.info(
        op.value(),
        "WAIT " + waitReplicas + " " + waitMillis + ": " + acked + " replicas acknowledged");
  }

  private Completion run(OpSpec op) {
    if (op.value() instanceof Call call) return call.run(redis); // ops that run themselves
    String key = op.key();
    switch (op.f()) {
      case "read":
        if (key.startsWith("l"))
          return Completion.ok(redis.lrange(key, 0, -1).stream().map(Long::parseLong).toList());
        if (key.startsWith("b")) return Completion.ok(summary(redis.get(key)));
        return Completion.ok(parseLong(redis.get(key)));
      case "write":
        redis.set(key, op.value().toString());
        return Completion.ok(op.value());
      case "cas":
        return cas(key, (List<?>) op.value());
      case "append":
        redis.rpush(key, op.value().toString());
        if (waitReplicas > 0) return waited(op, redis.waitForReplication(waitReplicas, waitMillis));
        return Completion.ok(op.value());
      case "incr":
        redis.incrby(key, (Long) op.value());
        return Completion.ok(op.value());
      case "put":
        redis.set(key, bulkValue((Long) op.value()));
        return Completion.ok(op.value());
      case "put-ttl":
        redis.set(
            key,
            bulkValue((Long) op.value()),
            io.lettuce.core.SetArgs.Builder.px(BulkWorkload.ttlMillis((Long) op.value())));
        return Completion.ok(op.value());
      case "del":
        return Completion.ok(redis.del(key));
      case "persist":
        return Completion.ok(redis.persist(key));
      default:
        throw new IllegalArgumentException("unknown op " + op.f());
    }
  }

  private Completion cas(String key, List<?> expectedAndNew) {
    Object expected = expectedAndNew.get(0);
    redis.watch(key);
    Long current = parseLong(redis.get(key));
    // Knossos's cas-register starts at 0: a missing key reads as 0 for the compare.
    long currentOrZero = current == null ? 0 : current;
    if (currentOrZero != ((Number) expected).longValue()) {
      redis.unwatch();
      return Completion.fail(expectedAndNew, "compare failed");
    }
    redis.multi();
    redis.set(key, expectedAndNew.get(1).toString());
    TransactionResult result = redis.exec();
    return result.wasDiscarded()
        ? Completion.fail(expectedAndNew, "watched key changed")
        : Completion.ok(expectedAndNew);
  }

  private String bulkValue(long seed) {
    int valueSize =
        sizes == null
            ? this.valueSize
            : Math.max(1, Math.min(this.valueSize, sizes.applyAsInt(seed)));
    char[] chars = new char[valueSize];
    Arrays.fill(chars, (char) ('a' + Math.floorMod(seed, 26)));
    String prefix = Long.toString(seed);
    prefix.getChars(0, Math.min(prefix.length(), valueSize), chars, 0);
    return new String(chars);
  }

  /** A bulk value as reads record it: its hash and length, not kilobytes of filler. */
  public static String summary(String value) {
    return value == null ? null : Integer.toHexString(value.hashCode()) + ":" + value.length();
  }

  private static Long parseLong(String s) {
    return s == null ? null : Long.parseLong(s);
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  @Override
  /**
   * Closes the connection and its client, each within a bound ({@link #CLOSE_SECONDS}): Lettuce's
   * own close and shutdown wait without one, and a client's thread once stayed past the drive's end
   * until the run's bound aborted it (on a loaded machine, after a failed write). A close that does
   * not end in time is given up; the run's shared resources are shut down at its end anyway.
   */
  public void close() {
    try {
      awaitBounded(connection.closeAsync());
    } finally {
      awaitBounded(client.shutdownAsync(0, 2, TimeUnit.SECONDS));
    }
  }

  /** Waits at most {@link #CLOSE_SECONDS} for one step of {@link #close}; past it, gives up. */
  private static void awaitBounded(java.util.concurrent.Future<?> step) {
    try {
      step.get(CLOSE_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // given up: see close()
    }
  }

  /** How long each of a close's two steps may take. */
  static final long CLOSE_SECONDS = 5;
}
