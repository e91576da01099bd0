#include "security/esprim/esprim_exchange.h"

#include <openssl/crypto.h>

namespace citadel::security::esprim {

EsprimExchange::~EsprimExchange() {
  if (!content_key.empty()) OPENSSL_cleanse(content_key.data(), content_key.size());
}

}  // namespace citadel::security::esprim
