package stem.bench.peer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The tally of libs/projection/testing/tally_projector.h, as a Kafka Streams processor: per
 * aggregate the number of its events, the sum of their amounts and the last sequence, read
 * from the store, updated and written back for every record; a sequence that is not the last
 * + 1 is a violation (an event applied twice, skipped or out of order). An unreadable record
 * fails the application.
 */
final class TallyProcessor implements Processor<String, byte[], Void, Void> {
  static final String STORE = "tally";

  /** The store's value: count, sum and last sequence, 8 bytes each. */
  record Tally(long count, long sum, long last) {
    static Tally decode(byte[] bytes) {
      if (bytes == null) return new Tally(0, 0, 0);
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      return new Tally(buffer.getLong(), buffer.getLong(), buffer.getLong());
    }

    byte[] encode() {
      return ByteBuffer.allocate(24).putLong(count).putLong(sum).putLong(last).array();
    }
  }

  private final Progress progress;
  private final AtomicLong violations;
  private KeyValueStore<String, byte[]> store;

  TallyProcessor(Progress progress, AtomicLong violations) {
    this.progress = progress;
    this.violations = violations;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    EnvelopeReader.Step step;
    try {
      step = EnvelopeReader.read(record.value());
    } catch (IOException e) {
      throw new StreamsException("record of key " + record.key() + " holds no event envelope", e);
    }
    Tally tally = Tally.decode(store.get(step.aggregateId()));
    if (step.sequence() != tally.last() + 1) violations.incrementAndGet();
    store.put(step.aggregateId(),
        new Tally(tally.count() + 1, tally.sum() + step.amount(), step.sequence()).encode());
    progress.processed();
  }
}
