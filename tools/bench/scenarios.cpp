#include "tools/bench/scenarios.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace citadel::tools {
namespace {

// oneM2M resource types used here (TS-0004 §6.3.4.2.1).
constexpr int kTypeAe = 2;
constexpr int kTypeContainer = 3;
constexpr int kTypeContentInstance = 4;
// TS-0009 maps a successful CREATE to 201 Created; setup accepts nothing else.
constexpr int kHttpCreated = 201;
constexpr int kHttpOk = 200;
// Roughly the size of a sensor reading; keeps cin bodies comparable between runs.
constexpr size_t kContentBytes = 20;

// "b<worker>-<sequence>": unique per request of a run without any shared counter.
void appendRequestId(std::string& out, uint32_t worker, uint64_t sequence) {
  out.push_back('b');
  appendDecimal(out, worker);
  out.push_back('-');
  appendDecimal(out, sequence);
}

// Runs one setup CREATE and insists on 201, so that a misconfigured CSE fails loudly before
// timing instead of producing a table full of errors.
bool createOrFail(HttpConnection& connection, const std::string& request, std::string_view what,
                  std::string& error) {
  std::string io_error;
  if (!connection.isOpen() && !connection.open(io_error)) {
    error = std::string(what) + ": " + io_error;
    return false;
  }
  HttpResponse response;
  if (!connection.exchange(request, response, io_error)) {
    error = std::string(what) + ": " + io_error;
    return false;
  }
  if (response.status != kHttpCreated) {
    error = std::string(what) + ": expected 201, got " + std::to_string(response.status) + " " +
            response.body.substr(0, 300);
    return false;
  }
  return true;
}

// `static`: the nginx ceiling, a plain GET with no oneM2M headers.
class StaticScenario final : public Scenario {
 public:
  StaticScenario(const ScenarioOptions& options, const RequestWriter& writer)
      : path_(options.static_path), writer_(writer) {}
  void appendRequest(uint32_t, uint64_t, std::string& out) const override {
    writer_.appendPlainGet(out, path_);
  }

 private:
  std::string path_;
  const RequestWriter& writer_;
};

// `path`: a oneM2M RETRIEVE of a resource that exists already, as a given originator: what a
// script set up (the forwarding and fan-out rows of tools/bench/run_inter_cse.sh).
class PathScenario final : public Scenario {
 public:
  PathScenario(const ScenarioOptions& options, const RequestWriter& writer)
      : path_(options.static_path), originator_(options.originator), writer_(writer) {}
  void appendRequest(uint32_t worker, uint64_t sequence, std::string& out) const override {
    std::string request_id;
    appendRequestId(request_id, worker, sequence);
    writer_.appendRetrieve(out, path_, originator_, request_id);
  }

 private:
  std::string path_;
  std::string originator_;
  const RequestWriter& writer_;
};

// `ae`: every request registers a new AE with a fresh originator and name, which measures
// registration (originator checks, AE-ID allocation, CSEBase child index).
class AeRegistrationScenario final : public Scenario {
 public:
  AeRegistrationScenario(const ScenarioOptions& options, const RequestWriter& writer)
      : cse_path_("/" + options.cse_name), run_tag_(options.run_tag), writer_(writer) {}

  void appendRequest(uint32_t worker, uint64_t sequence, std::string& out) const override {
    // "b<worker>x<sequence><tag>": the originator is "C" + it, the rn is "ae" + it.
    std::string suffix = "b";
    appendDecimal(suffix, worker);
    suffix.push_back('x');
    appendDecimal(suffix, sequence);
    suffix.append(run_tag_);
    std::string request_id;
    appendRequestId(request_id, worker, sequence);
    const std::string body =
        R"({"m2m:ae":{"rn":"ae)" + suffix + R"(","api":"Nbench","rr":false,"srv":["3"]}})";
    writer_.appendCreate(out, cse_path_, "C" + suffix, request_id, kTypeAe, body);
  }

 private:
  std::string cse_path_;
  std::string run_tag_;
  const RequestWriter& writer_;
};

// ',"mni":N,"mbs":M' for the limits the options set ("" for none).
std::string limitsMembers(const ScenarioOptions& options) {
  std::string members;
  if (options.max_instances) members += ",\"mni\":" + std::to_string(*options.max_instances);
  if (options.max_bytes) members += ",\"mbs\":" + std::to_string(*options.max_bytes);
  return members;
}

// One AE of the fixture and its container "data".
struct AeFixture {
  std::string ae_name;
  std::string originator;
  std::string ae_path;
  std::string container_path;
};

// AE number `index` of a run: the first is "bench<tag>" (originator "Cbench<tag>"), the others
// "bench<tag>x<index>", so a single-AE run names its resources as it always did.
AeFixture makeAeFixture(const std::string& cse_path, const std::string& run_tag, uint32_t index) {
  std::string suffix = "bench" + run_tag;
  if (index > 0) {
    suffix.push_back('x');
    appendDecimal(suffix, index);
  }
  AeFixture fixture;
  fixture.ae_name = suffix;
  fixture.originator = "C" + suffix;
  fixture.ae_path = cse_path + "/" + suffix;
  fixture.container_path = fixture.ae_path + "/data";
  return fixture;
}

std::vector<AeFixture> makeAeFixtures(const ScenarioOptions& options) {
  const std::string cse_path = "/" + options.cse_name;
  std::vector<AeFixture> fixtures;
  for (uint32_t i = 0; i < std::max<uint32_t>(1, options.aes); ++i) {
    fixtures.push_back(makeAeFixture(cse_path, options.run_tag, i));
  }
  return fixtures;
}

// Base of the scenarios that work inside one AE ("bench<tag>", originator "Cbench<tag>") with
// one container "data" (limits from the options), both created by setUp(); with
// ScenarioOptions::aes > 1, that many such AEs. Prefill fills the containers.
class AeFixtureScenario : public Scenario {
 public:
  AeFixtureScenario(const ScenarioOptions& options, const RequestWriter& writer)
      : fixtures_(makeAeFixtures(options)),
        cse_path_("/" + options.cse_name),
        originator_(fixtures_.front().originator),
        ae_path_(fixtures_.front().ae_path),
        container_path_(fixtures_.front().container_path),
        container_limits_(limitsMembers(options)),
        writer_(writer) {}

  bool setUp(HttpConnection& connection, std::string& error) override {
    for (const AeFixture& fixture : fixtures_) {
      std::string request;
      writer_.appendCreate(request, cse_path_, fixture.originator, "bsetup-ae", kTypeAe,
                           R"({"m2m:ae":{"rn":")" + fixture.ae_name +
                               R"(","api":"Nbench","rr":false,"srv":["3"]}})");
      if (!createOrFail(connection, request, "AE registration (POST " + cse_path_ + ")", error)) {
        return false;
      }
      request.clear();
      writer_.appendCreate(request, fixture.ae_path, fixture.originator, "bsetup-cnt",
                           kTypeContainer, R"({"m2m:cnt":{"rn":"data")" + container_limits_ + "}}");
      if (!createOrFail(connection, request,
                        "container creation (POST " + fixture.ae_path + ")", error)) {
        return false;
      }
    }
    return true;
  }

  bool supportsPrefill() const override { return true; }
  void appendPrefillRequest(uint32_t worker, uint64_t sequence, uint64_t index,
                            std::string& out) const override {
    appendContentInstanceCreate(fixtures_[index % fixtures_.size()], worker, sequence, out);
  }

 protected:
  // The AE (and container) worker `worker` uses.
  const AeFixture& fixtureFor(uint32_t worker) const {
    return fixtures_[worker % fixtures_.size()];
  }

  // A CREATE of a contentInstance without rn (the CSE names it) in the container of `fixture`,
  // as its AE, holding ~20 bytes that include the sequence, so no two bodies are equal. A
  // non-empty `label` becomes "lbl":["<label>"].
  void appendContentInstanceCreate(const AeFixture& fixture, uint32_t worker, uint64_t sequence,
                                   std::string& out, std::string_view label = {}) const {
    std::string content = "v";
    appendDecimal(content, worker);
    content.push_back('-');
    appendDecimal(content, sequence);
    if (content.size() < kContentBytes) {
      content.resize(kContentBytes, '.');
    }
    std::string request_id;
    appendRequestId(request_id, worker, sequence);
    std::string body = R"({"m2m:cin":{"cnf":"text/plain:0",)";
    if (!label.empty()) {
      body.append(R"("lbl":[")").append(label).append(R"("],)");
    }
    body.append(R"("con":")").append(content).append(R"("}})");
    writer_.appendCreate(out, fixture.container_path, fixture.originator, request_id,
                         kTypeContentInstance, body);
  }

  const std::vector<AeFixture> fixtures_;  // never empty; the first is the single-AE fixture
  const std::string cse_path_;
  // Of the first AE, which every scenario but a multi-AE `cin` uses alone.
  const std::string originator_;
  const std::string ae_path_;
  const std::string container_path_;
  const std::string container_limits_;  // ',"mni":N…' members of the container's CREATE
  const RequestWriter& writer_;
};

// `cnt`: a new container under the setup AE per request (child creation under a parent that
// keeps growing).
class ContainerScenario final : public AeFixtureScenario {
 public:
  using AeFixtureScenario::AeFixtureScenario;
  void appendRequest(uint32_t worker, uint64_t sequence, std::string& out) const override {
    std::string name = "c";
    appendDecimal(name, worker);
    name.push_back('_');
    appendDecimal(name, sequence);
    std::string request_id;
    appendRequestId(request_id, worker, sequence);
    writer_.appendCreate(out, ae_path_, originator_, request_id, kTypeContainer,
                         R"({"m2m:cnt":{"rn":")" + name + R"("}})");
  }
};

// `cin`: the hot path of a telemetry CSE, a contentInstance CREATE into one container.
class ContentInstanceScenario final : public AeFixtureScenario {
 public:
  using AeFixtureScenario::AeFixtureScenario;
  void appendRequest(uint32_t worker, uint64_t sequence, std::string& out) const override {
    appendContentInstanceCreate(fixtureFor(worker), worker, sequence, out);
  }
};

// `la`: RETRIEVE of the <latest> virtual resource of a container that holds `prefill` cins.
class LatestScenario final : public AeFixtureScenario {
 public:
  LatestScenario(const ScenarioOptions& options, const RequestWriter& writer)
      : AeFixtureScenario(options, writer), latest_path_(container_path_ + "/la") {}
  void appendRequest(uint32_t worker, uint64_t sequence, std::string& out) const override {
    std::string request_id;
    appendRequestId(request_id, worker, sequence);
    writer_.appendRetrieve(out, latest_path_, originator_, request_id);
  }
  uint64_t defaultPrefill() const override { return 100; }

 private:
  const std::string latest_path_;
};

// `get`: RETRIEVE of the container by structured name (resolution + ACP + encode).
class RetrieveScenario final : public AeFixtureScenario {
 public:
  using AeFixtureScenario::AeFixtureScenario;
  void appendRequest(uint32_t worker, uint64_t sequence, std::string& out) const override {
    std::string request_id;
    appendRequestId(request_id, worker, sequence);
    writer_.appendRetrieve(out, container_path_, originator_, request_id);
  }
};

// The number of URIs in a {"m2m:uril":[...]} answer, or -1 when there is no such list. URIs
// carry no quotes or brackets, so counting the quoted strings inside the brackets suffices.
int64_t countUriList(const std::string& body) {
  const size_t key = body.find(R"("m2m:uril")");
  if (key == std::string::npos) {
    return -1;
  }
  const size_t open = body.find('[', key);
  const size_t close = open == std::string::npos ? open : body.find(']', open);
  if (close == std::string::npos) {
    return -1;
  }
  int64_t quotes = 0;
  for (size_t i = open + 1; i < close; ++i) {
    quotes += body[i] == '"' ? 1 : 0;
  }
  return quotes / 2;
}

// `discover`: discovery by label under the setup AE. The prefill labels every 1000th instance
// "bench:hit" and the rest "bench:miss", so the label index holds the whole container while the
// answer stays small (prefill/1000 URIs); the timed request is the GET that finds the hits.
class DiscoverScenario final : public AeFixtureScenario {
 public:
  DiscoverScenario(const ScenarioOptions& options, const RequestWriter& writer)
      : AeFixtureScenario(options, writer), discovery_path_(ae_path_ + "?fu=1&lbl=bench:hit") {}

  void appendRequest(uint32_t worker, uint64_t sequence, std::string& out) const override {
    std::string request_id;
    appendRequestId(request_id, worker, sequence);
    writer_.appendRetrieve(out, discovery_path_, originator_, request_id);
  }
  void appendPrefillRequest(uint32_t worker, uint64_t sequence, uint64_t index,
                            std::string& out) const override {
    const bool hit = (index + 1) % kDiscoverHitEvery == 0;
    appendContentInstanceCreate(fixtures_.front(), worker, sequence, out,
                                hit ? "bench:hit" : "bench:miss");
  }
  uint64_t defaultPrefill() const override { return 100000; }

  // One discovery before timing must list exactly prefill/1000 URIs: a filter that matched
  // nothing (or everything) would make the timed figure meaningless.
  bool verifyPrefill(HttpConnection& connection, uint64_t prefill,
                     std::string& error) const override {
    std::string request;
    writer_.appendRetrieve(request, discovery_path_, originator_, "bverify-discovery");
    HttpResponse response;
    std::string io_error;
    if ((!connection.isOpen() && !connection.open(io_error)) ||
        !connection.exchange(request, response, io_error)) {
      error = "discovery check: " + io_error;
      return false;
    }
    const uint64_t expected = prefill / kDiscoverHitEvery;
    const int64_t found = response.status == kHttpOk ? countUriList(response.body) : -1;
    if (found < 0 || static_cast<uint64_t>(found) != expected) {
      error = "discovery check (GET " + discovery_path_ + "): expected 200 with " +
              std::to_string(expected) + " URIs, got HTTP " + std::to_string(response.status) +
              " with " + std::to_string(found) + ": " + response.body.substr(0, 300);
      return false;
    }
    return true;
  }

 private:
  const std::string discovery_path_;
};

}  // namespace

std::unique_ptr<Scenario> makeScenario(std::string_view name, const ScenarioOptions& options,
                                       const RequestWriter& writer) {
  if (name == "static") {
    return std::make_unique<StaticScenario>(options, writer);
  }
  if (name == "path") {
    return std::make_unique<PathScenario>(options, writer);
  }
  if (name == "ae") {
    return std::make_unique<AeRegistrationScenario>(options, writer);
  }
  if (name == "cnt") {
    return std::make_unique<ContainerScenario>(options, writer);
  }
  if (name == "cin") {
    return std::make_unique<ContentInstanceScenario>(options, writer);
  }
  if (name == "la") {
    return std::make_unique<LatestScenario>(options, writer);
  }
  if (name == "get") {
    return std::make_unique<RetrieveScenario>(options, writer);
  }
  if (name == "discover") {
    return std::make_unique<DiscoverScenario>(options, writer);
  }
  return nullptr;
}

}  // namespace citadel::tools
