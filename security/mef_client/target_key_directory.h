#pragma once
// The CSE as an Enrolment Target (TS-0003 §8.3.2.1 "Use of Remotely Provisioned Credential"):
// a PskDirectory that answers from the local key store first and, for a psk_identity that is a
// KeID of the configured MEF ("<32 lower-case hex digits>@<MEF-FQDN>", §10.3.4) and unknown
// locally, fetches the usage-constrained key and the Enrolee-ID from the MEF (step f) and keeps
// them until the key's lifetime ends. The fetched credential binds the session to the
// Enrolee-ID the MEF recorded for the KeID (PskCredential::originator), so the request's `fr`
// must be that AE-ID or CSE-ID (TransportIdentityStage), exactly as for a provisioned key.
//
// Against a hostile client, every path is bounded:
//   - a KeID the MEF refused, or could not answer for in time, is refused without asking again
//     for `refusal_ttl` (the refusal table is bounded too);
//   - at most `max_fetches_per_second` retrievals start per second and at most
//     `max_concurrent_fetches` run at once; beyond either, an unknown KeID fails its handshake at
//     once (and is not remembered: a legitimate client retries);
//   - a handshake that names a KeID whose retrieval is already running waits for it, at most
//     `pending_wait`;
//   - when the MEF could not be reached, did not answer properly (anything but a refusal) or
//     took more than `slow_fetch` to answer, no retrieval starts for `unavailable_backoff`: a
//     slow or unreachable MEF costs one timeout per backoff, not one per invented KeID;
//   - the key table holds at most `max_keys` entries (expired ones go first, then the one that
//     expires soonest).
// find() blocks the handshake's thread for at most the fetcher's own bound (the client's
// io_timeout): an HTTPS I/O thread or the CoAPS I/O thread, whose other connections wait
// meanwhile (a model::BlockingRegion is not opened: the handshake's own deadline timer could
// then fire on the handoff thread while this thread is inside the handshake). The bounds above
// keep that to at most `max_concurrent_fetches` threads, one timeout per backoff. Keys are wiped when they leave the table; logs name KeIDs and Enrolee-IDs (both
// checked to be printable ASCII), never a key. Thread-safe.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "cse/model/clock.h"
#include "cse/model/psk_directory.h"
#include "cse/model/status.h"
#include "security/mef_client/bootstrap_messages.h"

namespace citadel::security::mef {

// TS-0004 m2m:suid 22: "a symmetric key, provisioned via a RSPF, and intended for use in a
// SAEF". TLS-PSK is the SAEF; 21 is a key for a MAF (§8.8), not for a CSE's TLS.
inline constexpr int kTlsPskSuid = 22;

struct TargetKeyOptions {
  std::string mef_fqdn;  // KeIDs with another suffix are never fetched
  std::string source_name = "MEF";  // names the key source in logs ("MAF": maf_target.h)
  int suid = kTlsPskSuid;
  size_t max_keys = 4096;
  size_t max_refusals = 4096;
  std::chrono::seconds refusal_ttl{30};
  size_t max_concurrent_fetches = 2;
  size_t max_fetches_per_second = 10;
  std::chrono::milliseconds pending_wait{5000};
  std::chrono::seconds unavailable_backoff{5};
  std::chrono::milliseconds slow_fetch{1500};
};

// Fetches the key of a KeID (mef_client.h fetchCredentials with the CSE's options bound).
using KeyFetcher = std::function<model::Result<FetchAnswer>(const std::string& key_id)>;

// Whether `identity` is "<32 lower-case hex digits>@<mef_fqdn>".
bool isKeyIdOf(std::string_view identity, std::string_view mef_fqdn);

class TargetKeyDirectory final : public model::PskDirectory {
 public:
  // `local` (may be nullptr) and `clock` must outlive the directory.
  TargetKeyDirectory(const model::PskDirectory* local, KeyFetcher fetch,
                     const model::Clock& clock, TargetKeyOptions options);
  ~TargetKeyDirectory() override;  // wipes the keys

  std::optional<model::PskCredential> find(std::string_view identity) const override;

  // How many retrievals were started (for tests and the log).
  size_t fetchesStarted() const;

 private:
  struct Fetched {
    model::PskCredential credential;
    model::TimePoint expires;
  };
  struct Pending;

  std::optional<model::PskCredential> fetchAndRemember(const std::string& key_id,
                                                       std::unique_lock<std::mutex>& lock) const;
  void remember(const std::string& key_id, Fetched fetched) const;  // mutex_ held
  void refuse(const std::string& key_id, model::TimePoint now) const;  // mutex_ held
  bool mayStartFetch(model::TimePoint now) const;                      // mutex_ held

  const model::PskDirectory* local_;
  const KeyFetcher fetch_;
  const model::Clock& clock_;
  const TargetKeyOptions options_;

  mutable std::mutex mutex_;
  mutable std::condition_variable fetched_;
  mutable std::map<std::string, Fetched, std::less<>> keys_;
  mutable std::map<std::string, model::TimePoint, std::less<>> refusals_;  // until
  mutable std::map<std::string, std::shared_ptr<Pending>, std::less<>> pending_;
  mutable model::TimePoint unavailable_until_{};
  mutable model::TimePoint window_start_{};
  mutable size_t window_fetches_ = 0;
  mutable size_t fetches_started_ = 0;
};

}  // namespace citadel::security::mef
