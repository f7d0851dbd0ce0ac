#ifndef STEM_LIBS_EVENTLOG_INTERNAL_MURMUR2_H_
#define STEM_LIBS_EVENTLOG_INTERNAL_MURMUR2_H_

#include <cstdint>
#include <string_view>

namespace stem::eventlog::internal {

// Kafka's murmur2 (org.apache.kafka.common.utils.Utils.murmur2), byte for byte.
int32_t Murmur2(std::string_view data);

}  // namespace stem::eventlog::internal

#endif  // STEM_LIBS_EVENTLOG_INTERNAL_MURMUR2_H_
