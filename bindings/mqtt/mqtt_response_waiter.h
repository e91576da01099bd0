#pragma once
// The originator's half of TS-0010 §6.4.5: requests this CSE published wait here for the
// response primitive with their rqi, which arrives on /oneM2M/resp/<cse-id>/<receiver>/<fmt>.
// Paho-free: whoever owns the MQTT connection feeds it the received messages.
//
// A response answers a request only when it comes from the entity the request went to
// (issue 15 #2): the response topic's <receiver> segment is the request topic's (TS-0010 §6.4.2,
// the broker's topic ACL vouches for it, §7.2), and the primitive's fr, when present, names that
// entity too. Anything else with the same rqi is logged and dropped, and the request keeps
// waiting for the real answer. The rqi itself is unguessable (cse/random) so that a participant
// that cannot read the request topic cannot answer at all.

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "cse/codec/json_codec.h"
#include "cse/model/response.h"

namespace citadel::mqtt {

class ResponseWaiter {
 public:
  // `cse_topic_id`: this CSE's ID in topic form ("id-in"); `limits` bound response payloads.
  ResponseWaiter(std::string cse_topic_id, codec::ParseLimits limits);

  // Registers `request_id` before its request is published to `target`, the receiver segment of
  // the request topic (topic form, "Cae1", "id-mn:Cae1"). False when a request with that rqi is
  // already waiting (the caller must not publish).
  bool expect(const std::string& request_id, std::string target);
  // Waits at most `timeout` for the response to an expected rqi and forgets the rqi; nullopt on
  // timeout. Call once per expect().
  std::optional<model::Response> wait(const std::string& request_id,
                                      std::chrono::milliseconds timeout);
  // Forgets an expected rqi without waiting (its request could not be published).
  void cancel(const std::string& request_id);

  // A received message. True when `topic` is a response topic addressed to this CSE (the
  // message is then consumed: matched to its waiter, or logged and dropped when malformed, not
  // awaited, or not from the request's target); false for any other topic. Called on the MQTT
  // library's thread; never blocks on a waiter. Thread-safe.
  bool offer(std::string_view topic, std::string_view payload);

 private:
  std::string cse_topic_id_;
  codec::ParseLimits limits_;
  std::mutex mutex_;
  std::condition_variable arrived_;
  struct Pending {
    std::string target;                       // the request topic's receiver segment
    std::optional<model::Response> response;  // once it arrived from `target`
  };
  std::map<std::string, Pending> pending_;  // by rqi
};

}  // namespace citadel::mqtt
