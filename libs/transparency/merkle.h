// The Merkle tree of a transparency log, as RFC 9162 (Certificate Transparency 2.0, section
// 2.1) defines it, so that any implementation of the RFC can check what the suite proves:
//
//   leaf hash  SHA-256(0x00 || entry)
//   node hash  SHA-256(0x01 || left || right)
//   MTH({})    SHA-256("")
//   MTH(D[n])  the node hash of MTH(D[0:k]) and MTH(D[k:n]), k the largest power of two < n
//
// An inclusion proof shows that a leaf is at an index of a tree of some size; a consistency
// proof shows that a tree of an older size is a prefix of a tree of a newer size - nothing
// in the older tree was altered, removed or reordered.
#ifndef STEM_LIBS_TRANSPARENCY_MERKLE_H_
#define STEM_LIBS_TRANSPARENCY_MERKLE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace stem::transparency {

inline constexpr size_t kHashSize = 32;

// 32-byte hashes, as raw bytes.
std::string LeafHash(std::string_view entry);
std::string NodeHash(std::string_view left, std::string_view right);
std::string EmptyRoot();

// The leaves of one log, in order; proofs over any prefix of them. Keeps 32 bytes per leaf.
class MerkleTree {
 public:
  void AppendLeafHash(std::string leaf_hash);
  void AppendEntry(std::string_view entry) { AppendLeafHash(LeafHash(entry)); }
  uint64_t size() const { return leaves_.size(); }
  const std::string& leaf_hash(uint64_t index) const { return leaves_[index]; }

  // MTH of the first `size` leaves; INVALID_ARGUMENT past the tree's size.
  absl::StatusOr<std::string> Root(uint64_t size) const;
  // PATH(index, D[size]): INVALID_ARGUMENT unless index < size <= this->size().
  absl::StatusOr<std::vector<std::string>> InclusionProof(uint64_t index, uint64_t size) const;
  // PROOF(old_size, D[new_size]): INVALID_ARGUMENT unless old_size <= new_size <= size();
  // empty when old_size is 0 or equals new_size.
  absl::StatusOr<std::vector<std::string>> ConsistencyProof(uint64_t old_size,
                                                            uint64_t new_size) const;

 private:
  std::string RangeHash(uint64_t begin, uint64_t end) const;
  void Path(uint64_t index, uint64_t begin, uint64_t end, std::vector<std::string>& proof) const;
  void SubProof(uint64_t old_size, uint64_t begin, uint64_t end, bool whole,
                std::vector<std::string>& proof) const;

  std::vector<std::string> leaves_;
};

// The verifiers of RFC 9162 sections 2.1.3.2 and 2.1.4.2: true only when the proof shows
// what it claims. Any argument of the wrong size is false, never an error.
bool VerifyInclusion(uint64_t index, uint64_t size, std::string_view leaf_hash,
                     const std::vector<std::string>& proof, std::string_view root);
bool VerifyConsistency(uint64_t old_size, uint64_t new_size, std::string_view old_root,
                       std::string_view new_root, const std::vector<std::string>& proof);

}  // namespace stem::transparency

#endif  // STEM_LIBS_TRANSPARENCY_MERKLE_H_
