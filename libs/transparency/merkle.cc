#include "libs/transparency/merkle.h"

#include <openssl/evp.h>

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "libs/common/check.h"

namespace stem::transparency {
namespace {

std::string Sha256(std::string_view a, std::string_view b = {}, std::string_view c = {}) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                  &EVP_MD_CTX_free);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  const bool done = context != nullptr &&
                    EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) == 1 &&
                    EVP_DigestUpdate(context.get(), a.data(), a.size()) == 1 &&
                    EVP_DigestUpdate(context.get(), b.data(), b.size()) == 1 &&
                    EVP_DigestUpdate(context.get(), c.data(), c.size()) == 1 &&
                    EVP_DigestFinal_ex(context.get(), digest, &length) == 1;
  STEM_CHECK(done && length == kHashSize, "SHA-256 of a Merkle tree node");
  return std::string(reinterpret_cast<const char*>(digest), length);
}

// The largest power of two smaller than n (n > 1).
uint64_t Split(uint64_t n) {
  uint64_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

// RFC 9162's step for a node on the tree's right edge: when fn is a left child, right-shift
// fn and sn together until fn is a right child or 0.
void SkipToRightChild(uint64_t& fn, uint64_t& sn) {
  if ((fn & 1) == 1) return;
  do {
    fn >>= 1;
    sn >>= 1;
  } while ((fn & 1) == 0 && fn != 0);
}

bool AllHashes(const std::vector<std::string>& hashes) {
  return std::all_of(hashes.begin(), hashes.end(),
                     [](const std::string& hash) { return hash.size() == kHashSize; });
}

}  // namespace

std::string LeafHash(std::string_view entry) { return Sha256(std::string_view("\0", 1), entry); }

std::string NodeHash(std::string_view left, std::string_view right) {
  return Sha256("\x01", left, right);
}

std::string EmptyRoot() { return Sha256(""); }

void MerkleTree::AppendLeafHash(std::string leaf_hash) { leaves_.push_back(std::move(leaf_hash)); }

std::string MerkleTree::RangeHash(uint64_t begin, uint64_t end) const {
  if (end == begin) return EmptyRoot();
  if (end - begin == 1) return leaves_[begin];
  const uint64_t k = Split(end - begin);
  return NodeHash(RangeHash(begin, begin + k), RangeHash(begin + k, end));
}

absl::StatusOr<std::string> MerkleTree::Root(uint64_t size) const {
  if (size > leaves_.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("no tree of size ", size, ": the log holds ", leaves_.size(), " facts"));
  }
  return RangeHash(0, size);
}

void MerkleTree::Path(uint64_t index, uint64_t begin, uint64_t end,
                      std::vector<std::string>& proof) const {
  if (end - begin <= 1) return;
  const uint64_t k = Split(end - begin);
  if (index < begin + k) {
    Path(index, begin, begin + k, proof);
    proof.push_back(RangeHash(begin + k, end));
  } else {
    Path(index, begin + k, end, proof);
    proof.push_back(RangeHash(begin, begin + k));
  }
}

absl::StatusOr<std::vector<std::string>> MerkleTree::InclusionProof(uint64_t index,
                                                                    uint64_t size) const {
  if (index >= size || size > leaves_.size()) {
    return absl::InvalidArgumentError(absl::StrCat("no leaf ", index, " in a tree of size ", size,
                                                   " (the log holds ", leaves_.size(), ")"));
  }
  std::vector<std::string> proof;
  Path(index, 0, size, proof);
  return proof;
}

void MerkleTree::SubProof(uint64_t old_size, uint64_t begin, uint64_t end, bool whole,
                          std::vector<std::string>& proof) const {
  const uint64_t n = end - begin;
  if (old_size == n) {
    if (!whole) proof.push_back(RangeHash(begin, end));
    return;
  }
  const uint64_t k = Split(n);
  if (old_size <= k) {
    SubProof(old_size, begin, begin + k, whole, proof);
    proof.push_back(RangeHash(begin + k, end));
  } else {
    SubProof(old_size - k, begin + k, end, false, proof);
    proof.push_back(RangeHash(begin, begin + k));
  }
}

absl::StatusOr<std::vector<std::string>> MerkleTree::ConsistencyProof(uint64_t old_size,
                                                                      uint64_t new_size) const {
  if (old_size > new_size || new_size > leaves_.size()) {
    return absl::InvalidArgumentError(absl::StrCat("no consistency proof from size ", old_size,
                                                   " to ", new_size, " (the log holds ",
                                                   leaves_.size(), ")"));
  }
  std::vector<std::string> proof;
  if (old_size == 0 || old_size == new_size) return proof;
  SubProof(old_size, 0, new_size, true, proof);
  return proof;
}

bool VerifyInclusion(uint64_t index, uint64_t size, std::string_view leaf_hash,
                     const std::vector<std::string>& proof, std::string_view root) {
  if (index >= size || leaf_hash.size() != kHashSize || root.size() != kHashSize ||
      !AllHashes(proof)) {
    return false;
  }
  uint64_t fn = index;
  uint64_t sn = size - 1;
  std::string r(leaf_hash);
  for (const std::string& p : proof) {
    if (sn == 0) return false;
    if ((fn & 1) == 1 || fn == sn) {
      r = NodeHash(p, r);
      SkipToRightChild(fn, sn);
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

bool VerifyConsistency(uint64_t old_size, uint64_t new_size, std::string_view old_root,
                       std::string_view new_root, const std::vector<std::string>& proof) {
  if (old_size > new_size || old_root.size() != kHashSize || new_root.size() != kHashSize ||
      !AllHashes(proof)) {
    return false;
  }
  if (old_size == new_size) return proof.empty() && old_root == new_root;
  if (old_size == 0) return proof.empty() && old_root == EmptyRoot();
  if (proof.empty()) return false;
  std::vector<std::string> path = proof;
  // An old tree that is a whole left subtree is its own first node.
  if ((old_size & (old_size - 1)) == 0) path.insert(path.begin(), std::string(old_root));
  uint64_t fn = old_size - 1;
  uint64_t sn = new_size - 1;
  while ((fn & 1) == 1) {
    fn >>= 1;
    sn >>= 1;
  }
  std::string fr = path[0];
  std::string sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const std::string& c = path[i];
    if (sn == 0) return false;
    if ((fn & 1) == 1 || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      SkipToRightChild(fn, sn);
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return fr == old_root && sr == new_root && sn == 0;
}

}  // namespace stem::transparency
