#include "libs/transparency/merkle.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace stem::transparency {
namespace {

std::string Hex(const std::string& bytes) { return absl::BytesToHexString(bytes); }
std::string Bytes(const std::string& hex) { return absl::HexStringToBytes(hex); }
std::vector<std::string> Hashes(const std::vector<std::string>& hexes) {
  std::vector<std::string> out;
  for (const std::string& hex : hexes) out.push_back(Bytes(hex));
  return out;
}

// The reference tree of RFC 6962's test data (used by every CT implementation).
MerkleTree ReferenceTree() {
  MerkleTree tree;
  for (const char* hex : {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                          "606162636465666768696a6b6c6d6e6f"}) {
    tree.AppendEntry(Bytes(hex));
  }
  return tree;
}

const std::vector<std::string> kReferenceRoots = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

TEST(MerkleTest, RootsMatchTheReferenceTreeAtEverySize) {
  const MerkleTree tree = ReferenceTree();
  for (uint64_t size = 0; size <= tree.size(); ++size) {
    absl::StatusOr<std::string> root = tree.Root(size);
    ASSERT_TRUE(root.ok());
    EXPECT_EQ(Hex(*root), kReferenceRoots[size]) << "size " << size;
  }
  EXPECT_FALSE(tree.Root(9).ok());
}

TEST(MerkleTest, ProofsMatchTheReferenceVectors) {
  const MerkleTree tree = ReferenceTree();
  EXPECT_EQ(*tree.InclusionProof(0, 8),
            Hashes({"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}));
  EXPECT_EQ(*tree.InclusionProof(5, 8),
            Hashes({"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}));
  EXPECT_EQ(*tree.ConsistencyProof(2, 8),
            Hashes({"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}));
  EXPECT_EQ(*tree.ConsistencyProof(6, 8),
            Hashes({"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}));
}

// Every proof of every shape up to 70 leaves verifies, and none survives a change.
TEST(MerkleTest, EveryProofVerifiesAndNoMangledOneDoes) {
  constexpr uint64_t kLeaves = 70;
  MerkleTree tree;
  for (uint64_t i = 0; i < kLeaves; ++i) tree.AppendEntry(absl::StrCat("fact ", i));
  std::vector<std::string> roots;
  for (uint64_t n = 0; n <= kLeaves; ++n) roots.push_back(*tree.Root(n));
  const std::string junk(kHashSize, '\xab');
  for (uint64_t n = 1; n <= kLeaves; ++n) {
    for (uint64_t i = 0; i < n; ++i) {
      const std::vector<std::string> proof = *tree.InclusionProof(i, n);
      ASSERT_TRUE(VerifyInclusion(i, n, tree.leaf_hash(i), proof, roots[n])) << i << "/" << n;
      EXPECT_FALSE(VerifyInclusion(i, n, tree.leaf_hash((i + 1) % n), proof, roots[n]) && n > 1);
      EXPECT_FALSE(VerifyInclusion(i, n, tree.leaf_hash(i), proof, roots[n - 1]));
      if (!proof.empty()) {
        std::vector<std::string> flipped = proof;
        flipped.back()[7] = static_cast<char>(flipped.back()[7] ^ 1);
        EXPECT_FALSE(VerifyInclusion(i, n, tree.leaf_hash(i), flipped, roots[n]));
        std::vector<std::string> shorter(proof.begin(), proof.end() - 1);
        EXPECT_FALSE(VerifyInclusion(i, n, tree.leaf_hash(i), shorter, roots[n]));
      }
      std::vector<std::string> longer = proof;
      longer.push_back(junk);
      EXPECT_FALSE(VerifyInclusion(i, n, tree.leaf_hash(i), longer, roots[n]));
      if (n > 1) {
        EXPECT_FALSE(VerifyInclusion((i + 1) % n, n, tree.leaf_hash(i), proof, roots[n]));
      }
    }
    for (uint64_t m = 0; m <= n; ++m) {
      const std::vector<std::string> proof = *tree.ConsistencyProof(m, n);
      ASSERT_TRUE(VerifyConsistency(m, n, roots[m], roots[n], proof)) << m << "->" << n;
      if (m > 0 && m < n) {
        EXPECT_FALSE(VerifyConsistency(m, n, roots[m - 1], roots[n], proof));
        EXPECT_FALSE(VerifyConsistency(m, n, roots[m], roots[n - 1], proof));
        std::vector<std::string> flipped = proof;
        flipped.front()[3] = static_cast<char>(flipped.front()[3] ^ 0x80);
        EXPECT_FALSE(VerifyConsistency(m, n, roots[m], roots[n], flipped));
        std::vector<std::string> shorter(proof.begin(), proof.end() - 1);
        EXPECT_FALSE(VerifyConsistency(m, n, roots[m], roots[n], shorter));
        std::vector<std::string> longer = proof;
        longer.push_back(junk);
        EXPECT_FALSE(VerifyConsistency(m, n, roots[m], roots[n], longer));
      }
    }
  }
}

TEST(MerkleTest, ArgumentsOfTheWrongSizeOrOrderAreFalseNotErrors) {
  const MerkleTree tree = ReferenceTree();
  const std::string root8 = *tree.Root(8);
  const std::vector<std::string> proof = *tree.InclusionProof(5, 8);
  EXPECT_FALSE(VerifyInclusion(5, 8, std::string(31, 'x'), proof, root8));
  EXPECT_FALSE(VerifyInclusion(5, 8, tree.leaf_hash(5), proof, std::string(31, 'x')));
  EXPECT_FALSE(VerifyInclusion(8, 8, tree.leaf_hash(5), proof, root8));
  std::vector<std::string> short_hash = proof;
  short_hash[0].pop_back();
  EXPECT_FALSE(VerifyInclusion(5, 8, tree.leaf_hash(5), short_hash, root8));
  const std::string root6 = *tree.Root(6);
  const std::vector<std::string> consistency = *tree.ConsistencyProof(6, 8);
  EXPECT_FALSE(VerifyConsistency(8, 6, root8, root6, consistency));
  EXPECT_FALSE(VerifyConsistency(6, 8, root6, root8, {}));
  EXPECT_TRUE(VerifyConsistency(0, 8, EmptyRoot(), root8, {}));
  EXPECT_FALSE(VerifyConsistency(0, 8, root6, root8, {}));
  EXPECT_TRUE(VerifyConsistency(8, 8, root8, root8, {}));
  EXPECT_FALSE(VerifyConsistency(8, 8, root8, root6, {}));
  EXPECT_FALSE(tree.InclusionProof(8, 8).ok());
  EXPECT_FALSE(tree.ConsistencyProof(5, 3).ok());
  EXPECT_FALSE(tree.ConsistencyProof(0, 9).ok());
}

}  // namespace
}  // namespace stem::transparency
