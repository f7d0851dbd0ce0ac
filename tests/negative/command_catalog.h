// Every command RPC of the suite with a good request, the caller who may send it, and the
// bad variants that depend on what its fields mean (dates out of range, unknown enum values,
// negative and overflowing numbers, other tenants' ids), each with the refusal it must get.
// The generic bad variants (text, lists, undecodable bytes) are made from the good request
// by request_mutations.h.
#ifndef STEM_TESTS_NEGATIVE_COMMAND_CATALOG_H_
#define STEM_TESTS_NEGATIVE_COMMAND_CATALOG_H_

#include <google/protobuf/message.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace stem::negative {

// What the suite the catalog is used against holds (set up by the test through the API).
struct World {
  std::string academy;         // recognised; the caller of academy commands
  std::string other_academy;   // recognised; a partner of `partnership_id`
  std::string activity_id;     // of `academy`, one session s1
  std::string partnership_id;  // of `academy` to call `call_id`, pending
  std::string call_id;
  std::string period_id;  // open for applications
};

struct SpecificCase {
  std::string what;
  std::function<void(google::protobuf::Message&)> spoil;
  absl::StatusCode code;
  std::string reason;
  // Sent with this token instead of the command's own (other tenants).
  std::string token;
};

struct CommandUnderTest {
  // "/stem.recognition.v1.RecognitionService/SubmitApplication".
  std::string method;
  std::shared_ptr<const google::protobuf::Message> good;
  // A name of the test token file (rpc/testing/test_tokens.h names).
  std::string token;
  std::vector<SpecificCase> cases;
};

std::vector<CommandUnderTest> CommandCatalog(const World& world);

}  // namespace stem::negative

#endif  // STEM_TESTS_NEGATIVE_COMMAND_CATALOG_H_
