// The bytes a projector stores for a message. A store's checksum covers them, and a rebuild
// must come out identical to the live store, so they must be the same for equal messages:
// protobuf's default serialization does not promise an order for map entries;
// deterministic serialization does.
#ifndef STEM_LIBS_PROJECTION_STATE_BYTES_H_
#define STEM_LIBS_PROJECTION_STATE_BYTES_H_

#include <string>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/message_lite.h"

namespace stem::projection {

inline std::string StateBytes(const google::protobuf::MessageLite& message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  return bytes;
}

}  // namespace stem::projection

#endif  // STEM_LIBS_PROJECTION_STATE_BYTES_H_
