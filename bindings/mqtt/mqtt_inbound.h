#pragma once
// One received PUBLISH -> one response PUBLISH (TS-0010 §6.4.3): the receiver's side of the
// binding without the MQTT client, so that every path (bad topic, bad payload, originator
// mismatch, handler failure) is unit-tested with a fake PrimitiveHandler.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "cse/codec/json_codec.h"
#include "cse/model/ports.h"

namespace citadel::mqtt {

struct InboundOptions {
  std::string cse_id = "id-in";  // this CSE's SP-relative CSE-ID without the leading '/'
  codec::ParseLimits limits;     // max_bytes: the largest payload accepted
};

struct OutboundMessage {
  std::string topic;
  std::string payload;
};

// Handles the request in `payload`, received on `topic`, and returns the response to publish.
// nullopt when the message is dropped (and logged): a malformed topic, a topic that is not a
// request to this CSE, or a retained message (TS-0010 §5.1: retained messages are not used; a
// retained request would be replayed on every subscribe), and after handling a request with
// Response Type noResponse (rt=5: nothing is published). Every other failure is answered:
//   4000 payload too large, malformed, wrong parameter types (the dbg names the parameter);
//   4000 `fr` contradicting the topic's originator (TS-0010 §7.2), or a reg_req topic carrying
//        anything but a CREATE of <AE> or <remoteCSE> (TS-0010 §6.4.4);
//   4015 an xml topic (published as JSON on the json response topic: XML is not supported);
//   5000 when the handler throws (it must not; last resort).
// The response echoes rqi and rvi, and gets to = the request's fr and fr = "/<cse_id>" when the
// handler left them empty (TS-0010 §6.5.2 example). It is serialized like the request
// (TS-0010 §6.5.3) on /oneM2M/resp/<originator>/<receiver>/<fmt> (reg_resp for reg_req).
// Never throws. Thread-safe if the handler is.
//
// With `later` set, a request with an oet still ahead is not waited for: handleInbound returns
// nullopt and its answer goes to `later` when due, on another thread (PrimitiveHandler::
// handleAsync). Without it, the call waits (tests, the fuzz target).
using LaterAnswer = std::function<void(OutboundMessage)>;
std::optional<OutboundMessage> handleInbound(std::string_view topic, std::string_view payload,
                                             bool retained, const InboundOptions& options,
                                             model::PrimitiveHandler& handler,
                                             const LaterAnswer& later = {});

}  // namespace citadel::mqtt
