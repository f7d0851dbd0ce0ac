package stem.bench.peer;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far the application got, shared by its stream threads: when the first record reached the
 * processor, and when a transaction commit made the expected-th record's processing durable
 * (its tally written, its offset committed: what our runner's "applied and committed" is).
 *
 * <p>A stream thread processes and commits in turn, never both at once, so the records that it
 * had processed when a commitTransaction() of its producer returns are all in that transaction
 * or an earlier one. The count is per thread for that reason; a thread reads and writes only its
 * own.
 */
final class Progress {
  private static final class ThreadCount {
    long processed;
    long committed;
  }

  private final long expected;
  private final Stopwatch stopwatch;
  private final ThreadLocal<ThreadCount> counts = ThreadLocal.withInitial(ThreadCount::new);
  private final AtomicLong committed = new AtomicLong();
  private final CountDownLatch allCommitted = new CountDownLatch(1);
  private volatile Stopwatch.Timing first;
  private volatile Stopwatch.Timing last;

  Progress(long expected, Stopwatch stopwatch) {
    this.expected = expected;
    this.stopwatch = stopwatch;
  }

  /** In a stream thread, for every record processed. */
  void processed() {
    if (first == null) {
      synchronized (this) {
        if (first == null) first = stopwatch.elapsed();
      }
    }
    counts.get().processed++;
  }

  /** In a stream thread, when its producer's commitTransaction() has returned. */
  void committed() {
    ThreadCount count = counts.get();
    long newly = count.processed - count.committed;
    count.committed = count.processed;
    // An aborted transaction's records are processed again after a rebalance (not expected in
    // a run of one instance): the count could then reach the expected number early. The
    // store's check after the run would still catch a wrong result.
    if (newly > 0 && committed.addAndGet(newly) >= expected && last == null) {
      last = stopwatch.elapsed();
      allCommitted.countDown();
    }
  }

  boolean awaitAllCommitted(long millis) throws InterruptedException {
    return allCommitted.await(millis, TimeUnit.MILLISECONDS);
  }

  long committedRecords() {
    return committed.get();
  }

  Stopwatch.Timing first() {
    return first;
  }

  Stopwatch.Timing last() {
    return last;
  }
}
