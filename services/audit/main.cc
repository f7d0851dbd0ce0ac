// stem-audit: the AuditService as its own process, for the distributed mode: it reads the
// log (Kafka) itself and takes the live side of each comparison from the services'
// ProjectionService (--projection_endpoints).
#include "contexts/suite/suite_schema.h"
#include "libs/service/process.h"
#include "services/audit/module.h"

int main(int argc, char** argv) {
  return stem::service::RunProcess(
      argc, argv,
      {"stem-audit: replay audits, explanations and as-of queries over gRPC",
       stem::suite::RegisterSuiteSchema,
       {stem::audit::MakeRemoteAuditModule}});
}
