// stem-subsidy: the subsidy service (periods, demand, applications, allocations, tranches) and the
// reports of rulebook section 7 as their own process.
#include "contexts/suite/suite_schema.h"
#include "libs/service/process.h"
#include "services/subsidy/module.h"

int main(int argc, char** argv) {
  return stem::service::RunProcess(
      argc, argv,
      {"stem-subsidy: subsidy periods, allocations, tranches and reports over gRPC",
       stem::suite::RegisterSuiteSchema,
       {stem::subsidy::MakeSubsidyModule}});
}
