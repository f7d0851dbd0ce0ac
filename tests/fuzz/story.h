// Commands told through the in-process suite's handlers, as a client would send them:
//   - the world: what every command input starts from (academy 0123456749 recognised, the
//     partnership call "2019" open with one application, subsidy period 2019-1 in its
//     application window and 2018-2 ready to allocate, one activity with sessions before
//     and after today, one application still pending), so that inputs reach the deeper
//     checks of every decider, not only "not found";
//   - the command story: after the world, one accepted command of every command RPC. The
//     seed generator (fuzz_seeds.cc) writes each as a seed of the command target, and the
//     facts the two stories wrote as seeds of the projection target.
#ifndef STEM_TESTS_FUZZ_STORY_H_
#define STEM_TESTS_FUZZ_STORY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tests/fuzz/in_process_suite.h"

namespace stem::fuzz {

struct StoryStep {
  // A name of CommandRpcs().
  std::string command;
  Caller caller = Caller::kOfficer;
  // The serialized request.
  std::string request;
};

std::vector<StoryStep> WorldStory();
// Reads the school calendar of 2018-2019 from the reference data.
absl::StatusOr<std::vector<StoryStep>> CommandStory();

// Calls every step in order; the first step that is not accepted fails it, named.
absl::Status Play(InProcessSuite& suite, const std::vector<StoryStep>& steps);

}  // namespace stem::fuzz

#endif  // STEM_TESTS_FUZZ_STORY_H_
