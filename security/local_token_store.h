#pragma once
// Tokens this CSE has validated and remembers (TS-0001 §7.1.16, TS-0003 §7.3.2.5 step 6): each
// gets a Local-Token-ID, short and local to this CSE, that the holder may send in `ltids`
// instead of the whole token. Tokens that a DAS handed to this CSE in a direct dynamic
// authorization exchange are also remembered by holder: they take part in that holder's later
// requests without being presented (TS-0003 §7.3.2.2 step 4).
//
// A DAS-issued token also keeps which DAS issued it: an authorization relationship mapping
// (TS-0003 §7.3.2.7.1, TS-0004 §7.5.1.2.14–15) asks that DAS about it, and may move the token to
// a new holder (rebind) when the AE that holds it re-registered under a new AE-ID.
//
// In memory only: after a restart the holder presents the token again and gets a new ID.
// Entries leave when the token expires (checked on every read) or, when the store is full, in
// order of expiry. Thread-safe.

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cse/model/clock.h"
#include "security/token/token_claims.h"

namespace citadel::security {

class LocalTokenStore {
 public:
  explicit LocalTokenStore(size_t capacity = 10000) : capacity_(capacity) {}

  struct Assignment {
    std::string local_token_id;
    bool assigned_now = false;  // false: the token already had this ID
  };
  // The Local-Token-ID of a validated token: the same ID for the same token ID and holder.
  // `from_das`: the CSE obtained the token itself, so heldBy() returns it.
  // `das_uri`: the DAS that issued it (from_das only).
  Assignment remember(std::shared_ptr<const token::TokenClaims> claims, bool from_das,
                      model::TimePoint now, std::string_view das_uri = {});
  // The token behind a Local-Token-ID; nullptr when unknown or expired.
  std::shared_ptr<const token::TokenClaims> find(std::string_view local_token_id,
                                                 model::TimePoint now);
  // Unexpired tokens that a DAS issued to `holder_absolute` through this CSE.
  std::vector<std::shared_ptr<const token::TokenClaims>> heldBy(std::string_view holder_absolute,
                                                                model::TimePoint now);
  struct DasToken {
    std::shared_ptr<const token::TokenClaims> claims;
    std::string das_uri;  // the DAS that issued it
  };
  // The unexpired token a DAS issued through this CSE under `token_id`, whoever holds it now.
  std::optional<DasToken> dasToken(std::string_view token_id, model::TimePoint now);
  // Gives the DAS-issued token `token_id` to another holder (TS-0003 §7.3.2.7.1 step 6): its
  // claims are copied and `move` changes the copy (its holder, and what names the holder); the
  // previous holder's requests no longer carry it. nullptr when the token is no longer held.
  std::shared_ptr<const token::TokenClaims> rebind(
      std::string_view token_id, model::TimePoint now,
      const std::function<void(token::TokenClaims&)>& move);
  // True while any DAS-issued token is held (a lock-free read, for the per-request fast path).
  bool holdsDasTokens() const { return das_entries_.load(std::memory_order_relaxed) != 0; }
  size_t size() const;

 private:
  struct Entry {
    std::shared_ptr<const token::TokenClaims> claims;
    bool from_das = false;
    std::string das_uri;  // from_das: the DAS that issued it
  };
  using ByLti = std::map<std::string, Entry, std::less<>>;
  void evictLocked(model::TimePoint now);
  ByLti::iterator forgetLocked(ByLti::iterator entry);

  const size_t capacity_;
  mutable std::mutex mutex_;
  ByLti by_lti_;
  // tkid -> lti of its latest holder (a token ID is unique per issuer; the holder is checked).
  std::map<std::string, std::string, std::less<>> lti_by_token_id_;
  std::multimap<std::string, std::string, std::less<>> das_lti_by_holder_;
  // tkid -> lti of the DAS-issued entry (the one a relationship mapping is about; a holder
  // presenting the same token itself gets an entry of its own).
  std::map<std::string, std::string, std::less<>> das_lti_by_token_id_;
  // das_lti_by_holder_.size(), readable without the lock: most CSEs never hold a DAS token, and
  // heldBy() runs on every request.
  std::atomic<size_t> das_entries_{0};
};

}  // namespace citadel::security
