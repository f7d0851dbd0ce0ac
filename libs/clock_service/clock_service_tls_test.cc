// The ClockService over mutual TLS, with identities from client certificates: the
// distributed mode's way of knowing who calls.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "libs/clock_service/clock_service.h"
#include "libs/common/error.h"
#include "libs/common/testing/temp_dir.h"
#include "libs/rpc/certificate_authenticator.h"
#include "libs/rpc/server.h"
#include "libs/rpc/status.h"
#include "libs/rpc/testing/test_pki.h"

namespace stem::clock_service {
namespace {

using rpc::testing::CertificatePair;
using rpc::testing::ReadPem;

class ClockServiceTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto pki = rpc::testing::TestPki::Create(dir_.path());
    ASSERT_TRUE(pki.ok()) << pki.status();
    pki_ = std::make_unique<rpc::testing::TestPki>(*pki);
    control_ = *clock::ClockControl::Create({*clock::ParseInstant("2019-01-01T00:00:00Z"), ""});
    service_ = std::make_unique<ClockServiceImpl>(*control_, authenticator_);
    rpc::ServerOptions options;
    options.tls =
        rpc::TlsFiles{pki_->server().certificate, pki_->server().key, pki_->ca_certificate()};
    auto server = rpc::Server::Start(options, {service_.get()}, {"stem.clock.v1.ClockService"});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
  }

  // A client that trusts `ca` (default: the test's CA).
  std::unique_ptr<clock::v1::ClockService::Stub> Connect(const CertificatePair* client,
                                                         const std::string& ca = "") {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = ReadPem(ca.empty() ? pki_->ca_certificate() : ca);
    if (client != nullptr) {
      ssl.pem_private_key = ReadPem(client->key);
      ssl.pem_cert_chain = ReadPem(client->certificate);
    }
    return clock::v1::ClockService::NewStub(grpc::CreateChannel(
        "localhost:" + std::to_string(server_->port()), grpc::SslCredentials(ssl)));
  }

  static absl::Status AdvanceOneDay(clock::v1::ClockService::Stub& stub) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    clock::v1::AdvanceClockRequest request;
    request.mutable_by()->set_seconds(86400);
    clock::v1::AdvanceClockResponse response;
    return rpc::FromGrpcStatus(stub.AdvanceClock(&context, request, &response));
  }

  stem::testing::TempDir dir_;
  std::unique_ptr<rpc::testing::TestPki> pki_;
  std::unique_ptr<clock::ClockControl> control_;
  rpc::CertificateAuthenticator authenticator_;
  std::unique_ptr<ClockServiceImpl> service_;
  std::unique_ptr<rpc::Server> server_;
};

TEST_F(ClockServiceTlsTest, TheCertificateSaysWhoCalls) {
  auto operator_cert = pki_->IssueClient("ops", "OPERATOR:ops");
  auto academy_cert = pki_->IssueClient("academy", "ACADEMY:0123456749");
  auto nobody_cert = pki_->IssueClient("nobody", "nobody");
  ASSERT_TRUE(operator_cert.ok() && academy_cert.ok() && nobody_cert.ok());

  EXPECT_TRUE(AdvanceOneDay(*Connect(&*operator_cert)).ok());
  EXPECT_EQ(clock::LocalDate(control_->clock().Now()), absl::CivilDay(2019, 1, 2));

  absl::Status academy = AdvanceOneDay(*Connect(&*academy_cert));
  EXPECT_EQ(academy.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ReasonOf(academy), "ROLE_NOT_ALLOWED");

  absl::Status nobody = AdvanceOneDay(*Connect(&*nobody_cert));
  EXPECT_EQ(nobody.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(ReasonOf(nobody), "IDENTITY_UNKNOWN");
  EXPECT_EQ(clock::LocalDate(control_->clock().Now()), absl::CivilDay(2019, 1, 2));
}

TEST_F(ClockServiceTlsTest, NoTrustedCertificateNoCall) {
  auto untrusted = pki_->IssueUntrustedClient("stranger", "OPERATOR:ops");
  ASSERT_TRUE(untrusted.ok());
  EXPECT_EQ(AdvanceOneDay(*Connect(&*untrusted)).code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(AdvanceOneDay(*Connect(nullptr)).code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(clock::LocalDate(control_->clock().Now()), absl::CivilDay(2019, 1, 1));
}

// Replaces `target` by a copy of `source` in one rename, as a secret volume's update does.
void ReplaceFile(const std::string& source, const std::string& target) {
  std::filesystem::copy_file(source, target + ".next",
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::rename(target + ".next", target);
}

TEST_F(ClockServiceTlsTest, ARotatedCertificateIsServedWithoutARestart) {
  auto old_operator = pki_->IssueClient("ops", "OPERATOR:ops");
  ASSERT_TRUE(old_operator.ok());
  ASSERT_TRUE(AdvanceOneDay(*Connect(&*old_operator)).ok());

  // A new CA: its server certificate, key and client CA replace the files the server reads.
  stem::testing::TempDir next_dir;
  auto next = rpc::testing::TestPki::Create(next_dir.path());
  ASSERT_TRUE(next.ok()) << next.status();
  auto new_operator = next->IssueClient("ops", "OPERATOR:ops");
  ASSERT_TRUE(new_operator.ok());
  ReplaceFile(next->server().key, pki_->server().key);
  ReplaceFile(next->server().certificate, pki_->server().certificate);
  ReplaceFile(next->ca_certificate(), pki_->ca_certificate());

  // Within seconds the server presents the new certificate and trusts the new CA only.
  absl::Status renewed = absl::UnavailableError("not tried");
  for (int attempt = 0; attempt < 40 && !renewed.ok(); ++attempt) {
    renewed = AdvanceOneDay(*Connect(&*new_operator, next->ca_certificate()));
    if (!renewed.ok()) std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  EXPECT_TRUE(renewed.ok()) << renewed;
  EXPECT_EQ(AdvanceOneDay(*Connect(&*old_operator, next->ca_certificate())).code(),
            absl::StatusCode::kUnavailable);
}

TEST(PrincipalFromCommonNameTest, ChecksTheIdentityForTheRole) {
  EXPECT_TRUE(rpc::PrincipalFromCommonName("MUNICIPALITY:11002").ok());
  EXPECT_FALSE(rpc::PrincipalFromCommonName("MUNICIPALITY:110").ok());
  EXPECT_FALSE(rpc::PrincipalFromCommonName("ACADEMY:0123").ok());
  EXPECT_FALSE(rpc::PrincipalFromCommonName("SYSTEM:me").ok());
  EXPECT_FALSE(rpc::PrincipalFromCommonName("OFFICER:").ok());
}

}  // namespace
}  // namespace stem::clock_service
