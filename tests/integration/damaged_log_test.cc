// No damaged byte is silently dropped (rulebook section 9), seen as an operator sees it: a
// bit flipped in the embedded log of a stopped stem-allinone makes the next start fail,
// naming the file and byte, with the log untouched; `--repair_log=show` shows the damage,
// `--repair_log=move_aside` moves it aside when told; the stores that applied what moved
// then refuse to start until they are rebuilt, and the rebuilt suite serves.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_join.h"
#include "libs/common/testing/temp_dir.h"
#include "libs/service/topics.h"
#include "tests/integration/process_test_util.h"
#include "tests/integration/service_process.h"

namespace stem::integration {
namespace {

using ::testing::HasSubstr;

constexpr char kAcademy[] = "0123456749";
constexpr absl::Duration kPatience = absl::Seconds(60);

// `stem-allinone <args>` run to its end: its exit code and what it printed.
std::pair<int, std::string> RunAllInOne(const std::vector<std::string>& args) {
  return RunToEnd(STEM_ALLINONE_BIN, args);
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

TEST(DamagedLogTest, IsRefusedShownAndMovedAsideOnlyWhenTold) {
  stem::testing::TempDir dir;
  const std::string data = dir.Sub("data");
  WriteFile(dir.Sub("tokens"), TokenFileText({kAcademy}));
  const std::vector<std::string> flags = {"--data_dir=" + data, "--token_file=" + dir.Sub("tokens"),
                                          "--clock_start=2019-01-07T09:00:00Z", "--partitions=1"};
  ServiceProcess allinone(
      {STEM_ALLINONE_BIN, flags, "stem.audit.v1.AuditService", dir.Sub("allinone.log")});
  ASSERT_TRUE(allinone.StartServing(absl::Now() + kPatience).ok()) << allinone.LogTail();
  ASSERT_TRUE(RecogniseAcademy(allinone.Channel(), kAcademy).ok());
  auto stopped = allinone.Terminate(absl::Now() + kPatience);
  ASSERT_TRUE(stopped.ok() && *stopped == 0) << allinone.LogTail();

  // One bit, inside the first frame of the recognition topic's only partition.
  const std::string file = data + "/log/" + service::Topics::WithPrefix("").recognition + "/0.log";
  std::string bytes = ReadBytes(file);
  ASSERT_GT(bytes.size(), 100U);
  bytes[40] = static_cast<char>(bytes[40] ^ 0x08);
  WriteBytes(file, bytes);

  // Refused, named, untouched.
  absl::Status started = allinone.Start(absl::Now() + kPatience);
  EXPECT_FALSE(started.ok());
  EXPECT_NE(allinone.last_exit_code(), 0);
  EXPECT_THAT(allinone.LogTail(), HasSubstr("embedded event log is damaged"));
  EXPECT_THAT(allinone.LogTail(), HasSubstr(file + " at byte 0 (after commit 0"));
  EXPECT_EQ(ReadBytes(file), bytes);
  EXPECT_FALSE(std::filesystem::exists(data + "/log/quarantine"));

  auto [shown, report] = RunAllInOne({"--data_dir=" + data, "--repair_log=show"});
  EXPECT_EQ(shown, 4) << report;
  EXPECT_THAT(report, HasSubstr("DAMAGE at byte 0"));
  EXPECT_THAT(report, HasSubstr("it does NOT open"));
  EXPECT_EQ(ReadBytes(file), bytes) << "showing changes nothing";

  auto [moved, moved_report] = RunAllInOne({"--data_dir=" + data, "--repair_log=move_aside"});
  EXPECT_EQ(moved, 0) << moved_report;
  EXPECT_THAT(moved_report, HasSubstr("moved aside: " + file + " bytes 0-"));
  EXPECT_EQ(ReadBytes(file), "");
  std::string quarantined;
  for (const auto& entry : std::filesystem::directory_iterator(data + "/log/quarantine")) {
    quarantined += ReadBytes(entry.path().string());
  }
  EXPECT_EQ(quarantined, bytes) << "every moved byte is kept";

  // The stores applied facts the log no longer holds.
  started = allinone.Start(absl::Now() + kPatience);
  EXPECT_FALSE(started.ok());
  EXPECT_THAT(allinone.LogTail(), HasSubstr("STORE_AHEAD_OF_LOG"));

  // Rebuilt from what the log holds, the suite serves again.
  for (const auto& entry : std::filesystem::directory_iterator(data)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_directory() && name != "log") std::filesystem::remove_all(entry.path());
  }
  EXPECT_TRUE(allinone.StartServing(absl::Now() + kPatience).ok()) << allinone.LogTail();
}

}  // namespace
}  // namespace stem::integration
