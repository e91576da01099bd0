// citadel_bench's command line and the pieces behind the issue-25 options (#5): per-AE
// containers, the nginx baseline's arithmetic, the CSE's RSS. No sockets, no timing.
#include "tools/bench/bench_options.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "tools/bench/load_runner.h"
#include "tools/bench/nginx_baseline.h"
#include "tools/bench/process_rss.h"
#include "tools/bench/request_writer.h"
#include "tools/bench/scenarios.h"

namespace citadel::tools {
namespace {

struct Parsed {
  bool ok = false;
  BenchOptions options;
  std::string error;
};

Parsed parse(std::initializer_list<const char*> flags) {
  std::vector<std::string> args = {"citadel_bench"};
  args.insert(args.end(), flags.begin(), flags.end());
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  Parsed parsed;
  std::vector<std::string> warnings;
  parsed.ok = parseBenchOptions(static_cast<int>(argv.size()), argv.data(), parsed.options,
                                warnings, parsed.error);
  return parsed;
}

TEST(BenchOptionsTest, DefaultsLeaveTheNewOptionsOff) {
  const Parsed parsed = parse({"--scenario=cin", "--host=::1"});
  ASSERT_TRUE(parsed.ok) << parsed.error;
  EXPECT_EQ(parsed.options.aes, 1u);
  EXPECT_EQ(parsed.options.nginx_port, 0);
  EXPECT_EQ(parsed.options.nginx_host, "::1");  // follows --host
  EXPECT_EQ(parsed.options.nginx_path, "/index.json");
  EXPECT_EQ(parsed.options.cse_pid, 0);
  EXPECT_EQ(parsed.options.prefill_pipeline, 16u);
}

TEST(BenchOptionsTest, ParsesTheIssue25Options) {
  const Parsed parsed =
      parse({"--scenario=cin", "--aes=16", "--nginx-port=8081", "--nginx-host=127.0.0.2",
             "--nginx-path=/x.json", "--cse-pid=4242", "--prefill-pipeline=64",
             "--connections=5000", "--prefill=1000000"});
  ASSERT_TRUE(parsed.ok) << parsed.error;
  EXPECT_EQ(parsed.options.aes, 16u);
  EXPECT_EQ(parsed.options.nginx_port, 8081);
  EXPECT_EQ(parsed.options.nginx_host, "127.0.0.2");
  EXPECT_EQ(parsed.options.nginx_path, "/x.json");
  EXPECT_EQ(parsed.options.cse_pid, 4242);
  EXPECT_EQ(parsed.options.prefill_pipeline, 64u);
  EXPECT_EQ(parsed.options.connections, 5000u);
  EXPECT_EQ(parsed.options.prefill, 1000000u);
}

TEST(BenchOptionsTest, RefusesBadValuesNamingTheFlag) {
  for (const char* flag : {"--aes=0", "--aes=x", "--prefill-pipeline=0", "--prefill-pipeline=65",
                           "--nginx-port=0", "--nginx-port=65536", "--nginx-host=",
                           "--nginx-path=index.json", "--cse-pid=0", "--cse-pid=-1",
                           "--connections=10001"}) {
    const Parsed parsed = parse({"--scenario=cin", flag});
    EXPECT_FALSE(parsed.ok) << flag;
    const std::string key = std::string(flag).substr(0, std::string(flag).find('='));
    EXPECT_NE(parsed.error.find(key), std::string::npos) << parsed.error;
  }
}

TEST(BenchOptionsTest, AesOnlyWithCinAndNoBaselineForFanout) {
  EXPECT_FALSE(parse({"--scenario=la", "--aes=2"}).ok);
  EXPECT_TRUE(parse({"--scenario=la", "--aes=1"}).ok);
  const Parsed fanout = parse({"--scenario=fanout", "--nginx-port=80"});
  EXPECT_FALSE(fanout.ok);
  EXPECT_NE(fanout.error.find("fanout"), std::string::npos);
}

// The request line and X-M2M-Origin of a serialised request.
std::string requestLine(const std::string& request) { return request.substr(0, request.find('\r')); }
std::string originOf(const std::string& request) {
  const size_t start = request.find("X-M2M-Origin: ") + 14;
  return request.substr(start, request.find('\r', start) - start);
}

TEST(BenchScenarioTest, CinWithAesWritesIntoTheWorkersOwnContainerAsItsAe) {
  const RequestWriter writer("127.0.0.1:8080");
  ScenarioOptions options;
  options.run_tag = "t1";
  options.aes = 16;
  const auto scenario = makeScenario("cin", options, writer);
  ASSERT_NE(scenario, nullptr);
  std::string first, seventeenth, prefill;
  scenario->appendRequest(0, 0, first);
  scenario->appendRequest(17, 0, seventeenth);  // 17 mod 16 = AE 1
  scenario->appendPrefillRequest(0, 1, 3, prefill);  // prefill index 3 -> AE 3
  EXPECT_EQ(requestLine(first), "POST /cse-in/bencht1/data HTTP/1.1");
  EXPECT_EQ(originOf(first), "Cbencht1");
  EXPECT_EQ(requestLine(seventeenth), "POST /cse-in/bencht1x1/data HTTP/1.1");
  EXPECT_EQ(originOf(seventeenth), "Cbencht1x1");
  EXPECT_EQ(requestLine(prefill), "POST /cse-in/bencht1x3/data HTTP/1.1");
  EXPECT_EQ(originOf(prefill), "Cbencht1x3");
}

TEST(BenchScenarioTest, CinWithoutAesKeepsTheSingleAe) {
  const RequestWriter writer("127.0.0.1:8080");
  ScenarioOptions options;
  options.run_tag = "t2";
  const auto scenario = makeScenario("cin", options, writer);
  std::string request;
  scenario->appendRequest(5, 9, request);
  EXPECT_EQ(requestLine(request), "POST /cse-in/bencht2/data HTTP/1.1");
  EXPECT_EQ(originOf(request), "Cbencht2");
}

TEST(BenchBaselineTest, HalvesAddUpAndTheRatioIsToTheirRate) {
  RunResult before;
  before.requests = 300;
  before.elapsed_seconds = 1.0;
  before.latency.record(100);
  RunResult after;
  after.requests = 100;
  after.elapsed_seconds = 1.0;
  after.errors = 2;
  after.first_error = "later";
  after.latency.record(300);
  RunResult total;
  total.add(before);
  total.add(after);
  EXPECT_EQ(total.requests, 400u);
  EXPECT_EQ(total.errors, 2u);
  EXPECT_EQ(total.first_error, "later");
  EXPECT_EQ(total.latency.count(), 2u);
  EXPECT_DOUBLE_EQ(total.requestsPerSecond(), 200.0);
  EXPECT_DOUBLE_EQ(ratioToBaseline(50.0, total.requestsPerSecond()), 0.25);
  EXPECT_DOUBLE_EQ(ratioToBaseline(50.0, 0.0), 0.0);
  EXPECT_DOUBLE_EQ(RunResult{}.requestsPerSecond(), 0.0);
}

TEST(ProcessRssTest, ReadsVmRssFromProcStatus) {
  EXPECT_EQ(parseVmRssKib("Name:\tcitadel\nVmPeak:\t  99 kB\nVmRSS:\t   14132 kB\nThreads:\t9\n"),
            14132u);
  EXPECT_EQ(parseVmRssKib("Name:\tzombie\nState:\tZ (zombie)\n"), std::nullopt);
  EXPECT_EQ(parseVmRssKib("VmRSS:\t12 MB\n"), std::nullopt);
  EXPECT_EQ(parseVmRssKib("VmRSS:\n"), std::nullopt);
  EXPECT_EQ(parseVmRssKib(""), std::nullopt);
}

TEST(ProcessRssTest, ReadsThisProcess) {
  const std::optional<uint64_t> rss = readVmRssKib(static_cast<int64_t>(::getpid()));
  ASSERT_TRUE(rss.has_value());
  EXPECT_GT(*rss, 0u);
}

}  // namespace
}  // namespace citadel::tools
