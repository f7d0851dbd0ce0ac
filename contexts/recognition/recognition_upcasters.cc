#include "contexts/recognition/recognition_upcasters.h"

namespace stem::recognition {

// Every recognition fact is still at schema version 1: there is no step yet.
void RegisterRecognitionUpcasters(events::UpcasterRegistry& /*upcasters*/) {}

}  // namespace stem::recognition
