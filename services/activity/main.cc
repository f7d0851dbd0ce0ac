// stem-activity: the activity registration service as its own process.
#include "contexts/suite/suite_schema.h"
#include "libs/service/process.h"
#include "services/activity/module.h"

int main(int argc, char** argv) {
  return stem::service::RunProcess(
      argc, argv,
      {"stem-activity: STEM activities, attendance and child-minutes over gRPC",
       stem::suite::RegisterSuiteSchema,
       {stem::activity::MakeActivityModule}});
}
