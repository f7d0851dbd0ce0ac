#include "libs/eventlog/internal/embedded_group_coordinator.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace stem::eventlog::internal {
namespace {

std::vector<TopicPartition> Partitions(const std::string& topic, int32_t count) {
  std::vector<TopicPartition> partitions;
  for (int32_t p = 0; p < count; ++p) partitions.push_back({topic, p});
  return partitions;
}

std::set<TopicPartition> AsSet(const std::vector<TopicPartition>& partitions) {
  return {partitions.begin(), partitions.end()};
}

// Plays every member's Poll until nothing changes: revoke what is to go, claim what is free.
void Settle(GroupCoordinator& groups, const std::string& group,
            const std::vector<GroupCoordinator::MemberId>& members) {
  for (int round = 0; round < 10; ++round) {
    bool changed = false;
    for (GroupCoordinator::MemberId member : members) {
      std::vector<TopicPartition> revoke = groups.ToRevoke(group, member);
      groups.Release(group, member, revoke);
      changed = changed || !revoke.empty() || !groups.Claim(group, member).empty();
    }
    if (!changed) return;
  }
  ADD_FAILURE() << "the group does not settle";
}

void ExpectOwnersPartition(const GroupCoordinator& groups, const std::string& group,
                           const std::vector<GroupCoordinator::MemberId>& members,
                           const std::vector<TopicPartition>& all) {
  std::set<TopicPartition> owned;
  size_t total = 0;
  for (GroupCoordinator::MemberId member : members) {
    std::vector<TopicPartition> mine = groups.Owned(group, member);
    total += mine.size();
    owned.insert(mine.begin(), mine.end());
  }
  EXPECT_EQ(total, owned.size()) << "a partition with two owners";
  EXPECT_EQ(owned, AsSet(all));
}

TEST(GroupCoordinatorTest, ALoneMemberGetsEverything) {
  GroupCoordinator groups;
  std::vector<TopicPartition> all = Partitions("t", 5);
  groups.Join("g", 1, all);
  EXPECT_TRUE(groups.ToRevoke("g", 1).empty());
  EXPECT_EQ(AsSet(groups.Claim("g", 1)), AsSet(all));
  EXPECT_TRUE(groups.Claim("g", 1).empty()) << "claimed once";
}

TEST(GroupCoordinatorTest, APartitionMovesOnlyAfterItsOwnerLetItGo) {
  GroupCoordinator groups;
  std::vector<TopicPartition> all = Partitions("t", 6);
  groups.Join("g", 1, all);
  groups.Claim("g", 1);
  groups.Join("g", 2, all);
  EXPECT_EQ(groups.Target("g", 2).size(), 3U);
  EXPECT_TRUE(groups.Claim("g", 2).empty()) << "member 1 still owns everything";
  std::vector<TopicPartition> revoke = groups.ToRevoke("g", 1);
  EXPECT_EQ(AsSet(revoke), AsSet(groups.Target("g", 2)));
  groups.Release("g", 1, revoke);
  EXPECT_EQ(AsSet(groups.Claim("g", 2)), AsSet(revoke));
  ExpectOwnersPartition(groups, "g", {1, 2}, all);
}

TEST(GroupCoordinatorTest, StaysBalancedAndStickyAsMembersComeAndGo) {
  GroupCoordinator groups;
  std::vector<TopicPartition> all = Partitions("t", 10);
  std::vector<GroupCoordinator::MemberId> members;
  for (GroupCoordinator::MemberId member = 1; member <= 4; ++member) {
    std::map<GroupCoordinator::MemberId, std::set<TopicPartition>> before;
    for (GroupCoordinator::MemberId other : members)
      before[other] = AsSet(groups.Owned("g", other));
    groups.Join("g", member, all);
    members.push_back(member);
    Settle(groups, "g", members);
    ExpectOwnersPartition(groups, "g", members, all);
    size_t low = all.size() / members.size();
    for (GroupCoordinator::MemberId other : members) {
      size_t count = groups.Owned("g", other).size();
      EXPECT_TRUE(count == low || count == low + 1) << other << " owns " << count;
      // Sticky: a member that was there only gave partitions up, it got none new.
      if (before.contains(other)) {
        for (const TopicPartition& partition : groups.Owned("g", other)) {
          EXPECT_TRUE(before[other].contains(partition)) << other << " got " << ToString(partition);
        }
      }
    }
  }
  std::set<TopicPartition> kept = AsSet(groups.Owned("g", 1));
  groups.Leave("g", 2);
  members = {1, 3, 4};
  Settle(groups, "g", members);
  ExpectOwnersPartition(groups, "g", members, all);
  for (const TopicPartition& partition : kept) {
    EXPECT_TRUE(AsSet(groups.Owned("g", 1)).contains(partition)) << "member 1 kept what it had";
  }
  groups.Leave("g", 3);
  groups.Leave("g", 4);
  Settle(groups, "g", {1});
  EXPECT_EQ(AsSet(groups.Owned("g", 1)), AsSet(all));
}

TEST(GroupCoordinatorTest, GivesAPartitionOnlyToMembersThatReadItsTopic) {
  GroupCoordinator groups;
  std::vector<TopicPartition> a = Partitions("a", 2);
  std::vector<TopicPartition> both = a;
  for (const TopicPartition& partition : Partitions("b", 4)) both.push_back(partition);
  groups.Join("g", 1, a);
  groups.Join("g", 2, both);
  Settle(groups, "g", {1, 2});
  ExpectOwnersPartition(groups, "g", {1, 2}, both);
  for (const TopicPartition& partition : groups.Owned("g", 1)) EXPECT_EQ(partition.topic, "a");
}

TEST(GroupCoordinatorTest, GroupsAreIndependent) {
  GroupCoordinator groups;
  std::vector<TopicPartition> all = Partitions("t", 3);
  groups.Join("g", 1, all);
  groups.Join("h", 2, all);
  EXPECT_EQ(groups.Claim("g", 1).size(), 3U);
  EXPECT_EQ(groups.Claim("h", 2).size(), 3U);
}

}  // namespace
}  // namespace stem::eventlog::internal
