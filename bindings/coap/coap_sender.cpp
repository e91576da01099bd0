// Request primitive -> coap:// target, TS-0008 §6.2 from the originator's side.
#include "bindings/coap/coap_sender.h"


#include "bindings/coap/coap_message.h"
#include "cse/codec/text.h"
#include "cse/codec/url_authority.h"

namespace citadel::coap {
namespace {

using model::Response;
using model::Result;
using model::Rsc;
using model::Status;

Status badUrl(const std::string& url, const std::string& why) {
  return Status(Rsc::kTargetNotReachable,
                "invalid CoAP target '" + codec::urlWithoutUserInfo(url) + "': " + why,
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
  std::string why;
  auto parsed = codec::parseUrlAuthority(authority, why);
  if (!parsed) return badUrl(url, why);
  out.host = std::move(parsed->host);
  out.port = parsed->port.value_or(5683);
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
  if (!codec::isIpLiteral(url.value().host)) message.setOption(option::kUriHost, url.value().host);
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
