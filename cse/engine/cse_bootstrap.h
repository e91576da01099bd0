#pragma once
// Start-up: makes sure the CSEBase and its default access policy exist.

#include "cse/model/clock.h"
#include "resources/resource_repository.h"
#include "resources/types/cse_base.h"

namespace citadel::engine {

// On an empty store, creates the CSEBase and the ACP "acpCSEBase" (every originator that passed
// identity may RETRIEVE and DISCOVER the CSEBase; only the admin may change the ACP). On an
// existing store, refreshes the CSEBase's configured attributes (poa, srt, cst, esi, loc). 5000 on a
// storage fault; a CSE-ID that does not match the store is refused (5000, one clear line).
model::Status ensureCseBase(resources::ResourceRepository& repository,
                            const resources::CseIdentity& identity,
                            const resources::CseBaseSettings& settings, const model::Clock& clock);

}  // namespace citadel::engine
