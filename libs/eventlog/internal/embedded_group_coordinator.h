// Consumer groups of the embedded log, inside one process: which member of a group reads
// which partition. Plain bookkeeping, not thread-safe; the log guards it with its mutex.
//
// Like Kafka's cooperative-sticky assignor: on every join or leave the group computes a
// balanced target (member partition counts differ by at most one among members that read
// the same topics) that keeps as much of the previous target as possible. A member gives
// up partitions (ToRevoke, then Release after its listener heard OnRevoked) before another
// may take them (Claim), so no partition ever has two owners.
#ifndef STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_GROUP_COORDINATOR_H_
#define STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_GROUP_COORDINATOR_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "libs/eventlog/event_log.h"

namespace stem::eventlog::internal {

class GroupCoordinator {
 public:
  using MemberId = uint64_t;

  // Adds a member that reads `partitions` (every partition of its topics) and rebalances.
  void Join(const std::string& group, MemberId member,
            const std::vector<TopicPartition>& partitions);
  // Removes a member; what it owned is free at once, as a closed Kafka consumer's is.
  void Leave(const std::string& group, MemberId member);

  // What the member owns but is no longer meant to have.
  std::vector<TopicPartition> ToRevoke(const std::string& group, MemberId member) const;
  // The member stopped reading these (after OnRevoked, or when its listener refused them).
  void Release(const std::string& group, MemberId member,
               const std::vector<TopicPartition>& partitions);
  // Gives the member the partitions meant for it that no other member still owns, and
  // returns them.
  std::vector<TopicPartition> Claim(const std::string& group, MemberId member);

  std::vector<TopicPartition> Owned(const std::string& group, MemberId member) const;
  std::vector<TopicPartition> Target(const std::string& group, MemberId member) const;

 private:
  struct Member {
    std::set<TopicPartition> subscribed;
    std::set<TopicPartition> target;
    std::set<TopicPartition> owned;
  };
  using Group = std::map<MemberId, Member>;

  static void Rebalance(Group& group);
  const Member* Find(const std::string& group, MemberId member) const;

  std::map<std::string, Group> groups_;
};

}  // namespace stem::eventlog::internal

#endif  // STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_GROUP_COORDINATOR_H_
