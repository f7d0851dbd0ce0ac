// Which store a runtime projects into and which it serves queries from when its projector
// changed (blue/green, as Marten 7 does): each store directory records the version of the
// projector that built it (Projector::Version). A store of another version keeps answering
// queries while a fresh one is built beside it (`<path>.next`) from the log; once that one
// has caught up the runtime switches to it and marks it rebuilt, and the next start puts it
// in the old one's place.
#ifndef STEM_LIBS_SERVICE_STORE_GENERATIONS_H_
#define STEM_LIBS_SERVICE_STORE_GENERATIONS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace stem::service {

struct StoreLayout {
  // Where the projection writes.
  std::string building_path;
  // Where queries read until the building store has caught up; equal to building_path
  // when no rebuild is under way.
  std::string serving_path;
  bool rebuilding() const { return building_path != serving_path; }
};

// Promotes a rebuild that finished before (MarkRebuilt), then compares the store at `path`
// with `version`: the same (or no store yet) - project into it; another - rebuild beside it
// (a leftover `.next` of a third version is removed). A store that predates version
// records counts as version "1". Errors are the file system's.
absl::StatusOr<StoreLayout> PrepareStores(const std::string& path, const std::string& version);

// Records the projector version of the (open) store at `path`, once: an existing record is
// left as it is.
absl::Status RecordVersion(const std::string& path, const std::string& version);

// The rebuild at `building_path` has caught up: the next start promotes it.
absl::Status MarkRebuilt(const std::string& building_path);

}  // namespace stem::service

#endif  // STEM_LIBS_SERVICE_STORE_GENERATIONS_H_
