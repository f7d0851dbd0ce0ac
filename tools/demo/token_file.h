// The identities of everyone who acts in the demo, as stem-allinone's --token_file wants
// them: lines of `<token> <ROLE> <identity>`. stem-demo writes the file before the server
// starts (fresh random tokens, readable by the owner only) and reads it back to act.
#ifndef STEM_TOOLS_DEMO_TOKEN_FILE_H_
#define STEM_TOOLS_DEMO_TOKEN_FILE_H_

#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/demo/scenario_plan.h"

namespace stem::demo {

// A caller: ROLE (OFFICER, AUDITOR, OPERATOR, ACADEMY, MUNICIPALITY) and identity.
struct Actor {
  std::string role;
  std::string identity;

  bool operator<(const Actor& other) const {
    return std::tie(role, identity) < std::tie(other.role, other.identity);
  }
};

Actor Officer();
Actor Auditor();
Actor Operator();
Actor AcademyActor(const std::string& kbo);
Actor MunicipalityActor(const std::string& nis_code);

// Every actor of the plan: the officer, auditor and operator, each academy, and each
// municipality that registers demand.
std::vector<Actor> ActorsOf(const ScenarioPlan& plan);

// Writes one fresh random token per actor to `path` (mode 0600).
absl::Status WriteTokenFile(const std::string& path, const std::vector<Actor>& actors);

class TokenBook {
 public:
  static absl::StatusOr<TokenBook> Read(const std::string& path);
  // NOT_FOUND when the file names no such actor.
  absl::StatusOr<std::string> TokenOf(const Actor& actor) const;

 private:
  std::map<Actor, std::string> tokens_;
};

}  // namespace stem::demo

#endif  // STEM_TOOLS_DEMO_TOKEN_FILE_H_
