// citadel_bench_esprim: ESPrim-protected requests beside the same plain requests, against one
// running CSE, with the same client for both (issue 16: "ESPrim-wrapped contentInstance CREATE
// and la RETRIEVE over HTTP beside the plain ones in one run", target >= 0.7 x plain).
//
// Each of --connections threads holds one kept-alive HTTP connection (the CSE's own sender,
// bindings/http) and, for the ESPrim rows, its own session: the CSE's shared rand object
// (esi.esro) with an originator rand object of its own. Every ESPrim answer is decrypted and
// its inner rsc checked, so a refused inner request counts as an error, not as speed. Rows run
// interleaved, plain then ESPrim, --rounds times; the summary gives the medians and the ratio.
//
// The CSE must run with esprim.enabled, esprim.sharedRandLifetime > 0 and the key of --key-file
// bound to --from (tools/bench/run_esprim_bench.sh starts one so).
#include <openssl/crypto.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "bindings/http/http_sender.h"
#include "cse/random/random_id.h"
#include "security/esprim/esprim_originator.h"
#include "tools/bench/latency_histogram.h"
#include "tools/esprim_cli/esprim_options.h"

namespace {

using namespace citadel;
using Clock = std::chrono::steady_clock;

struct Settings {
  std::string cse = "http://127.0.0.1:8080";
  std::string from = "Cbench";
  std::string key_id = "k-bench";
  std::string key_file;
  int connections = 16;
  double duration_s = 4;
  int rounds = 2;
  std::string only;  // --only: run the rows whose label contains this (profiling one row)
};

struct RowResult {
  double rps = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  uint64_t errors = 0;
  std::string first_error;
};

std::string argValue(const std::string& arg, const char* name) {
  std::string prefix = std::string("--") + name + "=";
  return arg.rfind(prefix, 0) == 0 ? arg.substr(prefix.size()) : "";
}

model::Request plainRequest(const Settings& settings, bool create, const std::string& target) {
  model::Request request;
  request.operation = create ? model::Operation::kCreate : model::Operation::kRetrieve;
  request.to = target;
  request.originator = settings.from;
  request.request_id = random::unguessableId("b-");
  request.release_version_indicator = "4";
  if (create) {
    request.resource_type = 4;
    request.content = model::Json{{"m2m:cin", {{"con", "21.5"}}}};
  }
  return request;
}

// The HTTP binding addresses a request by its URL, so `to` becomes the path.
model::Response sendTo(http::HttpPrimitiveSender& sender, const Settings& settings,
                       const model::Request& request) {
  return sender.send(settings.cse + "/" + request.to, request);
}

// One timed row: `connections` threads, each sending `create` (cin CREATE) or `la` RETRIEVEs,
// protected by ESPrim when `sessions` is not empty (one session per thread).
RowResult runRow(const Settings& settings, bool create, const std::string& container,
                 const std::vector<security::esprim::OriginatorSession>* sessions) {
  std::string target = create ? container : container + "/la";
  std::atomic<bool> stop{false};
  std::vector<tools::LatencyHistogram> histograms(settings.connections);
  std::vector<uint64_t> errors(settings.connections, 0);
  std::vector<std::string> first_errors(settings.connections);
  std::vector<std::thread> threads;
  Clock::time_point start = Clock::now();
  for (int t = 0; t < settings.connections; ++t) {
    threads.emplace_back([&, t] {
      http::HttpPrimitiveSender sender(http::HttpSenderOptions{});
      auto fail = [&](const std::string& why) {
        if (errors[t]++ == 0) first_errors[t] = why;
      };
      // The originator rand object travels in full (oro) until the CSE has answered one object of
      // the session; after that `ori` names it (TS-0003 §8.4.2 C.6b.2), as a real originator does.
      bool send_oro = true;
      while (!stop.load(std::memory_order_relaxed)) {
        Clock::time_point sent = Clock::now();
        model::Request inner = plainRequest(settings, create, target);
        int rsc = 0;
        if (sessions == nullptr) {
          rsc = static_cast<int>(sendTo(sender, settings, inner).status_code);
        } else {
          const auto& session = (*sessions)[static_cast<size_t>(t)];
          auto epo = security::esprim::wrapRequest(session, inner, send_oro);
          if (!epo.isOk()) {
            fail(epo.status().dbg());
            continue;
          }
          model::Request outer = security::esprim::outerNotify(
              "cse-in", settings.from, random::unguessableId("o-"), std::move(epo).value());
          model::Response answer = sendTo(sender, settings, outer);
          if (answer.status_code != model::Rsc::kOk) {
            fail("outer rsc " + std::to_string(static_cast<int>(answer.status_code)) + " " +
                 answer.content.dump().substr(0, 200));
            continue;
          }
          auto opened = security::esprim::unwrapResponse(session, answer.content);
          if (!opened.isOk()) {
            fail(opened.status().dbg());
            continue;
          }
          rsc = static_cast<int>(opened.value().status_code);
          send_oro = false;
        }
        if (rsc != (create ? 2001 : 2000)) {
          fail("rsc " + std::to_string(rsc));
          continue;
        }
        histograms[t].record(static_cast<uint64_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - sent).count()));
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(settings.duration_s));
  stop = true;
  for (auto& thread : threads) thread.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  tools::LatencyHistogram all;
  RowResult result;
  for (int t = 0; t < settings.connections; ++t) {
    all.merge(histograms[t]);
    result.errors += errors[t];
    if (result.first_error.empty()) result.first_error = first_errors[t];
  }
  result.rps = static_cast<double>(all.count()) / elapsed;
  result.p50_ms = all.quantileMicros(0.5) / 1000.0;
  result.p99_ms = all.quantileMicros(0.99) / 1000.0;
  return result;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values.empty() ? 0 : values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  Settings settings;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (auto v = argValue(arg, "cse"); !v.empty()) settings.cse = v;
    else if (auto v = argValue(arg, "from"); !v.empty()) settings.from = v;
    else if (auto v = argValue(arg, "key-id"); !v.empty()) settings.key_id = v;
    else if (auto v = argValue(arg, "key-file"); !v.empty()) settings.key_file = v;
    else if (auto v = argValue(arg, "connections"); !v.empty()) settings.connections = std::stoi(v);
    else if (auto v = argValue(arg, "duration"); !v.empty()) settings.duration_s = std::stod(v);
    else if (auto v = argValue(arg, "rounds"); !v.empty()) settings.rounds = std::stoi(v);
    else if (auto v = argValue(arg, "only"); !v.empty()) settings.only = v;
    else {
      std::cerr << "usage: citadel_bench_esprim --key-file=FILE [--cse=http://127.0.0.1:8080] "
                   "[--from=Cbench] [--key-id=k-bench] [--connections=16] [--duration=4] "
                   "[--rounds=2] [--only=LABEL-PART]\n";
      return 2;
    }
  }
  settings.connections = std::clamp(settings.connections, 1, 256);
  auto key = tools::readKeyFile(settings.key_file);
  if (!key.isOk()) {
    std::cerr << "citadel_bench_esprim: " << key.status().dbg() << "\n";
    return 2;
  }
  // Set-up, plain: the AE (registered, and allowed to NOTIFY and read the <CSEBase> by the
  // admin), its container, one instance for `la`, and the shared rand object.
  http::HttpPrimitiveSender setup(http::HttpSenderOptions{});
  model::Request ae = plainRequest(settings, true, "cse-in");
  ae.resource_type = 2;
  ae.content = model::Json{{"m2m:ae",
                            {{"rn", settings.from.substr(1)}, {"api", "Nbench"}, {"rr", false},
                             {"srv", {"3"}}}}};
  model::Response registered = sendTo(setup, settings, ae);
  model::Request read_acp = plainRequest(settings, false, "cse-in/acpCSEBase");
  read_acp.originator = "CAdmin";
  model::Response acp = sendTo(setup, settings, read_acp);
  if (acp.status_code == model::Rsc::kOk && acp.content.contains("m2m:acp")) {
    model::Json pv = acp.content["m2m:acp"]["pv"];
    pv["acr"].push_back({{"acor", {settings.from}}, {"acop", 16 | 2}});
    model::Request grant = read_acp;
    grant.operation = model::Operation::kUpdate;
    grant.request_id = random::unguessableId("b-");
    grant.content = model::Json{{"m2m:acp", {{"pv", pv}}}};
    acp = sendTo(setup, settings, grant);
  }
  if ((registered.status_code != model::Rsc::kCreated &&
       registered.status_code != model::Rsc::kConflict) ||
      acp.status_code != model::Rsc::kUpdated) {
    std::cerr << "citadel_bench_esprim: set-up failed (AE "
              << static_cast<int>(registered.status_code) << ", ACP grant "
              << static_cast<int>(acp.status_code) << ")\n";
    return 2;
  }
  std::string container = "cse-in/" + settings.from.substr(1) + "/bench";
  model::Request cnt = plainRequest(settings, true, "cse-in/" + settings.from.substr(1));
  cnt.resource_type = 3;
  cnt.content = model::Json{{"m2m:cnt", {{"rn", "bench"}, {"mni", 1000}}}};
  model::Response made = sendTo(setup, settings, cnt);
  model::Response first = sendTo(setup, settings, plainRequest(settings, true, container));
  model::Request base = plainRequest(settings, false, "cse-in");
  model::Response cse_base = sendTo(setup, settings, base);
  const model::Json* esro = nullptr;
  if (cse_base.content.contains("m2m:cb") && cse_base.content["m2m:cb"].contains("esi") &&
      cse_base.content["m2m:cb"]["esi"].contains("esro")) {
    esro = &cse_base.content["m2m:cb"]["esi"]["esro"];
  }
  bool container_ready =
      made.status_code == model::Rsc::kCreated || made.status_code == model::Rsc::kConflict;
  if (!container_ready || first.status_code != model::Rsc::kCreated ||
      esro == nullptr) {
    std::cerr << "citadel_bench_esprim: set-up failed (container "
              << static_cast<int>(made.status_code) << ", instance "
              << static_cast<int>(first.status_code)
              << ", esro: " << (esro ? "yes" : "no: esprim.sharedRandLifetime") << ")\n";
    return 2;
  }
  auto receiver = security::esprim::parseReceiverRandObject(*esro);
  if (!receiver.isOk()) {
    std::cerr << "citadel_bench_esprim: " << receiver.status().dbg() << "\n";
    return 2;
  }
  std::vector<security::esprim::OriginatorSession> sessions;
  for (int t = 0; t < settings.connections; ++t) {
    auto session = security::esprim::openSession(
        settings.key_id, key.value(), receiver.value(),
        security::esprim::makeOriginatorRandObject(receiver.value()));
    if (!session.isOk()) {
      std::cerr << "citadel_bench_esprim: " << session.status().dbg() << "\n";
      return 2;
    }
    sessions.push_back(std::move(session).value());
  }
  OPENSSL_cleanse(key.value().data(), key.value().size());

  struct Row {
    const char* label;
    bool create;
    bool esprim;
    std::vector<double> rps;
    RowResult last;
    uint64_t errors = 0;
  };
  std::vector<Row> rows = {{"cin CREATE, plain", true, false},
                           {"cin CREATE, ESPrim", true, true},
                           {"la RETRIEVE, plain", false, false},
                           {"la RETRIEVE, ESPrim", false, true}};
  for (int round = 0; round < settings.rounds; ++round) {
    for (Row& row : rows) {
      if (std::string(row.label).find(settings.only) == std::string::npos) continue;
      row.last = runRow(settings, row.create, container, row.esprim ? &sessions : nullptr);
      row.rps.push_back(row.last.rps);
      row.errors += row.last.errors;
      std::cerr << "# round " << round + 1 << " " << row.label << ": " << row.last.rps
                << " req/s, p99 " << row.last.p99_ms << " ms, errors " << row.last.errors
                << (row.last.first_error.empty() ? "" : " (" + row.last.first_error + ")")
                << "\n";
    }
  }
  std::printf("| row | req/s (median of %d) | p50 ms | p99 ms | errors | ESPrim ÷ plain |\n",
              settings.rounds);
  std::printf("| --- | ---: | ---: | ---: | ---: | ---: |\n");
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& row = rows[i];
    double ratio = row.esprim ? median(row.rps) / std::max(median(rows[i - 1].rps), 1e-9) : 0;
    std::printf("| %s | %.0f | %.2f | %.2f | %llu | %s |\n", row.label, median(row.rps),
                row.last.p50_ms, row.last.p99_ms, static_cast<unsigned long long>(row.errors),
                row.esprim ? std::to_string(ratio).substr(0, 5).c_str() : "");
  }
  bool clean = std::all_of(rows.begin(), rows.end(), [](const Row& r) { return r.errors == 0; });
  return clean ? 0 : 1;
}
