package stem.bench.peer;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;

/**
 * Reads what the tally needs from a serialized stem.events.v1.EventEnvelope
 * (proto/stem/events/v1/envelope.proto): aggregate_id (3), aggregate_version (4), event_type
 * (5) and payload (13, a google.protobuf.Any holding a stem.events.testing.v1.SampleStepRecorded:
 * sequence 1, amount 2). A parse with protobuf-java's CodedInputStream, field by field as
 * generated code does it; the envelope's other fields are skipped (their wire format checked,
 * their contents not decoded), which is less work than the full message parse our runner does.
 */
final class EnvelopeReader {
  static final String STEP_TYPE = "stem.events.testing.v1.SampleStepRecorded";

  /** One event as the tally sees it. */
  record Step(String aggregateId, long aggregateVersion, String eventType, long sequence,
      long amount) {}

  // Tags: field number << 3 | wire type (0 varint, 2 length-delimited).
  private static final int ENVELOPE_AGGREGATE_ID = 3 << 3 | 2;
  private static final int ENVELOPE_AGGREGATE_VERSION = 4 << 3;
  private static final int ENVELOPE_EVENT_TYPE = 5 << 3 | 2;
  private static final int ENVELOPE_PAYLOAD = 13 << 3 | 2;
  private static final int ANY_TYPE_URL = 1 << 3 | 2;
  private static final int ANY_VALUE = 2 << 3 | 2;
  private static final int STEP_SEQUENCE = 1 << 3;
  private static final int STEP_AMOUNT = 2 << 3;

  private EnvelopeReader() {}

  static Step read(byte[] envelope) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(envelope);
    String aggregateId = "";
    long aggregateVersion = 0;
    String eventType = "";
    String typeUrl = null;
    long[] step = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case ENVELOPE_AGGREGATE_ID -> aggregateId = in.readStringRequireUtf8();
        case ENVELOPE_AGGREGATE_VERSION -> aggregateVersion = in.readInt64();
        case ENVELOPE_EVENT_TYPE -> eventType = in.readStringRequireUtf8();
        case ENVELOPE_PAYLOAD -> {
          int limit = in.pushLimit(in.readRawVarint32());
          for (int anyTag = in.readTag(); anyTag != 0; anyTag = in.readTag()) {
            switch (anyTag) {
              case ANY_TYPE_URL -> typeUrl = in.readStringRequireUtf8();
              case ANY_VALUE -> step = readStep(in);
              default -> skip(in, anyTag);
            }
          }
          in.popLimit(limit);
        }
        default -> skip(in, tag);
      }
    }
    if (typeUrl == null || !typeUrl.substring(typeUrl.lastIndexOf('/') + 1).equals(STEP_TYPE)) {
      throw new InvalidProtocolBufferException(
          "payload of " + aggregateId + " v" + aggregateVersion + " is " + typeUrl + ", not "
              + STEP_TYPE);
    }
    if (step == null) step = new long[2];  // an empty SampleStepRecorded
    return new Step(aggregateId, aggregateVersion, eventType, step[0], step[1]);
  }

  private static long[] readStep(CodedInputStream in) throws IOException {
    long[] step = new long[2];
    int limit = in.pushLimit(in.readRawVarint32());
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case STEP_SEQUENCE -> step[0] = in.readInt64();
        case STEP_AMOUNT -> step[1] = in.readInt64();
        default -> skip(in, tag);
      }
    }
    in.popLimit(limit);
    return step;
  }

  private static void skip(CodedInputStream in, int tag) throws IOException {
    if (!in.skipField(tag)) throw new InvalidProtocolBufferException("unexpected end-group tag");
  }
}
