// stem-partnership: the partnership reporting service as its own process.
#include "contexts/suite/suite_schema.h"
#include "libs/service/process.h"
#include "services/partnership/module.h"

int main(int argc, char** argv) {
  return stem::service::RunProcess(
      argc, argv,
      {"stem-partnership: STEM-partnership calls, decisions and reports over gRPC",
       stem::suite::RegisterSuiteSchema,
       {stem::partnership::MakePartnershipModule}});
}
