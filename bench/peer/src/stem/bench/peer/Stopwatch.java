package stem.bench.peer;

import java.lang.management.ManagementFactory;

/**
 * Wall-clock and CPU time since its creation, as bench/stopwatch.h measures ours: the CPU time
 * is the whole process's (every thread: the stream threads, the Kafka clients', RocksDB's, the
 * JIT compiler's and the garbage collector's).
 */
final class Stopwatch {
  /** Seconds since the stopwatch started. */
  record Timing(double wallSeconds, double cpuSeconds) {}

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final long startWall = System.nanoTime();
  private final long startCpu = OS.getProcessCpuTime();

  Timing elapsed() {
    long wall = System.nanoTime();
    long cpu = OS.getProcessCpuTime();
    return new Timing((wall - startWall) / 1e9, (cpu - startCpu) / 1e9);
  }
}
