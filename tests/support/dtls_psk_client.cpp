#include "tests/support/dtls_psk_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/ssl.h>

#include <cstring>

namespace citadel::testing {
namespace {

struct Credential {
  std::string identity;
  std::string key;
};

unsigned int pskCallback(SSL* ssl, const char*, char* identity, unsigned int max_identity,
                         unsigned char* psk, unsigned int max_psk) {
  auto* own = static_cast<const Credential*>(SSL_get_app_data(ssl));
  if (own == nullptr || own->identity.size() + 1 > max_identity || own->key.size() > max_psk) {
    return 0;
  }
  std::memcpy(identity, own->identity.c_str(), own->identity.size() + 1);
  std::memcpy(psk, own->key.data(), own->key.size());
  return static_cast<unsigned int>(own->key.size());
}

}  // namespace

std::optional<coap::CoapMessage> dtlsPskExchange(uint16_t port, const std::string& identity,
                                                 const std::string& key,
                                                 const coap::CoapMessage& request,
                                                 std::chrono::seconds timeout) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::nullopt;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval tv{static_cast<time_t>(timeout.count()), 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    close(fd);
    return std::nullopt;
  }
  Credential credential{identity, key};
  SSL_CTX* context = SSL_CTX_new(DTLS_client_method());
  SSL_CTX_set_cipher_list(context, "PSK-AES128-CCM8:PSK-AES128-CBC-SHA256");
  SSL_CTX_set_psk_client_callback(context, pskCallback);
  SSL* ssl = SSL_new(context);
  SSL_set_app_data(ssl, &credential);
  BIO* bio = BIO_new_dgram(fd, BIO_NOCLOSE);
  BIO_ctrl(bio, BIO_CTRL_DGRAM_SET_CONNECTED, 0, &address);
  SSL_set_bio(ssl, bio, bio);
  std::optional<coap::CoapMessage> answer;
  if (SSL_connect(ssl) == 1) {
    std::string datagram = coap::serializeMessage(request);
    if (SSL_write(ssl, datagram.data(), static_cast<int>(datagram.size())) > 0) {
      char buffer[2048];
      int got = SSL_read(ssl, buffer, sizeof(buffer));
      if (got > 0) {
        auto parsed = coap::parseMessage(std::string_view(buffer, static_cast<size_t>(got)));
        if (parsed.isOk()) answer = std::move(parsed).value();
      }
    }
    SSL_shutdown(ssl);
  }
  SSL_free(ssl);
  SSL_CTX_free(context);
  close(fd);
  return answer;
}

}  // namespace citadel::testing
