// stem-activity: the activity registration service as its own process.
#include "contexts/suite/suite_fact_rules.h"
#include "libs/service/process.h"
#include "services/activity/module.h"

int main(int argc, char** argv) {
  return stem::service::RunProcess(
      argc, argv,
      {"stem-activity: STEM activities, attendance and child-minutes over gRPC",
       stem::suite::RegisterSuiteFactRules,
       {stem::activity::MakeActivityModule}});
}
