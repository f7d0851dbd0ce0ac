// The real stem-recognition executable answers the standard gRPC server reflection
// protocol (grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo, a bidi stream)
// as a generic client such as grpcurl speaks it, and the standard health check.
//
// The reflection messages are not generated here: libgrpc++_reflection registers them
// already and a second copy aborts at start-up. The requests are encoded by hand and the
// answers read as unknown fields, with the field numbers of
// /usr/share/grpc-proto/grpc/reflection/v1alpha/reflection.proto. The service runs on the
// embedded log, so this test needs no broker.
#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/unknown_field_set.h"
#include "libs/common/testing/temp_dir.h"
#include "tests/integration/process_test_util.h"
#include "tests/integration/service_process.h"

namespace stem::integration {
namespace {

using google::protobuf::UnknownField;
using google::protobuf::UnknownFieldSet;

constexpr char kMethod[] = "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";
constexpr char kRecognitionService[] = "stem.recognition.v1.RecognitionService";
constexpr absl::Duration kPatience = absl::Seconds(30);

// ServerReflectionRequest fields.
constexpr int kFileContainingSymbol = 4;
constexpr int kListServices = 7;
// ServerReflectionResponse fields.
constexpr int kFileDescriptorResponse = 4;
constexpr int kListServicesResponse = 6;
constexpr int kErrorResponse = 7;
// FileDescriptorResponse.file_descriptor_proto, ListServiceResponse.service and
// ServiceResponse.name are all field 1.
constexpr int kFirst = 1;

// A ServerReflectionRequest with one string field set.
std::string Request(int field, const std::string& value) {
  std::string bytes;
  google::protobuf::io::StringOutputStream stream(&bytes);
  google::protobuf::io::CodedOutputStream out(&stream);
  out.WriteTag(static_cast<uint32_t>(field) << 3 | 2);  // wire type 2: length-delimited
  out.WriteVarint32(static_cast<uint32_t>(value.size()));
  out.WriteString(value);
  out.Trim();
  return bytes;
}

// The length-delimited values of `field` in `message`.
std::vector<std::string> Strings(const std::string& message, int field) {
  UnknownFieldSet fields;
  EXPECT_TRUE(fields.ParseFromString(message));
  std::vector<std::string> values;
  for (int i = 0; i < fields.field_count(); ++i) {
    const UnknownField& value = fields.field(i);
    if (value.number() == field && value.type() == UnknownField::TYPE_LENGTH_DELIMITED) {
      values.push_back(value.length_delimited());
    }
  }
  return values;
}

// One bidi stream of the reflection service: each request is answered by one response.
class ReflectionStream {
 public:
  explicit ReflectionStream(const std::shared_ptr<grpc::Channel>& channel) : stub_(channel) {
    context_.set_deadline(absl::ToChronoTime(absl::Now() + kPatience));
    call_ = stub_.PrepareCall(&context_, kMethod, &queue_);
    call_->StartCall(Tag(1));
    started_ = Await(1);
  }
  ~ReflectionStream() {
    if (started_) {
      call_->WritesDone(Tag(2));
      Await(2);
      grpc::Status status;
      call_->Finish(&status, Tag(3));
      Await(3);
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
    queue_.Shutdown();
    void* tag;
    bool ok;
    while (queue_.Next(&tag, &ok)) {
    }
  }

  // The response to `request`, or "" (and a test failure) when the stream broke.
  std::string Ask(const std::string& request) {
    if (!started_) return "";
    grpc::Slice slice(request);
    call_->Write(grpc::ByteBuffer(&slice, 1), Tag(4));
    if (!Await(4)) return "";
    grpc::ByteBuffer buffer;
    call_->Read(&buffer, Tag(5));
    if (!Await(5)) return "";
    std::vector<grpc::Slice> slices;
    EXPECT_TRUE(buffer.Dump(&slices).ok());
    std::string response;
    for (const grpc::Slice& part : slices) {
      response.append(reinterpret_cast<const char*>(part.begin()), part.size());
    }
    return response;
  }

 private:
  static void* Tag(intptr_t n) { return reinterpret_cast<void*>(n); }
  // Until the operation `tag` completes; whether it succeeded.
  bool Await(intptr_t tag) {
    void* got = nullptr;
    bool ok = false;
    const auto status = queue_.AsyncNext(&got, &ok, absl::ToChronoTime(absl::Now() + kPatience));
    EXPECT_EQ(status, grpc::CompletionQueue::GOT_EVENT) << "operation " << tag;
    EXPECT_EQ(got, Tag(tag));
    EXPECT_TRUE(ok) << "operation " << tag << " failed";
    return status == grpc::CompletionQueue::GOT_EVENT && got == Tag(tag) && ok;
  }

  grpc::GenericStub stub_;
  grpc::ClientContext context_;
  grpc::CompletionQueue queue_;
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call_;
  bool started_ = false;
};

class ReflectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir_.Sub("tokens"), TokenFileText({}));
    recognition_ = std::make_unique<ServiceProcess>(ServiceProcessOptions{
        STEM_RECOGNITION_BIN, EmbeddedFlags(dir_.Sub("data"), dir_.Sub("tokens")),
        kRecognitionService, dir_.Sub("recognition.log")});
    absl::Status started = recognition_->StartServing(absl::Now() + kPatience);
    ASSERT_TRUE(started.ok()) << started;
  }

  stem::testing::TempDir dir_;
  std::unique_ptr<ServiceProcess> recognition_;
};

TEST_F(ReflectionTest, HealthReportsTheRecognitionServiceServing) {
  auto health = HealthOf(recognition_->Channel(), kRecognitionService);
  ASSERT_TRUE(health.ok()) << health.status();
  EXPECT_EQ(*health, "SERVING");
  // A name the process does not serve is unknown to the health service, not SERVING.
  EXPECT_FALSE(HealthOf(recognition_->Channel(), "stem.nothing.v1.Nothing").ok());
}

TEST_F(ReflectionTest, ListsTheServicesAndDescribesTheirFiles) {
  ReflectionStream stream(recognition_->Channel());

  const std::string listed = stream.Ask(Request(kListServices, "*"));
  ASSERT_TRUE(Strings(listed, kErrorResponse).empty());
  std::set<std::string> services;
  for (const std::string& list : Strings(listed, kListServicesResponse)) {
    for (const std::string& service : Strings(list, kFirst)) {
      for (const std::string& name : Strings(service, kFirst)) services.insert(name);
    }
  }
  for (const char* expected : {kRecognitionService, "stem.clock.v1.ClockService",
                               "stem.ops.v1.ProjectionService", "grpc.health.v1.Health"}) {
    EXPECT_TRUE(services.count(expected)) << expected << " not listed";
  }

  const std::string described = stream.Ask(Request(kFileContainingSymbol, kRecognitionService));
  ASSERT_TRUE(Strings(described, kErrorResponse).empty());
  const std::vector<std::string> responses = Strings(described, kFileDescriptorResponse);
  ASSERT_EQ(responses.size(), 1u);
  // The file that defines the symbol, then the files it imports.
  bool found = false;
  for (const std::string& bytes : Strings(responses[0], kFirst)) {
    google::protobuf::FileDescriptorProto file;
    ASSERT_TRUE(file.ParseFromString(bytes));
    if (file.package() != "stem.recognition.v1") continue;
    for (const google::protobuf::ServiceDescriptorProto& service : file.service()) {
      if (service.name() != "RecognitionService") continue;
      found = true;
      std::set<std::string> methods;
      for (const auto& method : service.method()) methods.insert(method.name());
      EXPECT_TRUE(methods.count("SubmitApplication") && methods.count("GrantRecognition"))
          << file.name();
    }
  }
  EXPECT_TRUE(found) << "no file descriptor defines " << kRecognitionService;
}

// Tokens and facts never cross a network in clear by default: the real executable refuses
// to listen without TLS on an address that is not loopback, unless the flag that says so.
TEST(PlaintextListenTest, AServiceRefusesPlaintextOffLoopbackBeforeOpeningAnything) {
  stem::testing::TempDir dir;
  WriteFile(dir.Sub("tokens"), TokenFileText({}));
  const auto [refused, output] = RunToEnd(
      STEM_RECOGNITION_BIN,
      {"--data_dir=" + dir.Sub("data"), "--token_file=" + dir.Sub("tokens"), "--listen=0.0.0.0:0"});
  EXPECT_NE(refused, 0) << output;
  EXPECT_NE(output.find("PLAINTEXT_LISTEN_REFUSED"), std::string::npos) << output;
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("data") + "/log")) << "nothing was opened";
}

}  // namespace
}  // namespace stem::integration
