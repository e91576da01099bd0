// Memory bounds (issue 15 #12): what one request, one subscription or one CoAP peer may make
// the CSE hold, in bytes as well as in items, and the quotas a container gets when its creator
// sets none. Defaults are generous but finite; the RSS under each attack follows from them
// (BENCHMARKS.md).
#include "cse/engine/config_keys.h"

namespace citadel::engine {

std::vector<ConfigSection> limitsConfigSections() {
  return {
      {"Memory bounds",
       "Each bound is in bytes of JSON (or of the encoded payload for CoAP); see README "
       "\"Security model\".",
       {
           intKey("limits.maxResponseBytes", &Config::max_response_bytes,
                  {.min = 1024, .unit = "bytes"}, "8388608",
                  "largest child list (rcn 4-8) or discovery answer; beyond, a partial answer "
                  "(cnst 1, cnot: the offset to continue from). Also bounds a group "
                  "fan-out's aggregated answer (members past it are answered without content)"),
           intKey("limits.notificationQueueBytes", &Config::notification_queue_bytes,
                  {.min = 1024, .unit = "bytes"}, "67108864",
                  "notifications waiting for delivery, all targets together; beyond, new are "
                  "dropped"),
           intKey("limits.notificationTargetBytes", &Config::notification_target_bytes,
                  {.min = 1024, .unit = "bytes"}, "4194304",
                  "notifications waiting for one target (a slow receiver); beyond, new are "
                  "dropped"),
           intKey("limits.notificationBufferBytes", &Config::notification_buffer_bytes,
                  {.min = 1024, .unit = "bytes"}, "1048576",
                  "one subscription's batch (bn) or pending rate-limited (rl) notifications; a "
                  "full batch is sent early, the oldest pending go"),
           intKey("limits.notificationBuffersBytes", &Config::notification_buffers_total_bytes,
                  {.min = 1024, .unit = "bytes"}, "67108864",
                  "batches and pending notifications of all subscriptions together"),
           intKey("limits.maxNotificationUris", &Config::max_notification_uris,
                  {.min = 1, .max = 100000}, "64", "most entries in a subscription's nu"),
           intKey("limits.maxNotificationUriBytes", &Config::max_notification_uri_bytes,
                  {.min = 256, .unit = "bytes"}, "16384",
                  "total length of a subscription's nu entries"),
           intKey("limits.coapBlock2Bytes", &Config::coap_block2_bytes,
                  {.min = 1024, .unit = "bytes"}, "67108864",
                  "CoAP responses kept for Block2 follow-ups, all peers; beyond, the oldest go"),
           intKey("limits.coapBlock2PeerBytes", &Config::coap_block2_peer_bytes,
                  {.min = 1024, .unit = "bytes"}, "16777216",
                  "CoAP responses kept for one peer's Block2 follow-ups; beyond, its oldest go"),
           intKey("limits.defaultMni", &Config::default_mni, {.min = 0}, "0",
                  "maxNrOfInstances given to a new container that sets none (0: none)"),
           intKey("limits.defaultMbs", &Config::default_mbs, {.min = 0, .unit = "bytes"}, "0",
                  "maxByteSize given to a new container that sets none (0: none)"),
       }},
  };
}

}  // namespace citadel::engine
