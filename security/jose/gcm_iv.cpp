#include "security/jose/gcm_iv.h"

#include "cse/random/random_id.h"
#include "security/jose/aes_gcm.h"

namespace citadel::security::jose {

std::string randomGcmIv() {
  std::string iv(kGcmIvBytes, '\0');
  random::fillUnguessable(iv.data(), iv.size());
  return iv;
}

}  // namespace citadel::security::jose
