#include "tools/crash_test/crash_run.h"

#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <random>
#include <sstream>
#include <thread>

#include "tests/support/mosquitto_broker.h"
#include "tools/crash_test/cse_under_test.h"
#include "tools/crash_test/verifier.h"
#include "tools/crash_test/writer.h"

namespace citadel::crash_test {
namespace {

using Clock = std::chrono::steady_clock;

// CoAP and MQTT wait this long for an answer: after kill -9 there is none, and a live CSE on
// two busy cores answers well within it.
constexpr std::chrono::milliseconds kWireTimeout{2000};
constexpr const char* kBindings[] = {"http", "coap", "mqtt"};

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::unique_ptr<Wire> makeWire(const std::string& binding, const CseUnderTest& cse) {
  if (binding == "http") return makeHttpWire(cse.httpPort());
  if (binding == "coap") return makeCoapWire(cse.coapPort(), kWireTimeout);
  return makeMqttWire(cse.brokerUri(), kWireTimeout);
}

// A fresh directory under $TMPDIR or /tmp; "" when it cannot be made.
std::string makeWorkDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "citadel-crash-XXXXXX").string();
  return mkdtemp(pattern.data()) == nullptr ? std::string() : pattern;
}

class Run {
 public:
  Run(const CrashOptions& options, const std::string& dir, std::mt19937_64& rng)
      : options_(options),
        rng_(rng),
        cse_(options.cse_binary, dir + "/db", options.sync, broker_.uri(), dir + "/cse.log") {}

  CrashSummary& summary() { return summary_; }

  bool setUp() {
    if (!broker_.running()) return setupFailed("mosquitto did not start: " + broker_.log());
    std::string error;
    if (!cse_.start(&error)) return setupFailed(error);
    if (!createSharedContainer(&error)) return setupFailed(error);
    for (const char* binding : kBindings) {
      for (int i = 0; i < options_.writers_per_binding; ++i) {
        std::string tag(1, binding[0]);
        tag += std::to_string(i);
        writers_.push_back(std::make_unique<Writer>(tag, binding, rng_(), shared_));
        if (!writers_.back()->registerAe(*makeWire(binding, cse_), &error)) {
          return setupFailed(error);
        }
      }
    }
    return true;
  }

  // One kill cycle; false when the CSE did not come back (recorded as a violation).
  bool cycle(int number) {
    std::vector<std::unique_ptr<Wire>> wires;
    for (const auto& writer : writers_) wires.push_back(makeWire(writer->binding(), cse_));
    int64_t acknowledged_before = acknowledged();
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    for (size_t i = 0; i < writers_.size(); ++i) {
      threads.emplace_back([&, i] { writers_[i]->run(*wires[i], stop); });
    }
    int run_ms = std::uniform_int_distribution<int>(options_.min_run_ms, options_.max_run_ms)(rng_);
    std::this_thread::sleep_for(std::chrono::milliseconds(run_ms));
    cse_.kill9();
    stop = true;
    for (auto& thread : threads) thread.join();
    wires.clear();
    auto restart = Clock::now();
    std::string error;
    if (!cse_.start(&error)) {
      summary_.violations.push_back("cycle " + std::to_string(number) +
                                    ": the CSE did not restart: " + error);
      return false;
    }
    double restart_s = secondsSince(restart);
    auto verify = Clock::now();
    size_t violations_before = summary_.violations.size();
    int64_t read = verifyAll(number, VerifyScope{false, options_.sample});
    std::cout << "cycle " << number << "/" << options_.cycles << ": killed after " << run_ms
              << " ms, +" << acknowledged() - acknowledged_before
              << " acknowledged writes, restart " << restart_s << " s, " << read
              << " resources verified in " << secondsSince(verify) << " s, "
              << summary_.violations.size() - violations_before << " violations" << std::endl;
    return true;
  }

  // The final check: every resource of every writer.
  void verifyEverything(int number) {
    auto start = Clock::now();
    int64_t read = verifyAll(number, VerifyScope{true, 0});
    std::cout << "final verification: " << read << " resources in " << secondsSince(start) << " s"
              << std::endl;
  }

  void finish() {
    cse_.stop();
    broker_.stop();
    for (const auto& writer : writers_) {
      summary_.counters.add(writer->ledger().counters);
      for (const auto& r : writer->ledger().rejections) summary_.rejections.push_back(r);
    }
  }

 private:
  bool createSharedContainer(std::string* error) {
    WireReply reply =
        makeHttpWire(cse_.httpPort())
            ->create(
                kAdmin, kCseBase, 3,
                {{"m2m:cnt", {{"rn", SharedContainer::kName}, {"lbl", {SharedContainer::kName}}}}});
    shared_.record.labels = {SharedContainer::kName};
    *error = "creating the shared container: " + reply.text;
    return reply.rsc == 2001;
  }
  bool setupFailed(const std::string& error) {
    summary_.setup_failed = true;
    summary_.setup_error = error;
    return false;
  }
  int64_t acknowledged() const {
    int64_t total = 0;
    for (const auto& writer : writers_) total += writer->ledger().counters.totalAcknowledged();
    return total;
  }
  int64_t verifyAll(int number, const VerifyScope& scope) {
    Verifier verifier(cse_.httpPort());
    int64_t read = 0;
    for (const auto& writer : writers_) {
      read += verifier.verify(writer->ledger(), scope, rng_, number, &summary_.violations);
    }
    read += verifier.verifyShared(shared_, number, &summary_.violations);
    summary_.resources_read += read;
    return read;
  }

  const CrashOptions& options_;
  std::mt19937_64& rng_;
  testing::MosquittoBroker broker_;
  CseUnderTest cse_;
  SharedContainer shared_;
  std::vector<std::unique_ptr<Writer>> writers_;
  CrashSummary summary_;
};

}  // namespace

CrashSummary runCrashTest(const CrashOptions& options) {
  auto start = Clock::now();
  uint64_t seed = options.seed != 0
                      ? options.seed
                      : static_cast<uint64_t>(Clock::now().time_since_epoch().count());
  std::cout << "seed " << seed << " (rerun with --seed=" << seed
            << "), storage.sync=" << (options.sync ? "true" : "false") << std::endl;
  std::mt19937_64 rng(seed);
  std::string dir = makeWorkDir();
  if (dir.empty()) {
    CrashSummary failed;
    failed.setup_failed = true;
    failed.setup_error = "cannot create a temporary directory";
    return failed;
  }
  CrashSummary summary;
  {
    Run run(options, dir, rng);
    if (run.setUp()) {
      bool alive = true;
      for (int number = 1; alive && number <= options.cycles; ++number) {
        if (secondsSince(start) > options.time_limit_s) {
          std::cout << "time limit reached after " << number - 1 << " cycles" << std::endl;
          break;
        }
        alive = run.cycle(number);
        if (alive) run.summary().cycles = number;
      }
      if (alive) run.verifyEverything(run.summary().cycles);
    }
    run.finish();
    summary = std::move(run.summary());
  }
  summary.seconds = secondsSince(start);
  if (options.keep || !summary.violations.empty() || summary.setup_failed) {
    std::cout << "storage and CSE log kept in " << dir << std::endl;
  } else {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  return summary;
}

std::string formatSummary(const CrashOptions& options, const CrashSummary& summary) {
  std::ostringstream out;
  out << "\n## Crash test summary (storage.sync=" << (options.sync ? "true" : "false") << ")\n\n";
  if (summary.setup_failed) out << "SET-UP FAILED: " << summary.setup_error << "\n\n";
  out << "| write | acknowledged | unanswered | rejected |\n| --- | ---: | ---: | ---: |\n";
  for (int i = 0; i < static_cast<int>(WriteType::kCount); ++i) {
    out << "| " << writeTypeName(static_cast<WriteType>(i)) << " | "
        << summary.counters.acknowledged[i] << " | " << summary.counters.unanswered[i] << " | "
        << summary.counters.rejected[i] << " |\n";
  }
  out << "| **total** | " << summary.counters.totalAcknowledged() << " | "
      << summary.counters.totalUnanswered() << " | " << summary.counters.totalRejected()
      << " |\n\n";
  out << "cycles: " << summary.cycles << ", resources verified: " << summary.resources_read
      << ", violations: " << summary.violations.size() << ", time: " << summary.seconds << " s\n";
  for (const auto& v : summary.violations) out << "VIOLATION " << v << "\n";
  for (const auto& r : summary.rejections) out << "rejected write: " << r << "\n";
  return out.str();
}

}  // namespace citadel::crash_test
