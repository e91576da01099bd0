#include "tests/support/coap_client.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>

#include "bindings/coap/coap_socket.h"
#include "bindings/coap/coap_transaction.h"
#include "bindings/coap/coap_wire.h"
#include "cse/codec/content_format.h"

namespace citadel::testing {
namespace {

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(separator, start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

std::vector<std::string> splitPath(const std::string& path) { return split(path, '/'); }
std::vector<std::string> splitQuery(const std::string& query) { return split(query, '&'); }

std::string CoapResult::option(uint16_t number) const {
  for (const auto& [n, value] : options) {
    if (n == number) return value;
  }
  return "";
}

bool CoapResult::hasOption(uint16_t number) const {
  for (const auto& o : options) {
    if (o.first == number) return true;
  }
  return false;
}

std::string CoapResult::dbg() const {
  if (json.is_object() && json.contains("m2m:dbg") && json["m2m:dbg"].is_string()) {
    return json["m2m:dbg"].get<std::string>();
  }
  return "";
}

const model::Json& CoapResult::resource() const {
  static const model::Json kNull;
  if (json.is_object() && json.size() == 1) return json.begin().value();
  return kNull;
}

std::ostream& operator<<(std::ostream& out, const CoapResult& r) {
  out << "CoAP " << r.code / 100 << "." << (r.code % 100 < 10 ? "0" : "") << r.code % 100
      << " rsc=" << r.rsc;
  if (!r.error.empty()) out << " error=" << r.error;
  return out << " payload=" << (r.json.is_null() ? r.payload : r.json.dump());
}

CoapClient::CoapClient(uint16_t port, std::string host) : host_(std::move(host)), port_(port) {}

std::string CoapClient::nextRequestId() {
  static std::atomic<uint64_t> counter{0};
  return "ct-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

CoapResult CoapClient::send(const coap::CoapRequestParts& parts) {
  CoapResult result;
  coap::TransactionOptions options;
  options.timeout = timeout_;
  auto response = coap::exchange(host_, port_, coap::requestMessageFrom(parts), options);
  if (!response.isOk()) {
    result.error = response.status().dbg();
    return result;
  }
  coap::CoapResponseParts coap = coap::responsePartsFrom(response.value());
  result.code = coap::codeClass(coap.code) * 100 + coap::codeDetail(coap.code);
  for (const auto& o : response.value().options) {
    if (o.first != coap::option::kContentFormat) result.options.push_back(o);
  }
  result.content_format = coap.content_format;
  result.payload = coap.payload;
  if (auto rsc = coap::decodeUint(result.option(coap::option::kOneM2mRsc), 2);
      rsc && result.hasOption(coap::option::kOneM2mRsc)) {
    result.rsc = static_cast<int>(*rsc);
  }
  if (!result.payload.empty()) {
    auto format = coap::formatForContentFormat(coap.content_format.value_or(0))
                      .value_or(codec::ContentFormat::kJson);
    auto parsed = codec::parseBody(result.payload, format, codec::ParseLimits{});
    if (parsed.isOk()) result.json = std::move(parsed).value();
  }
  return result;
}

CoapResult CoapClient::oneM2M(uint8_t method, const std::string& originator,
                              const std::string& path, const std::string& query,
                              std::optional<int> ty, const model::Json* body) {
  coap::CoapRequestParts parts;
  parts.method = method;
  parts.confirmable = confirmable_;
  parts.uri_path = splitPath(path);
  parts.uri_query = splitQuery(query);
  if (ty) {
    parts.options.emplace_back(coap::option::kOneM2mTy,
                               coap::encodeUint(static_cast<uint32_t>(*ty)));
  }
  parts.options.emplace_back(coap::option::kOneM2mRvi, "3");
  if (!originator.empty()) parts.options.emplace_back(coap::option::kOneM2mFr, originator);
  std::string request_id = nextRequestId();
  parts.options.emplace_back(coap::option::kOneM2mRqi, request_id);
  if (body != nullptr) {
    parts.payload = body->dump();
    parts.content_format = coap::content_format::kJson;
  }
  CoapResult result = send(parts);
  result.request_id = request_id;
  return result;
}

CoapResult CoapClient::create(const std::string& originator, const std::string& path, int ty,
                              const model::Json& body, const std::string& query) {
  return oneM2M(coap::method::kPost, originator, path, query, ty, &body);
}

CoapResult CoapClient::retrieve(const std::string& originator, const std::string& path,
                                const std::string& query) {
  return oneM2M(coap::method::kGet, originator, path, query, std::nullopt, nullptr);
}

CoapResult CoapClient::update(const std::string& originator, const std::string& path,
                              const model::Json& body, const std::string& query) {
  return oneM2M(coap::method::kPut, originator, path, query, std::nullopt, &body);
}

CoapResult CoapClient::remove(const std::string& originator, const std::string& path,
                              const std::string& query) {
  return oneM2M(coap::method::kDelete, originator, path, query, std::nullopt, nullptr);
}

CoapResult CoapClient::notify(const std::string& originator, const std::string& path,
                              const model::Json& body) {
  return oneM2M(coap::method::kPost, originator, path, "", std::nullopt, &body);
}

std::optional<std::string> CoapClient::rawDatagram(const std::string& bytes,
                                                   std::chrono::milliseconds timeout) {
  auto peer = coap::resolveUdp(host_, port_, false);
  if (!peer.isOk()) return std::nullopt;
  int fd = ::socket(peer.value().storage.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::nullopt;
  std::optional<std::string> received;
  if (::connect(fd, peer.value().data(), peer.value().length) == 0 &&
      ::send(fd, bytes.data(), bytes.size(), 0) == static_cast<ssize_t>(bytes.size())) {
    pollfd pfd{fd, POLLIN, 0};
    if (::poll(&pfd, 1, static_cast<int>(timeout.count())) == 1) {
      std::string buffer(65536, '\0');
      ssize_t n = ::recv(fd, buffer.data(), buffer.size(), 0);
      if (n >= 0) received = buffer.substr(0, static_cast<size_t>(n));
    }
  }
  ::close(fd);
  return received;
}

std::string CoapClient::registerAe(const std::string& name) {
  std::string stem = "C" + name;
  model::Json body = {{"m2m:ae", {{"rn", name}, {"api", "N" + name}, {"rr", false}, {"srv", {"3"}}}}};
  CoapResult r = create(stem, "/cse-in", 2, body);
  if (r.rsc != 2001) {
    ADD_FAILURE() << "registerAe(" << name << ") over CoAP failed: " << r;
    return "";
  }
  return stem;
}

}  // namespace citadel::testing
