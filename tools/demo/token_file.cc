#include "tools/demo/token_file.h"

#include <sys/stat.h>

#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace stem::demo {
namespace {

// 128 random bits as hex: unguessable, unlike anything derived from the seed.
std::string FreshToken() {
  std::random_device device;
  std::string token;
  for (int i = 0; i < 4; ++i) absl::StrAppendFormat(&token, "%08x", device());
  return token;
}

}  // namespace

Actor Officer() { return {"OFFICER", "an.officer@vlaio.be"}; }
Actor Auditor() { return {"AUDITOR", "an.auditor@vlaio.be"}; }
Actor Operator() { return {"OPERATOR", "demo-operator"}; }
Actor AcademyActor(const std::string& kbo) { return {"ACADEMY", kbo}; }
Actor MunicipalityActor(const std::string& nis_code) { return {"MUNICIPALITY", nis_code}; }

std::vector<Actor> ActorsOf(const ScenarioPlan& plan) {
  std::vector<Actor> actors = {Officer(), Auditor(), Operator()};
  for (const AcademyPlan& academy : plan.academies) actors.push_back(AcademyActor(academy.kbo));
  std::set<std::string> municipalities;
  for (const DemandPlan& demand : plan.demand) municipalities.insert(demand.nis_code);
  for (const std::string& code : municipalities) actors.push_back(MunicipalityActor(code));
  return actors;
}

absl::Status WriteTokenFile(const std::string& path, const std::vector<Actor>& actors) {
  std::ofstream out(path, std::ios::trunc);
  if (!out) return absl::PermissionDeniedError("cannot write the token file " + path);
  ::chmod(path.c_str(), S_IRUSR | S_IWUSR);
  out << "# stem-demo: throw-away identities of one demo run (never a real suite's).\n";
  for (const Actor& actor : actors) {
    out << FreshToken() << " " << actor.role << " " << actor.identity << "\n";
  }
  out.close();
  if (!out) return absl::DataLossError("cannot finish writing the token file " + path);
  return absl::OkStatus();
}

absl::StatusOr<TokenBook> TokenBook::Read(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError("cannot read the token file " + path);
  TokenBook book;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string token;
    Actor actor;
    if (!(fields >> token) || token[0] == '#') continue;
    if (!(fields >> actor.role >> actor.identity)) {
      return absl::InvalidArgumentError("token file " + path +
                                        ": a line is not "
                                        "`<token> <ROLE> <identity>`");
    }
    book.tokens_[actor] = token;
  }
  return book;
}

absl::StatusOr<std::string> TokenBook::TokenOf(const Actor& actor) const {
  auto found = tokens_.find(actor);
  if (found == tokens_.end()) {
    return absl::NotFoundError("the token file has no " + actor.role + " " + actor.identity +
                               ": write it with the same --seed (stem-demo --write_tokens)");
  }
  return found->second;
}

}  // namespace stem::demo
