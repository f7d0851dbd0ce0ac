// A full disk (rulebook section 9: nothing lost, nothing acknowledged that cannot be
// applied): stem-allinone's stores on a small tmpfs that the test fills up, its log on
// another disk. The store refuses a write; the projection stops and retries by itself; the
// process is NOT_SERVING; commands are refused UNAVAILABLE / PROJECTION_STOPPED with nothing
// written and no path of the server in the message; once space returns the projection runs
// on without a restart, retried commands get their answers, and the audit passes.
//
// The test runs itself again in a mount namespace of its own (unshare --user
// --map-root-user --mount), where it may mount a tmpfs without privileges and leaves no
// mount behind.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "libs/common/error.h"
#include "libs/common/testing/temp_dir.h"
#include "stem/audit/v1/audit_service.grpc.pb.h"
#include "tests/integration/process_test_util.h"
#include "tests/integration/service_process.h"

namespace stem::integration {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr absl::Duration kPatience = absl::Seconds(90);
constexpr char kInNamespace[] = "STEM_FULL_DISK_IN_NAMESPACE";

// A valid KBO number from 8 digits: the last two make the whole divisible by 97's rule.
std::string Kbo(int n) {
  const int64_t base = 12345600 + n;
  return absl::StrFormat("%08d%02d", base, 97 - base % 97);
}

std::map<std::string, uint64_t> LogFileSizes(const std::string& log) {
  std::map<std::string, uint64_t> sizes;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(log)) {
    if (entry.is_regular_file() && entry.path().extension() == ".log") {
      sizes[entry.path().string()] = entry.file_size();
    }
  }
  return sizes;
}

// Writes until the disk is full; returns the file's path.
std::string Fill(const std::string& disk) {
  const std::string path = disk + "/filler";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  EXPECT_GE(fd, 0);
  const std::string chunk(64 << 10, 'x');
  while (fd >= 0 && ::write(fd, chunk.data(), chunk.size()) > 0) {
  }
  const std::string small(512, 'x');
  while (fd >= 0 && ::write(fd, small.data(), small.size()) > 0) {
  }
  EXPECT_EQ(errno, ENOSPC);
  if (fd >= 0) ::close(fd);
  return path;
}

void RunInMountNamespace() {
  const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  const std::string command =
      absl::StrCat(kInNamespace, "=1 unshare --user --map-root-user --mount ", self,
                   " --gtest_filter='FullDiskTest.*'");
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << "the test in its mount namespace failed (see above): " << command;
}

TEST(FullDiskTest, AStoreOnAFullDiskStopsCommandsAndItsProjectionResumesByItself) {
  if (std::getenv(kInNamespace) == nullptr) {
    RunInMountNamespace();
    return;
  }
  stem::testing::TempDir dir;
  const std::string disk = dir.Sub("disk");
  std::filesystem::create_directories(disk);
  ASSERT_EQ(::mount("tmpfs", disk.c_str(), "tmpfs", 0, "size=24m"), 0)
      << "cannot mount a tmpfs: " << std::strerror(errno);
  const std::string data = disk + "/data";
  std::filesystem::create_directories(data);
  std::filesystem::create_directories(dir.Sub("log"));
  std::filesystem::create_directory_symlink(dir.Sub("log"), data + "/log");
  WriteFile(dir.Sub("tokens"), TokenFileText({}));
  ServiceProcess allinone(
      {STEM_ALLINONE_BIN,
       {"--data_dir=" + data, "--token_file=" + dir.Sub("tokens"),
        "--clock_start=2019-01-07T09:00:00Z", "--partitions=2", "--min_free_disk_mb=2",
        // The audit's scratch stores keep the default reserve: on the large disk.
        "--audit_scratch_dir=" + dir.Sub("scratch")},
       "stem.audit.v1.AuditService",
       dir.Sub("allinone.log")});
  ASSERT_TRUE(allinone.StartServing(absl::Now() + kPatience).ok()) << allinone.LogTail();
  ASSERT_TRUE(RecogniseAcademy(allinone.Channel(), Kbo(0)).ok());

  const std::string filler = Fill(disk);
  absl::Status refused;
  int stopped_at = 0;
  for (int n = 1; n <= 200 && refused.ok(); ++n) {
    refused = RecogniseAcademy(allinone.Channel(), Kbo(n));
    stopped_at = n;
  }
  ASSERT_FALSE(refused.ok()) << "the store never ran out of space";
  EXPECT_EQ(refused.code(), absl::StatusCode::kUnavailable) << refused;
  EXPECT_EQ(ReasonOf(refused), "PROJECTION_STOPPED") << refused << "\n" << allinone.LogTail();
  EXPECT_THAT(refused.message(), Not(HasSubstr(dir.path()))) << "no server path";
  // The process says so within its health loop's period.
  std::string health;
  for (absl::Time until = absl::Now() + kPatience; absl::Now() < until;) {
    health = HealthOf(allinone.Channel(), "").value_or("?");
    if (health == "NOT_SERVING") break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(health, "NOT_SERVING");

  // Refused before anything is written.
  const std::map<std::string, uint64_t> sizes = LogFileSizes(dir.Sub("log"));
  absl::Status again = RecogniseAcademy(allinone.Channel(), Kbo(1000));
  EXPECT_EQ(ReasonOf(again), "PROJECTION_STOPPED") << again;
  EXPECT_EQ(LogFileSizes(dir.Sub("log")), sizes) << "a refused command wrote to the log";
  auto state = ProjectionStateOf(allinone.Channel(), "recognition");
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_FALSE(state->error().empty());
  EXPECT_THAT(state->error(), Not(HasSubstr(dir.path())));

  // Space returns: no restart, the projection runs on.
  std::filesystem::remove(filler);
  ASSERT_TRUE(allinone.WaitServing(absl::Now() + kPatience).ok()) << allinone.LogTail();
  EXPECT_EQ(allinone.runs(), 1);
  EXPECT_TRUE(RecogniseAcademy(allinone.Channel(), Kbo(stopped_at)).ok());
  EXPECT_TRUE(RecogniseAcademy(allinone.Channel(), Kbo(1000)).ok());
  EXPECT_THAT(allinone.LogTail(100), HasSubstr("projection stopped, retrying"));
  EXPECT_THAT(allinone.LogTail(100), HasSubstr("projection runs again"));

  auto audit = audit::v1::AuditService::NewStub(allinone.Channel());
  auto context = CallAs("auditor", absl::Seconds(120));
  auto reader = audit->ReplayAudit(context.get(), audit::v1::ReplayAuditRequest());
  audit::v1::ReplayAuditResponse message;
  audit::v1::AuditReport report;
  while (reader->Read(&message)) {
    if (message.has_report()) report = message.report();
  }
  grpc::Status finished = reader->Finish();
  ASSERT_TRUE(finished.ok()) << finished.error_message();
  std::string divergences;
  for (const auto& divergence : report.divergences()) {
    divergences += divergence.description() + "\n";
  }
  EXPECT_TRUE(report.passed()) << divergences;
  auto terminated = allinone.Terminate(absl::Now() + kPatience);
  EXPECT_TRUE(terminated.ok() && *terminated == 0) << allinone.LogTail();
  ::umount(disk.c_str());
}

}  // namespace
}  // namespace stem::integration
