#include "bindings/http/http_url.h"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "cse/codec/url_authority.h"

namespace citadel::http {
namespace {

using model::Result;
using model::Rsc;
using model::Status;

Status badUrl(const std::string& url, const std::string& why) {
  return Status(Rsc::kTargetNotReachable,
                "invalid HTTP target '" + codec::urlWithoutUserInfo(url) + "': " + why,
                "http.bad_url");
}

bool startsWithNoCase(std::string_view text, std::string_view prefix) {
  auto same = [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); };
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(), same);
}

// Removes every "ct=..." member from `query` (members separated by '&'); returns the format the
// last one names.
codec::ContentFormat takeSerializationHint(std::string& query) {
  codec::ContentFormat format = codec::ContentFormat::kJson;
  std::string kept;
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = std::min(query.find('&', start), query.size());
    std::string_view member(query.data() + start, end - start);
    if (member.starts_with("ct=")) {
      format = member == "ct=cbor" ? codec::ContentFormat::kCbor : codec::ContentFormat::kJson;
    } else if (!member.empty()) {
      if (!kept.empty()) kept += '&';
      kept += member;
    }
    start = end + 1;
  }
  query = std::move(kept);
  return format;
}

}  // namespace

std::string HttpUrl::hostHeader() const {
  std::string header = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (port != (secure ? 443 : 80)) header += ":" + std::to_string(port);
  return header;
}

Result<HttpUrl> parseHttpUrl(const std::string& url) {
  if (std::any_of(url.begin(), url.end(),
                  [](unsigned char c) { return c <= 0x20 || c == 0x7f; })) {
    return badUrl(url, "a space or control character");
  }
  std::string_view rest(url);
  HttpUrl out;
  if (startsWithNoCase(rest, "https://")) {
    out.secure = true;
    out.port = 443;
    rest.remove_prefix(8);
  } else if (startsWithNoCase(rest, "http://")) {
    rest.remove_prefix(7);
  } else {
    return badUrl(url, "only http:// and https:// are supported");
  }
  size_t authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  rest = authority_end == std::string_view::npos ? "" : rest.substr(authority_end);
  std::string why;
  auto parsed = codec::parseUrlAuthority(authority, why);
  if (!parsed) return badUrl(url, why);
  out.host = std::move(parsed->host);
  if (parsed->port) out.port = *parsed->port;
  rest = rest.substr(0, rest.find('#'));
  size_t question = rest.find('?');
  std::string path(rest.substr(0, question));
  if (path.empty()) path = "/";
  std::string query(question == std::string_view::npos ? "" : rest.substr(question + 1));
  out.format = takeSerializationHint(query);
  out.target = query.empty() ? path : path + "?" + query;
  return out;
}

}  // namespace citadel::http
