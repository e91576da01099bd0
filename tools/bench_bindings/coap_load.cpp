#include "tools/bench_bindings/coap_load.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sys/time.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bindings/coap/coap_options.h"
#include "bindings/coap/coap_wire.h"

namespace citadel::tools {
namespace {

namespace option = coap::option;

class CoapWorker final : public Exchange {
 public:
  CoapWorker(const CoapTarget& target, std::string originator, std::vector<std::string> path,
             uint8_t method, int ty, std::string payload, int expected_rsc, uint16_t first_mid)
      : originator_(std::move(originator)),
        path_(std::move(path)),
        method_(method),
        ty_(ty),
        payload_(std::move(payload)),
        expected_rsc_(expected_rsc),
        mid_(first_mid) {
    fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(target.port);
    ::inet_pton(AF_INET, target.host.c_str(), &address.sin_addr);
    ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    // A receive timeout on the socket rather than a poll() before each recv(): two system calls
    // per request, as the HTTP load generator (tools/bench/http_connection.cpp) makes — the
    // generator shares the two cores with the server, so its own cost is part of the ratio.
    timeval timeout{3, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }
  ~CoapWorker() override { ::close(fd_); }

  bool exchange(uint64_t seq, std::string* error) override {
    coap::CoapMessage request;
    request.type = coap::MessageType::kConfirmable;
    request.code = method_;
    request.message_id = ++mid_;
    request.token = std::string(reinterpret_cast<const char*>(&seq), 4);
    for (const auto& segment : path_) request.options.emplace_back(option::kUriPath, segment);
    if (!payload_.empty()) {
      request.options.emplace_back(option::kContentFormat, coap::encodeUint(coap::content_format::kJson));
    }
    if (ty_ > 0) request.options.emplace_back(option::kOneM2mTy, coap::encodeUint(ty_));
    request.options.emplace_back(option::kOneM2mRvi, "3");
    request.options.emplace_back(option::kOneM2mFr, originator_);
    request.options.emplace_back(option::kOneM2mRqi, "b" + std::to_string(seq));
    request.payload = payload_;
    std::string datagram = coap::serializeMessage(request);
    if (::send(fd_, datagram.data(), datagram.size(), 0) < 0) {
      *error = "send failed";
      return false;
    }
    char buffer[65536];
    while (true) {
      ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        *error = "no answer within 3 s";
        return false;
      }
      if (n <= 0) {
        *error = "recv failed";
        return false;
      }
      auto answer = coap::parseMessage(std::string_view(buffer, static_cast<size_t>(n)));
      if (!answer.isOk() || answer.value().message_id != request.message_id) continue;
      const std::string* rsc = answer.value().option(option::kOneM2mRsc);
      auto value = rsc ? coap::decodeUint(*rsc, 2) : std::nullopt;
      if (!value || static_cast<int>(*value) != expected_rsc_) {
        *error = "answer " + coap::codeString(answer.value().code) + " rsc " +
                 (value ? std::to_string(*value) : std::string("none"));
        return false;
      }
      return true;
    }
  }

 private:
  int fd_ = -1;
  std::string originator_;
  std::vector<std::string> path_;
  uint8_t method_;
  int ty_;
  std::string payload_;
  int expected_rsc_;
  uint16_t mid_;
};

}  // namespace

std::vector<std::unique_ptr<Exchange>> makeCoapWorkers(const CoapTarget& target,
                                                       const std::string& scenario,
                                                       size_t workers, size_t prefill,
                                                       const std::string& tag, std::string* error) {
  std::string ae = "bench" + tag;
  std::string originator = "C" + ae;
  std::vector<std::string> cse = {target.cse_name};
  std::vector<std::string> cnt = {target.cse_name, ae, "data"};
  std::string cin = R"({"m2m:cin":{"cnf":"text/plain:0","con":"21.5"}})";
  // Set-up over CoAP itself: AE, container, prefill.
  CoapWorker setup_ae(target, originator, cse, coap::method::kPost, 2,
                      R"({"m2m:ae":{"rn":")" + ae + R"(","api":"Nbench","rr":false,"srv":["3"]}})",
                      2001, 1);
  CoapWorker setup_cnt(target, originator, {target.cse_name, ae}, coap::method::kPost, 3,
                       R"({"m2m:cnt":{"rn":"data"}})", 2001, 100);
  CoapWorker setup_cin(target, originator, cnt, coap::method::kPost, 4, cin, 2001, 200);
  std::vector<std::unique_ptr<Exchange>> out;
  if (!setup_ae.exchange(0, error) || !setup_cnt.exchange(1, error)) return out;
  for (size_t i = 0; i < prefill; ++i) {
    if (!setup_cin.exchange(2 + i, error)) return out;
  }
  for (size_t i = 0; i < workers; ++i) {
    uint16_t mid = static_cast<uint16_t>(1000 + i * 3000);
    if (scenario == "coap-cin") {
      out.push_back(std::make_unique<CoapWorker>(target, originator, cnt, coap::method::kPost, 4,
                                                 cin, 2001, mid));
    } else {
      std::vector<std::string> la = cnt;
      la.push_back("la");
      out.push_back(std::make_unique<CoapWorker>(target, originator, la, coap::method::kGet, 0,
                                                 "", 2000, mid));
    }
  }
  return out;
}

}  // namespace citadel::tools
