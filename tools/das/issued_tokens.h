#pragma once
// The tokens this DAS has issued, by token ID, so that a CSE holding only tokenIDs (indirect
// dynamic authorization, TS-0003 §7.3.2.2 / TS-0001 §11.5.2) can fetch the tokens themselves.
// In memory only: a restarted DAS forgets them, and the CSE then gets an empty answer.
// With each token, the AuthorSigns of its relationship mapping record, when its holder sent
// them (TS-0003 §7.3.2.2 step 8).
// Bounded: at most `capacity` tokens; when full, expired tokens go first, then the oldest.
// Thread-safe.

#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "cse/model/clock.h"

namespace citadel::tools::das {

class IssuedTokens {
 public:
  explicit IssuedTokens(size_t capacity = 4096) : capacity_(capacity) {}

  // Remembers `token` (compact JWS) under `token_id`, issued to `holder` (absolute ID) at `now`
  // and valid until `expires`. A token ID issued again replaces the earlier token.
  void remember(std::string token_id, std::string holder, std::string token,
                model::TimePoint expires, model::TimePoint now);

  // The tokens among `token_ids`, in that order and without repeats, that are held by `holder`
  // (absolute ID, compared exactly) and have not expired at `now`. A token of another holder is
  // never returned: the requester learns nothing about it.
  std::vector<std::string> find(const std::vector<std::string>& token_ids, std::string_view holder,
                                model::TimePoint now) const;

  // The authorization relationship mapping record of a token (TS-0003 Table 7.3.2.2-3): the
  // AuthorSigns its holder sent. Kept only for a token issued to `holder` and unexpired at `now`
  // (returns whether it was); a later record replaces an earlier one.
  bool recordAuthorSigns(std::string_view token_id, std::string_view holder,
                         std::vector<std::string> signatures, model::TimePoint now);
  // The AuthorSigns recorded for `token_id`; empty when none or the token expired.
  std::vector<std::string> authorSigns(std::string_view token_id, model::TimePoint now) const;

  size_t size() const;

 private:
  struct Entry {
    std::string holder;
    std::string token;
    model::TimePoint expires;
    std::vector<std::string> author_signs;  // its relationship mapping record, if any
  };
  void makeRoomLocked(model::TimePoint now);

  const size_t capacity_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry, std::less<>> by_id_;  // guarded by mutex_
  std::deque<std::string> order_;                    // insertion order; guarded by mutex_
};

}  // namespace citadel::tools::das
