// Where the reference data (municipalities, school calendars) lies when no flag says:
// $STEM_SHARED_DATA_DIR, else ../shared/data (beside a checkout). The data is read where it
// lies, never copied. The environment is read here, at the edge of the platform, so that
// libs/domain stays pure.
#ifndef STEM_LIBS_COMMON_SHARED_DATA_H_
#define STEM_LIBS_COMMON_SHARED_DATA_H_

#include <string>

namespace stem {

std::string DefaultSharedDataDir();

}  // namespace stem

#endif  // STEM_LIBS_COMMON_SHARED_DATA_H_
