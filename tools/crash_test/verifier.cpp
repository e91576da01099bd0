#include "tools/crash_test/verifier.h"

#include <map>
#include <sstream>
#include <thread>

#include "cse/model/json.h"
#include "tests/support/http_client.h"
#include "tools/crash_test/cse_under_test.h"

namespace citadel::crash_test {
namespace {

using model::Json;
using testing::HttpClient;
using testing::HttpResult;

// A container's state may still move while it is read: an MQTT request queued in the broker
// during the outage reaches the CSE after its restart. A check that fails is read again; only
// a failure that persists is a violation.
constexpr int kAttempts = 4;
constexpr std::chrono::milliseconds kSettle{100};
// Re-reads per Verifier: a broken store (every write lost) fails every container, and a run
// should report that in seconds, not wait out each one's re-reads.
constexpr int kRereadBudget = 40;

const char* fateName(Fate fate) {
  return fate == Fate::kPresent  ? "acknowledged create"
         : fate == Fate::kAbsent ? "acknowledged delete"
                                 : "unanswered write";
}

struct Present {
  std::string con;
  int64_t cs = -1;
  int64_t st = -1;
};

class ContainerCheck {
 public:
  ContainerCheck(HttpClient& http, const std::string& path, ContainerRecord& record)
      : http_(http), path_(path), record_(record) {}

  // The st read by the last run(), 0 when the container was absent.
  int64_t stateTag() const { return state_tag_; }
  // The instances the last run() read.
  int64_t instancesRead() const { return instances_read_; }

  // The problems found in one reading of the container; empty when it is consistent.
  std::vector<std::string> run(bool check_indexes, const std::string& parent_path) {
    problems_.clear();
    HttpResult r = http_.retrieve(kAdmin, path_, "rcn=4");
    if (r.rsc == 4004) {
      if (record_.fate == Fate::kPresent) fail("lost: the acknowledged create is gone");
      // A delete is one batch: no label index entry may outlive the container.
      for (const auto& label : record_.labels) {
        if (check_indexes) expectDiscovered(parent_path, label, false);
      }
      return problems_;
    }
    if (r.rsc != 2000) {
      fail("unreadable: " + r.body);
      return problems_;
    }
    if (record_.fate == Fate::kAbsent) fail("came back after an acknowledged delete");
    if (r.header("X-M2M-CTS") == "1") {
      fail("partial child list (X-M2M-CTS 1): more instances than one read returns");
    }
    const Json& cnt = r.json.value("m2m:cnt", Json::object());
    checkLabel(cnt);
    std::map<std::string, Present> present = instances(cnt);
    instances_read_ = static_cast<int64_t>(present.size());
    checkInstances(present);
    checkCounters(cnt, present);
    checkNewestOldest(present);
    if (check_indexes) {
      checkIndexes(cnt, present, parent_path);
    }
    return problems_;
  }

 private:
  void fail(const std::string& what) { problems_.push_back(path_ + ": " + what); }

  void checkLabel(const Json& cnt) {
    Json lbl = cnt.value("lbl", Json::array());
    for (const auto& label : record_.labels) {
      if (lbl == Json::array({label})) return;
    }
    std::ostringstream out;
    out << "lbl " << lbl.dump() << " is none of the acknowledged/in-flight values "
        << Json(record_.labels).dump();
    fail(out.str());
  }

  std::map<std::string, Present> instances(const Json& cnt) {
    std::map<std::string, Present> present;
    for (const auto& cin : cnt.value("m2m:cin", Json::array())) {
      Present p{cin.value("con", ""), cin.value("cs", int64_t{-1}), cin.value("st", int64_t{-1})};
      present[cin.value("rn", "")] = p;
    }
    return present;
  }

  void checkInstances(const std::map<std::string, Present>& present) {
    for (const auto& [rn, instance] : record_.instances) {
      auto it = present.find(rn);
      if (it == present.end()) {
        if (instance.fate == Fate::kPresent) fail(rn + " lost: the acknowledged create is gone");
        continue;
      }
      if (instance.fate == Fate::kAbsent) fail(rn + " came back after an acknowledged delete");
      if (it->second.con != instance.con) {
        fail(rn + " holds con '" + it->second.con + "', was sent '" + instance.con + "'");
      }
    }
    for (const auto& [rn, p] : present) {
      if (!record_.instances.contains(rn)) fail(rn + " is present but no writer sent it");
    }
  }

  void checkCounters(const Json& cnt, const std::map<std::string, Present>& present) {
    int64_t cni = cnt.value("cni", int64_t{-1});
    int64_t cbs = cnt.value("cbs", int64_t{-1});
    int64_t st = cnt.value("st", int64_t{-1});
    int64_t bytes = 0;
    int64_t max_st = 0;
    for (const auto& [rn, p] : present) {
      bytes += p.cs;
      max_st = std::max(max_st, p.st);
      if (p.cs != static_cast<int64_t>(p.con.size())) {
        fail(rn + " has cs " + std::to_string(p.cs) + " for a con of " +
             std::to_string(p.con.size()) + " bytes");
      }
    }
    if (cni != static_cast<int64_t>(present.size())) {
      fail("cni " + std::to_string(cni) + " but " + std::to_string(present.size()) +
           " instances present");
    }
    if (cbs != bytes) {
      fail("cbs " + std::to_string(cbs) + " but the instances present hold " +
           std::to_string(bytes) + " bytes");
    }
    if (st < record_.acknowledged_instances || st < max_st || st < record_.last_state_tag) {
      fail("st " + std::to_string(st) + " below " + std::to_string(record_.acknowledged_instances) +
           " acknowledged creates, an instance's st " + std::to_string(max_st) +
           " or the st read before " + std::to_string(record_.last_state_tag));
    }
    state_tag_ = st;
  }

  // TS-0001 §9.6.27/§9.6.28: la and ol are the newest and oldest instance (highest, lowest st).
  void checkNewestOldest(const std::map<std::string, Present>& present) {
    const std::string* newest = nullptr;
    const std::string* oldest = nullptr;
    for (const auto& [rn, p] : present) {
      if (newest == nullptr || p.st > present.at(*newest).st) newest = &rn;
      if (oldest == nullptr || p.st < present.at(*oldest).st) oldest = &rn;
    }
    for (const auto& [virtual_rn, expected] : {std::pair{"la", newest}, std::pair{"ol", oldest}}) {
      HttpResult r = http_.retrieve(kAdmin, path_ + "/" + virtual_rn);
      if (expected == nullptr) {
        if (r.rsc != 4004)
          fail(std::string(virtual_rn) + " answers " + r.body + " with no instance");
        continue;
      }
      std::string rn = r.resource().value("rn", "");
      if (r.rsc != 2000 || rn != *expected) {
        fail(std::string(virtual_rn) + " is '" + rn + "' (rsc " + std::to_string(r.rsc) +
             "), the instance with the " + (newest == expected ? "highest" : "lowest") +
             " st is '" + *expected + "'");
      }
    }
  }

  // The indexes agree with the resources: discovery by the label the container holds finds it
  // and by the label an acknowledged update replaced does not; an instance whose write went
  // unanswered is retrievable by its path exactly when the child list shows it.
  void checkIndexes(const Json& cnt, const std::map<std::string, Present>& present,
                    const std::string& parent_path) {
    for (const auto& label : cnt.value("lbl", Json::array())) {
      if (label.is_string()) expectDiscovered(parent_path, label.get<std::string>(), true);
    }
    if (!record_.retired_label.empty()) {
      expectDiscovered(parent_path, record_.retired_label, false);
    }
    for (const auto& [rn, instance] : record_.instances) {
      if (instance.fate != Fate::kMaybe) continue;
      int rsc = http_.retrieve(kAdmin, path_ + "/" + rn).rsc;
      bool listed = present.contains(rn);
      if ((rsc == 2000) != listed) {
        fail(rn + " answers " + std::to_string(rsc) + " by its path but is " +
             (listed ? "" : "not ") + "in the child list");
      }
    }
  }

  void expectDiscovered(const std::string& parent_path, const std::string& label, bool expected) {
    HttpResult r = http_.retrieve(kAdmin, parent_path, "fu=1&lbl=" + label);
    std::string suffix = path_.substr(path_.rfind('/'));
    bool found = false;
    for (const auto& uri : r.json.value("m2m:uril", Json::array())) {
      found = found || (uri.is_string() && uri.get<std::string>().ends_with(suffix));
    }
    if (r.rsc != 2000) {
      fail("discovery by lbl=" + label + " answers " + std::to_string(r.rsc) + ": " + r.body);
    } else if (found != expected) {
      fail("discovery by lbl=" + label + (expected ? " does not find it: " : " still finds it: ") +
           r.body);
    }
  }

  HttpClient& http_;
  const std::string& path_;
  ContainerRecord& record_;
  std::vector<std::string> problems_;
  int64_t state_tag_ = 0;
  int64_t instances_read_ = 0;
};

void checkSimple(HttpClient& http, const std::string& path, const SimpleRecord& record,
                 std::vector<std::string>* problems) {
  HttpResult r = http.retrieve(kAdmin, path);
  if (r.rsc == 2000 && record.fate == Fate::kAbsent) {
    problems->push_back(path + ": came back after an acknowledged delete");
  } else if (r.rsc == 4004 && record.fate == Fate::kPresent) {
    problems->push_back(path + ": lost: the acknowledged create is gone");
  } else if (r.rsc != 2000 && r.rsc != 4004) {
    problems->push_back(path + ": unreadable after the " + fateName(record.fate) + ": " + r.body);
  }
}

// Checks one container (read again while it is inconsistent, see kAttempts); returns the
// resources read.
int64_t checkContainer(HttpClient& http, const std::string& path, ContainerRecord& record,
                       bool check_label_index, const std::string& parent_path, int* rereads_left,
                       std::vector<std::string>* problems) {
  ContainerCheck check(http, path, record);
  std::vector<std::string> found = check.run(check_label_index, parent_path);
  for (int attempt = 1; attempt < kAttempts && !found.empty() && *rereads_left > 0; ++attempt) {
    --*rereads_left;
    std::this_thread::sleep_for(kSettle);
    found = check.run(check_label_index, parent_path);
  }
  problems->insert(problems->end(), found.begin(), found.end());
  record.last_state_tag = std::max(record.last_state_tag, check.stateTag());
  record.dirty = false;
  return 1 + check.instancesRead();
}

void report(const std::vector<std::string>& problems, int cycle, const std::string& who,
            std::vector<std::string>* violations) {
  for (const auto& problem : problems) {
    violations->push_back("cycle " + std::to_string(cycle) + " [" + who + "] " + problem);
  }
}

}  // namespace

Verifier::Verifier(uint16_t http_port) : port_(http_port), rereads_left_(kRereadBudget) {}

int64_t Verifier::verifyShared(SharedContainer& shared, int cycle,
                               std::vector<std::string>* violations) {
  HttpClient http(port_);
  std::vector<std::string> problems;
  int64_t read =
      checkContainer(http, shared.path(), shared.record, true, kCseBase, &rereads_left_, &problems);
  report(problems, cycle, "shared", violations);
  return read;
}

int64_t Verifier::verify(WriterLedger& ledger, const VerifyScope& scope, std::mt19937_64& rng,
                         int cycle, std::vector<std::string>* violations) {
  HttpClient http(port_);
  const std::string ae_path = std::string(kCseBase) + "/" + ledger.ae_name;
  std::vector<std::string> problems;
  int64_t read = 0;
  // A clean resource is re-read with probability sample/total, so that old data is checked too.
  size_t total = ledger.containers.size() + ledger.subscriptions.size() + ledger.extra_aes.size();
  std::bernoulli_distribution sampled(
      total == 0 ? 0.0 : std::min(1.0, static_cast<double>(scope.sample) / total));
  auto chosen = [&](bool dirty) { return scope.everything || dirty || sampled(rng); };

  if (http.retrieve(kAdmin, ae_path).rsc != 2000) {
    problems.push_back(ae_path + ": the writer's AE is gone");
  }
  for (auto& [rn, record] : ledger.containers) {
    if (!chosen(record.dirty)) continue;
    read += checkContainer(http, ae_path + "/" + rn, record, record.dirty || scope.everything,
                           ae_path, &rereads_left_, &problems);
  }
  for (auto& [rn, record] : ledger.subscriptions) {
    if (!chosen(record.dirty)) continue;
    checkSimple(http, ae_path + "/" + rn, record, &problems);
    record.dirty = false;
    ++read;
  }
  for (auto& [rn, record] : ledger.extra_aes) {
    if (!chosen(record.dirty)) continue;
    checkSimple(http, std::string(kCseBase) + "/" + rn, record, &problems);
    record.dirty = false;
    ++read;
  }
  report(problems, cycle, ledger.binding, violations);
  return read;
}

}  // namespace citadel::crash_test
