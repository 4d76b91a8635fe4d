package io.replicheck.runner;

import io.replicheck.history.EventType;
import io.replicheck.workload.Completion;
import io.replicheck.workload.OpSpec;
import io.replicheck.workload.WorkloadClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One Jepsen process's ops as a chain of async calls on Lettuce's event loop (issue 19): the
 * completion of one op records it and invokes the next, so no thread wakes between two ops and each
 * command leaves from the loop that reads its reply. The process still has at most one op
 * outstanding: the next invoke is recorded only after the previous completion.
 *
 * <p>The chain ends at the first op that does not end ok (the caller closes the connection, and
 * after an info continues as a new process), when {@code next} has no op (the drive stopped), or at
 * an op {@link WorkloadClient#runsAsync} does not take, which it hands back uninvoked for the
 * caller to run synchronously. The thread that {@link #run}s the chain sleeps meanwhile and wakes a
 * few times per op timeout to enforce it: an op with no reply past its bound ends as {@link
 * WorkloadClient#timedOut} (info for a write), whichever of the reply and the bound comes first
 * decides, and a later reply is dropped.
 */
final class ProcessChain {

  /** How the chain ended: the last completion (not ok), an op handed back, or neither (stopped). */
  record End(OpSpec op, Completion last, OpSpec handedBack) {
    static final End STOPPED = new End(null, null, null);
  }

  /** The op outstanding; set once when its completion is recorded (by the reply or the bound). */
  private static final class Pending extends AtomicBoolean {
    final OpSpec op;
    final long deadline;

    Pending(OpSpec op, long deadline) {
      this.op = op;
      this.deadline = deadline;
    }
  }

  private final WorkloadClient client;
  private final HistoryRecorder history;
  private final long process;
  private final String node;
  private final long timeoutNanos;
  private final Supplier<OpSpec> next;
  private final Runnable completed;
  private final CompletableFuture<End> end = new CompletableFuture<>();
  private volatile Pending current;
  private volatile boolean halted;

  /**
   * @param next the process's next op, or null when the drive stops
   * @param completed called once per recorded completion (the drive's op count)
   */
  ProcessChain(
      WorkloadClient client,
      HistoryRecorder history,
      long process,
      String node,
      Duration opTimeout,
      Supplier<OpSpec> next,
      Runnable completed) {
    this.client = client;
    this.history = history;
    this.process = process;
    this.node = node;
    this.timeoutNanos = opTimeout.toNanos();
    this.next = next;
    this.completed = completed;
  }

  /**
   * Runs the chain until it ends; returns how. An error of the chain itself (the history closed, a
   * workload's bug) is thrown as the sync loop would. Interrupted (the drive's pool is shut down
   * past its bound), it ends the op outstanding as timed out, invokes no other and returns at once
   * with the interrupt flag set.
   */
  End run() {
    step();
    long tick = Math.max(10_000_000L, Math.min(200_000_000L, timeoutNanos / 8));
    while (true) {
      try {
        return end.get(tick, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        expire(System.nanoTime());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        halted = true;
        Pending p = current;
        if (p != null) expire(p.deadline);
        end.complete(End.STOPPED);
        return end.getNow(End.STOPPED);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException re) throw re;
        if (e.getCause() instanceof Error error) throw error;
        throw new IllegalStateException(e.getCause());
      }
    }
  }

  /** Ends the outstanding op as timed out when it is past its bound at {@code now}. */
  void expire(long now) {
    Pending p = current;
    if (p == null || now - p.deadline < 0 || !p.compareAndSet(false, true)) return;
    try {
      Completion c = client.timedOut(p.op);
      record(p.op, c);
      end.complete(new End(p.op, c, null));
    } catch (RuntimeException | Error e) {
      end.completeExceptionally(e);
    }
  }

  /** Invokes the next op, or ends the chain when there is none it can run. */
  private void step() {
    try {
      OpSpec op = halted ? null : next.get();
      if (op == null) {
        end.complete(End.STOPPED);
        return;
      }
      if (!client.runsAsync(op)) {
        end.complete(new End(null, null, op));
        return;
      }
      history.record(
          process,
          EventType.INVOKE,
          op.f(),
          op.key(),
          op.f().equals("read") ? null : op.value(),
          node,
          null);
      Pending p = new Pending(op, System.nanoTime() + timeoutNanos);
      current = p;
      client.invokeAsync(op).whenComplete((c, e) -> replied(p, c, e));
    } catch (RuntimeException | Error e) {
      end.completeExceptionally(e);
    }
  }

  /** The reply of {@code p}'s op: on the event loop, or at once when the connection refused it. */
  private void replied(Pending p, Completion c, Throwable e) {
    if (!p.compareAndSet(false, true)) return; // the bound ended it first
    try {
      if (e != null) throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
      record(p.op, c);
      if (c.type().equals("ok")) {
        step();
      } else {
        end.complete(new End(p.op, c, null));
      }
    } catch (RuntimeException | Error t) {
      end.completeExceptionally(t);
    }
  }

  private void record(OpSpec op, Completion c) {
    history.record(
        process, EventType.fromWire(c.type()), op.f(), op.key(), c.value(), node, c.error());
    completed.run();
  }
}
