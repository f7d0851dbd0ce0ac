#include "libs/common/shared_data.h"

#include <cstdlib>

namespace stem {

std::string DefaultSharedDataDir() {
  const char* configured = std::getenv("STEM_SHARED_DATA_DIR");
  return configured != nullptr && *configured != '\0' ? configured : "../shared/data";
}

}  // namespace stem
