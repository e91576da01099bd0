#pragma once
// BindingClient: one oneM2M client interface over HTTP, CoAP and MQTT, so that the parity suite
// (tests/integration/binding_parity_test.cpp) runs the same CRUD, access-control and
// notification checks on every binding. Each implementation wraps the binding's own test client
// (HttpClient, CoapClient, MqttClient) and reduces its answer to the primitive's rsc and pc.

#include <map>
#include <memory>
#include <ostream>
#include <optional>
#include <string>
#include <vector>

#include "cse/model/json.h"

namespace citadel::testing {

using Json = model::Json;

struct BindingReply {
  bool answered = false;  // false: no response arrived (see `wire`)
  int rsc = 0;
  Json content;      // the primitive content (pc / body), null when empty
  std::string wire;  // the response as the binding carried it, for failure messages
  // Assigned Token Identifiers as {"ltia":[{"lti","tkid"}]} whatever the binding's form
  // (HTTP X-M2M-ATI, CoAP option 327, MQTT ati); null when absent.
  Json ati;
  // Authorization Signature Request Information (HTTP X-M2M-ASRI, CoAP option 275, MQTT asri).
  std::optional<bool> asri;

  // m2m:dbg of an error, "" when absent.
  std::string dbg() const;
  // The resource inside a one-member content such as {"m2m:cnt":{...}}; null otherwise.
  const Json& resource() const;
};

std::ostream& operator<<(std::ostream& out, const BindingReply& reply);

// The access parameters of TS-0003 a request may carry (TS-0004 Table 7.2.1.1-1).
struct AccessParams {
  std::vector<std::string> role_ids;         // rids
  std::vector<std::string> tokens;           // tkns (HTTP: the Authorization header)
  std::vector<std::string> token_ids;        // tids
  std::vector<std::string> local_token_ids;  // ltids
  bool token_request = false;                // tqi
  bool author_sign_indicator = false;        // asi
  std::vector<std::string> author_signs;     // aus (HTTP X-M2M-AS; not sent over CoAP)
  bool author_relationship = false;          // auri
};

enum class BindingOp { kCreate, kRetrieve, kUpdate, kDelete };

class BindingClient {
 public:
  // Any operation with access parameters; `body` is ignored for RETRIEVE and DELETE, `ty` is
  // used for CREATE only.
  virtual BindingReply request(BindingOp op, const std::string& originator,
                               const std::string& path, const AccessParams& access,
                               const Json& body = Json(), int ty = 0) = 0;

  virtual ~BindingClient() = default;
  // "http", "coap" or "mqtt".
  virtual std::string name() const = 0;
  // `path` is CSE-relative with a leading '/' ("/cse-in/ae/cnt"), as in the HTTP suites.
  virtual BindingReply create(const std::string& originator, const std::string& path, int ty,
                              const Json& body) = 0;
  virtual BindingReply retrieve(const std::string& originator, const std::string& path) = 0;
  virtual BindingReply update(const std::string& originator, const std::string& path,
                              const Json& body) = 0;
  virtual BindingReply remove(const std::string& originator, const std::string& path) = 0;
};

std::unique_ptr<BindingClient> makeHttpBindingClient(uint16_t port);
std::unique_ptr<BindingClient> makeCoapBindingClient(uint16_t port);
// One MQTT connection per originator (the topic names the originator, TS-0010 §6.4.2), opened
// on first use. `cse_id` without the leading '/'.
std::unique_ptr<BindingClient> makeMqttBindingClient(std::string broker_uri,
                                                     std::string cse_id = "id-in");

}  // namespace citadel::testing
