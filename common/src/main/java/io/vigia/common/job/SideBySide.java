package io.vigia.common.job;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Independent Spark jobs of one run submitted side by side from a few driver threads: most of a small
 * job's time is driver-side (planning, code generation, scheduling, a Delta commit), so while one
 * thread plans the others' tasks run. Results come back in the order of the items, whatever the order
 * the work finishes in, so a run's output does not depend on the threads. Spark's local properties
 * (job group, description) are inherited by the threads, which are created here, outside any query.
 */
public final class SideBySide {
  private SideBySide() {}

  /** One item's work. */
  @FunctionalInterface
  public interface Work<T, R> {
    R apply(T item) throws Exception;
  }

  /**
   * {@code work} applied to every item on at most {@code threads} threads, the results in item order.
   * A failure is thrown as an IllegalStateException "WHAT failed: its message" with the failure as its
   * cause (an Error as it is): on several threads the first in item order, after every item has
   * finished or failed; on one thread (or for one item) the items run in the caller's thread, in order,
   * and the first failure stops them.
   */
  public static <T, R> List<R> map(List<T> items, int threads, String what, Work<T, R> work) {
    if (items.isEmpty()) {
      return List.of();
    }
    if (threads <= 1 || items.size() == 1) {
      List<R> out = new ArrayList<>(items.size());
      for (T item : items) {
        out.add(call(work, item, what));
      }
      return out;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, items.size()));
    try {
      List<Future<R>> futures = new ArrayList<>(items.size());
      for (T item : items) {
        futures.add(pool.submit(() -> work.apply(item)));
      }
      List<R> out = new ArrayList<>(items.size());
      RuntimeException first = null;
      for (Future<R> f : futures) {
        try {
          out.add(f.get());
        } catch (ExecutionException e) {
          if (first == null) {
            first = unchecked(e.getCause(), what);
          }
          out.add(null);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(what + ": interrupted", e);
        }
      }
      if (first != null) {
        throw first;
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static <T, R> R call(Work<T, R> work, T item, String what) {
    try {
      return work.apply(item);
    } catch (Exception e) {
      throw unchecked(e, what);
    }
  }

  private static RuntimeException unchecked(Throwable t, String what) {
    if (t instanceof Error err) {
      throw err;
    }
    return new IllegalStateException(what + " failed: " + t.getMessage(), t);
  }
}
