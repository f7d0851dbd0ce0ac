package stem.bench.peer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The Kafka Streams peer of projection_rebuild_bench (BENCHMARKS.md, issue 14): a new Kafka
 * Streams application (processing.guarantee=exactly_once_v2, a persistent RocksDB store with
 * its changelog) tallies the benchmark topic from its beginning as our runner's rebuild does,
 * and prints when it saw the first record, when the last was processed and committed, and
 * when the application had closed:
 *
 * <pre>
 *   PEER first_s=S last_s=S end_s=S cpu_first_s=S cpu_last_s=S cpu_end_s=S events=N
 * </pre>
 *
 * Seconds from the creation of the application (as our rows time from the creation of their
 * consumer or runner; the JVM's start is not counted). CPU is the process's. Then the store is
 * checked (untimed): every event counted once, in order, for the expected number of
 * aggregates; otherwise the exit status is 1 and nothing is printed on stdout.
 *
 * <p>Flags: --bootstrap=HOST:PORT --topic=T --events=N --aggregates=A [--threads=1]
 * [--caching=true] [--state_parent=DIR (java.io.tmpdir)] [--patience_s=600]. The state
 * directory is a new one under the state parent, deleted at the end.
 */
public final class TallyPeer {
  private TallyPeer() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> flags = new HashMap<>(Map.of("threads", "1", "caching", "true",
        "state_parent", System.getProperty("java.io.tmpdir"), "patience_s", "600"));
    for (String arg : args) {
      String[] parts = arg.split("=", 2);
      if (parts.length != 2 || !parts[0].startsWith("--")) usage("bad argument " + arg);
      flags.put(parts[0].substring(2), parts[1]);
    }
    for (String required : new String[] {"bootstrap", "topic", "events", "aggregates"}) {
      if (!flags.containsKey(required)) usage("--" + required + " is required");
    }
    long events = Long.parseLong(flags.get("events"));
    long aggregates = Long.parseLong(flags.get("aggregates"));
    Path stateDir = Files.createTempDirectory(Path.of(flags.get("state_parent")), "stem-peer-");
    int status;
    try {
      status = run(flags, events, aggregates, stateDir);
    } finally {
      deleteRecursively(stateDir);
    }
    System.exit(status);  // also ends whatever thread a client library left behind
  }

  private static int run(Map<String, String> flags, long events, long aggregates, Path stateDir)
      throws Exception {
    Properties config = new Properties();
    // A new application each run: no committed offsets, no local state, no changelog yet.
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "stem-bench-peer-" + UUID.randomUUID());
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, flags.get("bootstrap"));
    // Transactions over the store's changelog, its output and the consumed offsets; reads
    // read_committed. commit.interval.ms stays at its default under exactly-once: 100 ms.
    config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, flags.get("threads"));
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");

    Stopwatch stopwatch = new Stopwatch();
    Progress progress = new Progress(events, stopwatch);
    AtomicLong violations = new AtomicLong();
    Topology topology = new Topology();
    topology.addSource("events", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
        flags.get("topic"));
    topology.addProcessor("tally", () -> new TallyProcessor(progress, violations), "events");
    // A persistent (RocksDB) store with its changelog topic: on, as Stores builds it by default
    // and as a real application keeps it, so every tally written is also produced to Kafka in
    // the transaction. With caching (the DSL's default for its aggregations) a tally is written
    // to RocksDB and the changelog once per commit, not once per event: the counterpart of our
    // runner's write-back overlay of a batch.
    StoreBuilder<KeyValueStore<String, byte[]>> store = Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(TallyProcessor.STORE), Serdes.String(), Serdes.ByteArray());
    if (Boolean.parseBoolean(flags.get("caching"))) store = store.withCachingEnabled();
    topology.addStateStore(store, "tally");

    AtomicReference<Throwable> failure = new AtomicReference<>();
    KafkaStreams streams = new KafkaStreams(topology, config, new CommitClock(progress));
    streams.setUncaughtExceptionHandler(e -> {
      failure.compareAndSet(null, e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streams.start();
    long giveUp = System.nanoTime() + Long.parseLong(flags.get("patience_s")) * 1_000_000_000L;
    while (!progress.awaitAllCommitted(100)) {
      String problem = null;
      if (failure.get() != null) {
        problem = "the application failed: " + failure.get();
      } else if (streams.state() == KafkaStreams.State.ERROR
          || streams.state() == KafkaStreams.State.NOT_RUNNING) {
        problem = "the application is " + streams.state();
      } else if (System.nanoTime() > giveUp) {
        problem = progress.committedRecords() + " of " + events + " records committed after "
            + flags.get("patience_s") + " s";
      }
      if (problem != null) {
        System.err.println("TallyPeer: " + problem);
        streams.close(Duration.ofSeconds(30));
        return 1;
      }
    }
    Stopwatch.Timing first = progress.first();
    Stopwatch.Timing last = progress.last();

    String wrong = check(streams, events, aggregates, violations.get());  // untimed
    Stopwatch.Timing closing = stopwatch.elapsed();
    boolean closed = streams.close(Duration.ofMinutes(1));
    Stopwatch.Timing closedAt = stopwatch.elapsed();
    if (wrong != null || !closed) {
      System.err.println("TallyPeer: " + (wrong != null ? wrong : "close() timed out"));
      return 1;
    }
    // To the end: the close that commits and flushes what is left, without the check above.
    double endWall = last.wallSeconds() + closedAt.wallSeconds() - closing.wallSeconds();
    double endCpu = last.cpuSeconds() + closedAt.cpuSeconds() - closing.cpuSeconds();
    System.out.printf(Locale.ROOT,
        "PEER first_s=%.6f last_s=%.6f end_s=%.6f cpu_first_s=%.6f cpu_last_s=%.6f "
            + "cpu_end_s=%.6f events=%d%n",
        first.wallSeconds(), last.wallSeconds(), endWall, first.cpuSeconds(), last.cpuSeconds(),
        endCpu, events);
    System.out.flush();
    return 0;
  }

  /** What is wrong with the store after the run, or null. A fast, wrong peer measures nothing. */
  private static String check(KafkaStreams streams, long events, long aggregates,
      long violations) throws InterruptedException {
    if (violations != 0) return violations + " steps out of order";
    ReadOnlyKeyValueStore<String, byte[]> store = null;
    for (int attempt = 0; store == null; ++attempt) {
      try {
        store = streams.store(StoreQueryParameters.fromNameAndType(
            TallyProcessor.STORE, QueryableStoreTypes.keyValueStore()));
      } catch (InvalidStateStoreException e) {
        if (attempt == 100) return "the store cannot be read: " + e;
        Thread.sleep(100);  // a rebalance in progress
      }
    }
    long counted = 0;
    long seen = 0;
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, byte[]> entry = all.next();
        TallyProcessor.Tally tally = TallyProcessor.Tally.decode(entry.value);
        // Steps go 1, 2, 3, ... per aggregate: without a violation, the last is the count.
        if (tally.last() != tally.count()) {
          return entry.key + " counted " + tally.count() + " steps up to " + tally.last();
        }
        counted += tally.count();
        ++seen;
      }
    }
    if (counted != events) return "counted " + counted + " events, not " + events;
    if (seen != aggregates) return "tallied " + seen + " aggregates, not " + aggregates;
    return null;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static void usage(String problem) {
    System.err.println("TallyPeer: " + problem + "\nusage: TallyPeer --bootstrap=HOST:PORT "
        + "--topic=T --events=N --aggregates=A [--threads=1] [--caching=true] "
        + "[--state_parent=DIR] [--patience_s=600]");
    System.exit(2);
  }

  /**
   * The clients Kafka Streams makes by default (its DefaultKafkaClientSupplier), except that
   * each stream thread's producer tells the progress when its commitTransaction() returned:
   * under exactly_once_v2 the stream thread commits through it (the store's changelog writes
   * and the consumed offsets, in one transaction).
   */
  private static final class CommitClock implements KafkaClientSupplier {
    private final Progress progress;

    CommitClock(Progress progress) {
      this.progress = progress;
    }

    @Override
    public Admin getAdmin(Map<String, Object> config) {
      return Admin.create(config);
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
      return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()) {
        @Override
        public void commitTransaction() {
          super.commitTransaction();
          progress.committed();
        }
      };
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
      return consumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
      return consumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
      return consumer(config);
    }

    private static Consumer<byte[], byte[]> consumer(Map<String, Object> config) {
      return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
  }
}
