// The event-log contract suite (testing/log_contract.h) against the embedded log.
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "libs/common/absl_compat.h"
#include "libs/eventlog/embedded_event_log.h"
#include "libs/eventlog/internal/embedded_testing.h"
#include "libs/eventlog/testing/log_contract.h"

namespace stem::eventlog {
namespace {

class EmbeddedLogUnderTest final : public testing::LogUnderTest {
 public:
  absl::StatusOr<std::unique_ptr<EventLog>> Open() override {
    return OpenEmbeddedEventLog({.directory = directory_.path() + "/log", .sync = true});
  }
  // Every test has a directory of its own, so a counter is unique enough.
  std::string UniqueName(std::string_view base) override {
    return absl::StrCat(ToAbsl(base), "-", ++names_);
  }

 private:
  internal::TestDirectory directory_;
  int names_ = 0;
};

STEM_INSTANTIATE_LOG_CONTRACT(Embedded, testing::LogUnderTestFactory{
                                            "Embedded", [] {
                                              return std::make_unique<EmbeddedLogUnderTest>();
                                            }});

}  // namespace
}  // namespace stem::eventlog
