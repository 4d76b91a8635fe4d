package io.replicheck.proxy.net;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.replicheck.proxy.toxic.Scheduler;
import java.util.concurrent.TimeUnit;

/** The toxics' time on a connection's Netty event loop. */
final class EventLoopScheduler implements Scheduler {
  private final EventLoop loop;

  EventLoopScheduler(EventLoop loop) {
    this.loop = loop;
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Cancellable schedule(Runnable task, long delayNanos) {
    ScheduledFuture<?> f = loop.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }
}
