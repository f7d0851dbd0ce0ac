#include "libs/transparency/checkpoint.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/escaping.h"
#include "libs/common/error.h"
#include "libs/transparency/merkle.h"

namespace stem::transparency {
namespace {

using ::testing::HasSubstr;

// RFC 8032 section 7.1, TEST 1 and TEST 2, as PKCS#8 and SubjectPublicKeyInfo PEM.
std::string PrivatePem(const std::string& seed_hex) {
  const std::string der =
      absl::HexStringToBytes("302e020100300506032b657004220420") + absl::HexStringToBytes(seed_hex);
  return "-----BEGIN PRIVATE KEY-----\n" + absl::Base64Escape(der) +
         "\n-----END PRIVATE KEY-----\n";
}
const std::string kSeed1 = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const std::string kSeed2 = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";

std::unique_ptr<CheckpointSigner> Signer(const std::string& seed) {
  auto signer = CheckpointSigner::FromPem(PrivatePem(seed));
  EXPECT_TRUE(signer.ok()) << signer.status();
  return signer.ok() ? *std::move(signer) : nullptr;
}

Checkpoint Sample() {
  return {"stem-academies.vlaio.be/test",
          "2019-06-03T09:00:00Z",
          {{"stem.activity.events/0", 12, std::string(32, 'a')},
           {"stem.recognition.events/0", 3, std::string(32, 'r')}}};
}

TEST(CheckpointTest, SignsAsRfc8032Says) {
  auto one = Signer(kSeed1);
  ASSERT_NE(one, nullptr);
  EXPECT_EQ(absl::BytesToHexString(one->SignBytes("")),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc6"
            "1e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  auto two = Signer(kSeed2);
  ASSERT_NE(two, nullptr);
  EXPECT_EQ(absl::BytesToHexString(two->SignBytes(absl::HexStringToBytes("72"))),
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f"
            "3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
  EXPECT_TRUE(VerifyEd25519(one->PublicKeyPem(), "", one->SignBytes("")));
  EXPECT_FALSE(VerifyEd25519(two->PublicKeyPem(), "", one->SignBytes("")));
}

TEST(CheckpointTest, ASignedCheckpointVerifiesWithThePublicKeyAlone) {
  auto signer = Signer(kSeed1);
  ASSERT_NE(signer, nullptr);
  const std::string text = signer->Sign(Sample());
  EXPECT_THAT(text, HasSubstr("stem-academies checkpoint v1\norigin stem-academies.vlaio.be/test\n"
                              "clock 2019-06-03T09:00:00Z\ntree stem.activity.events/0 12 "));
  absl::StatusOr<Checkpoint> verified = VerifyCheckpoint(text, signer->PublicKeyPem());
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(*verified, Sample());
}

TEST(CheckpointTest, AnyAlteredByteOrAnotherKeyIsRefused) {
  auto signer = Signer(kSeed1);
  auto other = Signer(kSeed2);
  ASSERT_NE(signer, nullptr);
  ASSERT_NE(other, nullptr);
  const std::string text = signer->Sign(Sample());
  const std::string body = CheckpointBody(Sample());
  for (size_t i = 0; i < body.size(); ++i) {
    std::string altered = text;
    altered[i] = static_cast<char>(altered[i] ^ 0x01);
    absl::StatusOr<Checkpoint> verified = VerifyCheckpoint(altered, signer->PublicKeyPem());
    EXPECT_FALSE(verified.ok()) << "byte " << i;
  }
  EXPECT_EQ(ReasonOf(VerifyCheckpoint(text, other->PublicKeyPem()).status()),
            "CHECKPOINT_SIGNATURE_INVALID");
  // Signed by another key under the same origin: as good as forged.
  EXPECT_FALSE(VerifyCheckpoint(other->Sign(Sample()), signer->PublicKeyPem()).ok());
}

TEST(CheckpointTest, MalformedTextIsRefusedNamingWhat) {
  auto signer = Signer(kSeed1);
  ASSERT_NE(signer, nullptr);
  const std::string pem = signer->PublicKeyPem();
  for (const std::string& text :
       {std::string(), std::string("stem-academies checkpoint v1\n"),
        std::string("hello\norigin a\nclock b\n\n- a AAAA\n"),
        std::string("stem-academies checkpoint v1\norigin a\nclock b\ntree x 1 notbase64\n\n- a "
                    "AAAA\n")}) {
    absl::StatusOr<Checkpoint> verified = VerifyCheckpoint(text, pem);
    EXPECT_EQ(ReasonOf(verified.status()), "CHECKPOINT_MALFORMED") << text;
  }
  EXPECT_FALSE(CheckpointSigner::FromPem("not a key").ok());
}

TEST(CheckpointTest, AGeneratedKeyRoundTripsThroughItsPem) {
  const std::unique_ptr<CheckpointSigner> generated = CheckpointSigner::Generate();
  auto loaded = CheckpointSigner::FromPem(generated->PrivateKeyPem());
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ((*loaded)->PublicKeyPem(), generated->PublicKeyPem());
  EXPECT_TRUE(VerifyCheckpoint((*loaded)->Sign(Sample()), generated->PublicKeyPem()).ok());
  EXPECT_NE(CheckpointSigner::Generate()->PublicKeyPem(), generated->PublicKeyPem());
}

}  // namespace
}  // namespace stem::transparency
