// stem-recognition: the recognition service as its own process.
#include "contexts/suite/suite_schema.h"
#include "libs/service/process.h"
#include "services/recognition/module.h"

int main(int argc, char** argv) {
  return stem::service::RunProcess(argc, argv,
                                   {"stem-recognition: recognition of STEM-academies over gRPC",
                                    stem::suite::RegisterSuiteSchema,
                                    {stem::recognition::MakeRecognitionModule}});
}
