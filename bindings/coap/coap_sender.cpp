// Request primitive -> coap:// target, TS-0008 §6.2 from the originator's side.
#include "bindings/coap/coap_sender.h"

#include <arpa/inet.h>

#include <charconv>

#include "bindings/coap/coap_message.h"
#include "cse/codec/text.h"

namespace citadel::coap {
namespace {

using model::Response;
using model::Result;
using model::Rsc;
using model::Status;

Status badUrl(const std::string& url, const std::string& why) {
  return Status(Rsc::kTargetNotReachable, "invalid CoAP target '" + url + "': " + why,
                "coap.bad_url");
}

Result<std::vector<std::string>> splitDecoded(const std::string& url, std::string_view text,
                                              char separator) {
  std::vector<std::string> out = codec::splitList(text, separator);
  for (std::string& element : out) {
    auto decoded = codec::percentDecode(element);
    if (!decoded) return badUrl(url, "bad percent-encoding");
    element = std::move(*decoded);
  }
  return out;
}

bool isIpLiteral(const std::string& host) {
  in6_addr v6;
  in_addr v4;
  return inet_pton(AF_INET, host.c_str(), &v4) == 1 || inet_pton(AF_INET6, host.c_str(), &v6) == 1;
}

Response failure(const Status& status, const model::Request& request) {
  Response response = Response::fromStatus(status, request.request_id);
  return response;
}

}  // namespace

Result<CoapUrl> parseCoapUrl(const std::string& url) {
  std::string_view rest(url);
  if (rest.size() < 7 || !std::equal(rest.begin(), rest.begin() + 7, "coap://",
                                     [](char a, char b) { return std::tolower(a) == b; })) {
    return badUrl(url, "only coap:// is supported (no DTLS yet)");
  }
  rest.remove_prefix(7);
  size_t authority_end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, authority_end);
  rest = authority_end == std::string_view::npos ? "" : rest.substr(authority_end);
  CoapUrl out;
  std::string_view port_text;
  if (authority.starts_with("[")) {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return badUrl(url, "unclosed '[' in the host");
    out.host = std::string(authority.substr(1, close - 1));
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return badUrl(url, "junk after the IPv6 host");
      port_text = authority.substr(close + 2);
    }
  } else {
    size_t colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (out.host.empty()) return badUrl(url, "no host");
  if (!port_text.empty()) {
    unsigned port = 0;
    auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || ptr != port_text.data() + port_text.size() || port == 0 ||
        port > 65535) {
      return badUrl(url, "bad port");
    }
    out.port = static_cast<uint16_t>(port);
  }
  size_t question = rest.find('?');
  CITADEL_ASSIGN_OR_RETURN(out.path, splitDecoded(url, rest.substr(0, question), '/'));
  if (question != std::string_view::npos) {
    CITADEL_ASSIGN_OR_RETURN(out.query, splitDecoded(url, rest.substr(question + 1), '&'));
  }
  return out;
}

Response CoapPrimitiveSender::send(const std::string& target_uri, const model::Request& request) {
  auto url = parseCoapUrl(target_uri);
  if (!url.isOk()) return failure(url.status(), request);
  // TS-0004 Table 7.4.8.1-3: "ct" in the notification URI selects the serialization.
  codec::ContentFormat format = codec::ContentFormat::kJson;
  std::vector<std::string> query;
  for (auto& q : url.value().query) {
    if (q.starts_with("ct=")) {
      format = q == "ct=cbor" ? codec::ContentFormat::kCbor : codec::ContentFormat::kJson;
    } else {
      query.push_back(std::move(q));
    }
  }
  // No rvi only towards a Release 1 entity (TS-0004 §7.3.2.6): as the request says.
  CoapRequestParts parts = encodeRequest(request, url.value().path, format);
  parts.uri_query.insert(parts.uri_query.end(), query.begin(), query.end());
  CoapMessage message = requestMessageFrom(parts);
  // RFC 7252 §6.4: Uri-Host only when the host is a name, not the IP literal we send to.
  if (!isIpLiteral(url.value().host)) message.setOption(option::kUriHost, url.value().host);
  TransactionOptions transaction;
  transaction.timeout = options_.timeout;
  transaction.ack_timeout = std::min(transaction.ack_timeout, options_.timeout / 2);
  auto answer = exchange(url.value().host, url.value().port, std::move(message), transaction);
  if (!answer.isOk()) return failure(answer.status(), request);
  Response response = decodeResponse(responsePartsFrom(answer.value()), codec::ParseLimits{});
  if (response.request_id.empty()) response.request_id = request.request_id;
  return response;
}

}  // namespace citadel::coap
