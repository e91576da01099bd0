#include "tools/bench/fanout_bench.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <vector>

#include "tools/bench/notification_receiver.h"
#include "tools/bench/request_writer.h"

namespace citadel::tools {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kExitSetupFailure = 2;
constexpr int kHttpCreated = 201;
constexpr int kTypeAe = 2;
constexpr int kTypeContainer = 3;
constexpr int kTypeContentInstance = 4;
constexpr int kTypeSubscription = 23;

double millisBetween(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

double median(std::vector<double> values) {
  if (values.empty()) {
    return 0;
  }
  std::sort(values.begin(), values.end());
  const size_t middle = values.size() / 2;
  return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

double maximum(const std::vector<double>& values) {
  return values.empty() ? 0 : *std::max_element(values.begin(), values.end());
}

// Sends one request and returns the HTTP status (0 after an I/O error, described in `error`).
int exchangeStatus(HttpConnection& connection, const std::string& request, std::string& body,
                   std::string& error) {
  if (!connection.isOpen() && !connection.open(error)) {
    return 0;
  }
  HttpResponse response;
  if (!connection.exchange(request, response, error)) {
    return 0;
  }
  body = std::move(response.body);
  return response.status;
}

bool createOrFail(HttpConnection& connection, const std::string& request, const std::string& what,
                  std::string& error) {
  std::string body;
  std::string io_error;
  const int status = exchangeStatus(connection, request, body, io_error);
  if (status == kHttpCreated) {
    return true;
  }
  error = what + ": " +
          (status == 0 ? io_error
                       : "expected 201, got " + std::to_string(status) + " " + body.substr(0, 300));
  return false;
}

}  // namespace

int runFanoutBench(const BenchOptions& options, const Endpoint& endpoint,
                   const std::string& run_tag) {
  const uint32_t warmup_rounds = options.warmup_seconds > 0 ? 1 : 0;
  const uint32_t total_rounds = warmup_rounds + options.rounds;
  const uint64_t expected = options.subscriptions;
  std::cerr << "# citadel_bench scenario=fanout target=" << endpoint.host_header
            << " subscriptions=" << options.subscriptions << " rounds=" << options.rounds
            << " warmup_rounds=" << warmup_rounds
            << " round_timeout_s=" << options.round_timeout_seconds << " run_tag=" << run_tag
            << "\n";

  NotificationReceiver receiver(total_rounds);
  std::string error;
  if (!receiver.start(error)) {
    std::cerr << "citadel_bench: " << error << "\n";
    return kExitSetupFailure;
  }
  const std::string receiver_base = "http://127.0.0.1:" + std::to_string(receiver.port()) + "/";

  const RequestWriter writer(endpoint.host_header);
  const std::string cse_path = "/" + options.cse_name;
  const std::string ae_name = "bench" + run_tag;
  const std::string originator = "Cbench" + run_tag;
  const std::string ae_path = cse_path + "/" + ae_name;
  const std::string container_path = ae_path + "/data";
  const auto io_timeout =
      std::chrono::milliseconds(static_cast<int64_t>(options.timeout_seconds * 1000.0));
  HttpConnection connection(endpoint, io_timeout);

  // Setup: AE (its poa is the receiver, so the CSE knows where the AE lives), container,
  // subscriptions. Each subscription creation waits for its verification request.
  std::string request;
  writer.appendCreate(request, cse_path, originator, "bsetup-ae", kTypeAe,
                      R"({"m2m:ae":{"rn":")" + ae_name + R"(","api":"Nbench","rr":true,"poa":[")" +
                          receiver_base + R"("],"srv":["3"]}})");
  bool ok = createOrFail(connection, request, "AE registration (POST " + cse_path + ")", error);
  if (ok) {
    request.clear();
    writer.appendCreate(request, ae_path, originator, "bsetup-cnt", kTypeContainer,
                        R"({"m2m:cnt":{"rn":"data"}})");
    ok = createOrFail(connection, request, "container creation (POST " + ae_path + ")", error);
  }
  const Clock::time_point subscriptions_start = Clock::now();
  for (uint32_t i = 0; ok && i < options.subscriptions; ++i) {
    const std::string index = std::to_string(i);
    request.clear();
    writer.appendCreate(request, container_path, originator, "bsetup-sub" + index,
                        kTypeSubscription,
                        R"({"m2m:sub":{"rn":"s)" + index + R"(","nu":[")" + receiver_base + "n" +
                            index + R"("],"enc":{"net":[3]}}})");
    ok = createOrFail(connection, request,
                      "subscription " + index + " (POST " + container_path + ")", error);
  }
  if (!ok) {
    std::cerr << "citadel_bench: setup failed against " << endpoint.host_header << ": " << error
              << "\n";
    return kExitSetupFailure;
  }
  const double subscriptions_seconds =
      std::chrono::duration<double>(Clock::now() - subscriptions_start).count();
  std::cerr << "# setup: " << options.subscriptions << " subscriptions in " << std::fixed
            << std::setprecision(2) << subscriptions_seconds << " s, "
            << receiver.verifications() << " verification requests received\n";

  std::vector<double> create_ms;
  std::vector<double> fanout_ms;  // CREATE sent -> last notification, complete rounds only
  std::vector<double> first_ms;   // CREATE sent -> first notification
  uint64_t received_total = 0;
  uint64_t missing_total = 0;
  uint64_t errors = 0;
  std::string first_error;
  for (uint32_t round = 0; round < total_rounds; ++round) {
    const bool timed = round >= warmup_rounds;
    request.clear();
    const std::string round_text = std::to_string(round);
    writer.appendCreate(request, container_path, originator, "bfanout-" + round_text,
                        kTypeContentInstance,
                        R"({"m2m:cin":{"cnf":"text/plain:0","con":"fanout-r)" + round_text + "-" +
                            run_tag + R"("}})");
    std::string body;
    std::string io_error;
    const Clock::time_point sent = Clock::now();
    const int status = exchangeStatus(connection, request, body, io_error);
    const Clock::time_point answered = Clock::now();
    NotificationReceiver::RoundStats stats;
    if (status == kHttpCreated) {
      const auto deadline =
          sent + std::chrono::duration_cast<Clock::duration>(
                     std::chrono::duration<double>(options.round_timeout_seconds));
      stats = receiver.waitForRound(round, expected, deadline);
    }
    if (!timed) {
      continue;
    }
    if (status != kHttpCreated) {
      ++errors;
      if (first_error.empty()) {
        first_error = status == 0 ? io_error
                                  : "cin CREATE: HTTP " + std::to_string(status) + ": " +
                                        body.substr(0, 300);
      }
    }
    create_ms.push_back(millisBetween(sent, answered));
    received_total += std::min(stats.received, expected);
    missing_total += expected - std::min(stats.received, expected);
    if (stats.received > 0) {
      first_ms.push_back(millisBetween(sent, stats.first));
    }
    if (stats.received >= expected) {
      fanout_ms.push_back(millisBetween(sent, stats.last));
    } else {
      // An incomplete round has no end-to-end time; its bound stands in for the maximum.
      fanout_ms.push_back(options.round_timeout_seconds * 1000.0);
      ++errors;
      if (first_error.empty()) {
        first_error = "round " + round_text + ": " + std::to_string(stats.received) + " of " +
                      std::to_string(expected) + " notifications within the round timeout";
      }
    }
  }
  receiver.stop();

  const double fanout_p50 = median(fanout_ms);
  std::ostringstream line;
  line << std::fixed << "scenario=fanout subscriptions=" << options.subscriptions
       << " rounds=" << options.rounds << std::setprecision(3)
       << " create_ms=" << median(create_ms) << " fanout_ms_p50=" << fanout_p50
       << " fanout_ms_max=" << maximum(fanout_ms) << " notifications=" << received_total
       << " missing=" << missing_total << " errors=" << errors
       << " create_ms_max=" << maximum(create_ms) << " first_ms_p50=" << median(first_ms)
       << std::setprecision(1) << " notify_per_s="
       << (fanout_p50 > 0 ? static_cast<double>(expected) * 1000.0 / fanout_p50 : 0.0)
       << " warmup_rounds=" << warmup_rounds << std::setprecision(2)
       << " subscribe_s=" << subscriptions_seconds
       << " verifications=" << receiver.verifications()
       << " unattributed=" << receiver.unattributed();
  std::cout << line.str() << std::endl;
  if (errors > 0) {
    std::cerr << "# first error: " << first_error << "\n";
  }
  return 0;
}

}  // namespace citadel::tools
