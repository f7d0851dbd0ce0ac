// Projects the recognition facts into Academy records (academy_state.h).
#ifndef STEM_CONTEXTS_RECOGNITION_ACADEMY_PROJECTOR_H_
#define STEM_CONTEXTS_RECOGNITION_ACADEMY_PROJECTOR_H_

#include "libs/projection/projector.h"

namespace stem::recognition {

class AcademyProjector final : public projection::Projector {
 public:
  explicit AcademyProjector(std::string topic) : topic_(std::move(topic)) {}
  std::vector<std::string> Topics() const override { return {topic_}; }
  absl::Status Apply(const events::v1::EventEnvelope& event, const eventlog::Record& record,
                     projection::Batch& batch) override;

 private:
  const std::string topic_;
};

}  // namespace stem::recognition

#endif  // STEM_CONTEXTS_RECOGNITION_ACADEMY_PROJECTOR_H_
