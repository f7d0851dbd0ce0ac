#include "libs/eventlog/internal/embedded_group_coordinator.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <vector>

#include "libs/common/check.h"

namespace stem::eventlog::internal {
namespace {

// The member with the fewest target partitions among those that read `partition` (the
// lowest id on a tie, so that the result is deterministic).
template <typename Group>
std::optional<uint64_t> LeastLoaded(const Group& group, const TopicPartition& partition) {
  std::optional<uint64_t> best;
  for (const auto& [id, member] : group) {
    if (!member.subscribed.contains(partition)) continue;
    if (!best || member.target.size() < group.at(*best).target.size()) best = id;
  }
  return best;
}

// One step of balancing (see Rebalance); false when balanced.
template <typename Group>
bool MoveOne(Group& group) {
  std::vector<uint64_t> fullest_first;
  for (const auto& entry : group) fullest_first.push_back(entry.first);
  std::stable_sort(fullest_first.begin(), fullest_first.end(), [&](uint64_t a, uint64_t b) {
    return group.at(a).target.size() > group.at(b).target.size();
  });
  for (uint64_t from : fullest_first) {
    auto& giver = group.at(from).target;
    for (auto partition = giver.rbegin(); partition != giver.rend(); ++partition) {
      // The giver reads the partition, so someone does.
      const std::optional<uint64_t> least_loaded = LeastLoaded(group, *partition);
      STEM_CHECK(least_loaded.has_value(), "the giver reads the partition it gives");
      auto& taker = group.at(*least_loaded).target;
      if (taker.size() + 1 < giver.size()) {
        taker.insert(*partition);
        giver.erase(std::next(partition).base());
        return true;
      }
    }
  }
  return false;
}

}  // namespace

void GroupCoordinator::Join(const std::string& group, MemberId member,
                            const std::vector<TopicPartition>& partitions) {
  Group& members = groups_[group];
  STEM_CHECK(!members.contains(member), "member ids are unique");
  members[member].subscribed.insert(partitions.begin(), partitions.end());
  Rebalance(members);
}

void GroupCoordinator::Leave(const std::string& group, MemberId member) {
  auto found = groups_.find(group);
  STEM_CHECK(found != groups_.end() && found->second.contains(member), "only members leave");
  found->second.erase(member);
  if (found->second.empty()) {
    groups_.erase(found);
  } else {
    Rebalance(found->second);
  }
}

std::vector<TopicPartition> GroupCoordinator::ToRevoke(const std::string& group,
                                                       MemberId member) const {
  const Member* state = Find(group, member);
  std::vector<TopicPartition> revoke;
  for (const TopicPartition& partition : state->owned) {
    if (!state->target.contains(partition)) revoke.push_back(partition);
  }
  return revoke;
}

void GroupCoordinator::Release(const std::string& group, MemberId member,
                               const std::vector<TopicPartition>& partitions) {
  Member& state = groups_.at(group).at(member);
  for (const TopicPartition& partition : partitions) state.owned.erase(partition);
}

std::vector<TopicPartition> GroupCoordinator::Claim(const std::string& group, MemberId member) {
  Group& members = groups_.at(group);
  Member& state = members.at(member);
  std::vector<TopicPartition> claimed;
  for (const TopicPartition& partition : state.target) {
    if (state.owned.contains(partition)) continue;
    bool owned_elsewhere = false;
    for (const auto& [id, other] : members) {
      owned_elsewhere = owned_elsewhere || (id != member && other.owned.contains(partition));
    }
    if (!owned_elsewhere) claimed.push_back(partition);
  }
  state.owned.insert(claimed.begin(), claimed.end());
  return claimed;
}

std::vector<TopicPartition> GroupCoordinator::Owned(const std::string& group,
                                                    MemberId member) const {
  const Member* state = Find(group, member);
  return {state->owned.begin(), state->owned.end()};
}

std::vector<TopicPartition> GroupCoordinator::Target(const std::string& group,
                                                     MemberId member) const {
  const Member* state = Find(group, member);
  return {state->target.begin(), state->target.end()};
}

const GroupCoordinator::Member* GroupCoordinator::Find(const std::string& group,
                                                       MemberId member) const {
  auto found = groups_.find(group);
  STEM_CHECK(found != groups_.end(), "the group of a live member exists");
  auto state = found->second.find(member);
  STEM_CHECK(state != found->second.end(), "members are asked about while they are members");
  return &state->second;
}

void GroupCoordinator::Rebalance(Group& group) {
  // Sticky: every member keeps its previous target as far as it still reads it.
  std::map<TopicPartition, MemberId> owner;
  std::set<TopicPartition> all;
  for (auto& [id, member] : group) {
    all.insert(member.subscribed.begin(), member.subscribed.end());
    std::set<TopicPartition> kept;
    for (const TopicPartition& partition : member.target) {
      if (member.subscribed.contains(partition) && owner.emplace(partition, id).second) {
        kept.insert(partition);
      }
    }
    member.target = std::move(kept);
  }
  for (const TopicPartition& partition : all) {
    if (owner.contains(partition)) continue;
    std::optional<MemberId> taker = LeastLoaded(group, partition);
    STEM_CHECK(taker.has_value(), "someone reads every partition of the group");
    group.at(*taker).target.insert(partition);
    owner[partition] = *taker;
  }
  // Balanced: move a partition from the fullest member that has one to spare to the
  // emptiest member that reads it, while they differ by two or more. Fullest to emptiest,
  // so that a member that gives does not also get (sticky); each move lowers the sum of
  // squared loads, so this ends.
  while (MoveOne(group)) {
  }
}

}  // namespace stem::eventlog::internal
