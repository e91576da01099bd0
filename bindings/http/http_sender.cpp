// The one file that talks to Poco's HTTP client; its exceptions stop here.
#include "bindings/http/http_sender.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/X509Certificate.h>
#include <Poco/URI.h>

#include <charconv>
#include <map>
#include <memory>
#include <optional>

#include "bindings/http/exchange_deadlines.h"
#include "bindings/http/http_request_encoder.h"
#include "bindings/tls/peer_identity.h"
#include "cse/codec/content_format.h"
#include "cse/model/log.h"

namespace citadel::http {
namespace {

using model::Response;
using model::Rsc;

Response failure(Rsc rsc, const std::string& dbg, const model::Request& request) {
  Response response;
  response.status_code = rsc;
  response.request_id = request.request_id;
  response.content = model::Json{{"m2m:dbg", dbg}};
  return response;
}

const std::string& methodFor(model::Operation op) {
  switch (op) {
    case model::Operation::kCreate:
    case model::Operation::kNotify: return Poco::Net::HTTPRequest::HTTP_POST;
    case model::Operation::kRetrieve: return Poco::Net::HTTPRequest::HTTP_GET;
    case model::Operation::kUpdate: return Poco::Net::HTTPRequest::HTTP_PUT;
    case model::Operation::kDelete: return Poco::Net::HTTPRequest::HTTP_DELETE;
  }
  return Poco::Net::HTTPRequest::HTTP_POST;
}

Rsc rscFromHttpStatus(int status) {
  if (status >= 200 && status < 300) return Rsc::kOk;
  if (status == 400) return Rsc::kBadRequest;
  if (status == 403) return Rsc::kOriginatorHasNoPrivilege;
  if (status == 404) return Rsc::kNotFound;
  return Rsc::kInternalServerError;
}

// Per calling thread: one session per scheme, host:port and TLS context (`owner`: the sender
// whose credentials an https session proves), reused across sends (keep-alive). At most
// kMaxSessionsPerThread: targets come from originators (nu, poa), and a kept-alive connection to
// each of thousands of hosts an attacker names would hold as many sockets; the least recently
// used session is closed to make room.
constexpr size_t kMaxSessionsPerThread = HttpPrimitiveSender::kMaxSessionsPerThread;

std::unique_ptr<Poco::Net::HTTPClientSession>& sessionFor(const Poco::URI& uri,
                                                           const void* owner) {
  struct Cached {
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    uint64_t last_used = 0;
  };
  thread_local std::map<std::string, Cached> sessions;
  thread_local uint64_t clock = 0;
  std::string key = uri.getScheme() + "://" + uri.getHost() + ":" + std::to_string(uri.getPort());
  if (uri.getScheme() == "https") {
    key += "@" + std::to_string(reinterpret_cast<uintptr_t>(owner));
  }
  auto found = sessions.find(key);
  if (found == sessions.end()) {
    if (sessions.size() >= kMaxSessionsPerThread) {
      auto oldest = sessions.begin();
      for (auto it = sessions.begin(); it != sessions.end(); ++it) {
        if (it->second.last_used < oldest->second.last_used) oldest = it;
      }
      sessions.erase(oldest);  // closes its connection
    }
    found = sessions.emplace(key, Cached{}).first;
  }
  found->second.last_used = ++clock;
  return found->second.session;
}

// Removes a "ct=<format>" member from the query and returns the format it names.
codec::ContentFormat takeSerializationHint(Poco::URI& uri) {
  codec::ContentFormat format = codec::ContentFormat::kJson;
  Poco::URI::QueryParameters kept;
  for (auto& [name, value] : uri.getQueryParameters()) {
    if (name == "ct") {
      format = value == "cbor" ? codec::ContentFormat::kCbor : codec::ContentFormat::kJson;
    } else {
      kept.emplace_back(name, value);
    }
  }
  uri.setQueryParameters(kept);
  return format;
}

}  // namespace

// The client TLS context, or why there is none.
struct HttpPrimitiveSender::Tls {
  Poco::Net::Context::Ptr context;
  std::string error;
};

std::unique_ptr<HttpPrimitiveSender::Tls> HttpPrimitiveSender::makeTls(
    const TlsClientCredentials& tls) {
  auto result = std::make_unique<HttpPrimitiveSender::Tls>();
  try {
    Poco::Net::Context::Params params;
    params.certificateFile = tls.certificate;
    params.privateKeyFile = tls.certificate.empty() ? "" : tls.private_key;
    params.caLocation = tls.ca_file;
    params.loadDefaultCAs = tls.ca_file.empty();
    params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;  // a client: the server's chain
    params.cipherList = "HIGH:!aNULL:!eNULL:!MD5:!RC4:!3DES:!PSK:!SRP";
    result->context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    result->context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
  } catch (const Poco::Exception& e) {
    result->context.reset();
    result->error = "no TLS client context: " + e.displayText();
  }
  return result;
}

HttpPrimitiveSender::HttpPrimitiveSender(HttpSenderOptions options)
    : options_(options),
      deadlines_(std::make_unique<ExchangeDeadlines>()),
      tls_(makeTls(options_.tls)) {}

HttpPrimitiveSender::~HttpPrimitiveSender() = default;

void HttpPrimitiveSender::close() {
  closed_ = true;  // before firing: a send that arms after this sees it (see send)
  deadlines_->fireAll();
}

Response HttpPrimitiveSender::send(const std::string& target_uri, const model::Request& request) {
  // Issue 15 #19: one deadline for the whole exchange; Poco's timeouts bound single reads only.
  ExchangeDeadlines::Clock::time_point deadline =
      ExchangeDeadlines::Clock::now() + options_.connect_timeout + options_.response_timeout;
  auto closed = [&] {
    return failure(Rsc::kTargetNotReachable, "the sender is closed (the CSE is stopping)",
                   request);
  };
  if (closed_) return closed();
  Poco::URI uri;
  try {
    uri = Poco::URI(target_uri);
  } catch (const Poco::Exception& e) {
    return failure(Rsc::kTargetNotReachable, "invalid target URI: " + e.displayText(), request);
  }
  bool secure = uri.getScheme() == "https";
  if (!secure && uri.getScheme() != "http") {
    return failure(Rsc::kTargetNotReachable, "unsupported scheme in " + target_uri, request);
  }
  if (secure && !tls_->context) return failure(Rsc::kTargetNotReachable, tls_->error, request);
  codec::ContentFormat format = takeSerializationHint(uri);
  auto& session = sessionFor(uri, this);
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (ExchangeDeadlines::Clock::now() >= deadline) {
      return failure(Rsc::kRequestTimeout, "no answer from " + target_uri + " in time", request);
    }
    if (!session && secure) {
      session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(),
                                                                tls_->context);
      session->setKeepAlive(true);
    } else if (!session) {
      session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
      session->setKeepAlive(true);
    }
    session->setTimeout(Poco::Timespan(options_.connect_timeout.count() * 1000),
                        Poco::Timespan(options_.response_timeout.count() * 1000),
                        Poco::Timespan(options_.response_timeout.count() * 1000));
    // Disarmed on every way out of this attempt; a fired deadline turns any failure into 4008.
    struct Armed {
      ExchangeDeadlines& deadlines;
      uint64_t handle;
      bool fired() { return deadlines.disarm(handle); }
      ~Armed() { deadlines.disarm(handle); }
    } armed{*deadlines_, deadlines_->arm(session->socket(), deadline)};
    if (closed_) return closed();  // close() came before arm(): its fireAll missed this socket
    auto timedOut = [&] {
      session.reset();
      return failure(Rsc::kRequestTimeout, "no answer from " + target_uri + " in time", request);
    };
    try {
      // Every parameter the request sets (a forwarded request may carry any): headers, and the
      // query after the target URI's own. No rvi only towards a Release 1 entity (TS-0004
      // §7.3.2.6); every CSE-originated request sets one.
      EncodedHttpParameters parameters = encodeRequestParameters(request);
      std::string path = uri.getPathEtc().empty() ? "/" : uri.getPathEtc();
      if (!parameters.query.empty()) {
        path += (path.find('?') == std::string::npos ? '?' : '&') + parameters.query;
      }
      Poco::Net::HTTPRequest http(methodFor(request.operation), path,
                                  Poco::Net::HTTPMessage::HTTP_1_1);
      for (const auto& [name, value] : parameters.headers) http.set(name, value);
      std::string body;
      if (!request.content.is_null()) {
        body = codec::serializeBody(request.content, format);
        std::string media(codec::mediaTypeFor(format));
        http.setContentType(request.resource_type
                                ? media + ";ty=" + std::to_string(*request.resource_type)
                                : media);
      }
      http.setContentLength(static_cast<std::streamsize>(body.size()));
      session->sendRequest(http) << body;
      // close() during the connect could not shut the socket down yet.
      if (closed_) {
        session.reset();
        return closed();
      }
      Poco::Net::HTTPResponse http_response;
      std::istream& in = session->receiveResponse(http_response);
      std::string response_body;
      char buffer[4096];
      // Bounded read: a notification answer is small, a forwarded one at most what the next
      // CSE's limits let it send. An answer past the bound is an error, never a silently
      // truncated success.
      constexpr size_t kMaxAnswerBytes = 1 << 20;
      while (in && response_body.size() <= kMaxAnswerBytes) {
        in.read(buffer, sizeof(buffer));
        response_body.append(buffer, static_cast<size_t>(in.gcount()));
      }
      if (armed.fired()) return timedOut();  // the body was cut short at the deadline
      if (response_body.size() > kMaxAnswerBytes) {
        session.reset();  // the rest of the body is still on the connection
        return failure(Rsc::kInternalServerError,
                       "the answer of " + target_uri + " exceeds 1 MiB", request);
      }
      Response response;
      if (secure) {
        // The server's certificate verified (chain and host name) in the handshake; its
        // subjectAltName URI is the identity it proved (a CSE-ID certificate names the CSE).
        Poco::Net::X509Certificate certificate =
            static_cast<Poco::Net::HTTPSClientSession&>(*session).serverCertificate();
        std::vector<std::string> uris = tls::subjectAltNameUris(certificate.certificate());
        if (!uris.empty()) response.peer_identity = uris.front();
      }
      response.request_id = http_response.get("X-M2M-RI", request.request_id);
      std::string rsc = http_response.get("X-M2M-RSC", "");
      response.status_code = rsc.empty() ? rscFromHttpStatus(http_response.getStatus())
                                         : static_cast<Rsc>(std::stoi(rsc));
      std::string media = http_response.getContentType().substr(
          0, http_response.getContentType().find(';'));
      auto body_format = codec::formatForMediaType(media);
      if (!response_body.empty() && body_format) {
        auto parsed = codec::parseBody(response_body, *body_format, codec::ParseLimits{});
        if (parsed.isOk()) response.content = std::move(parsed).value();
      }
      // What a forwarded request's originator needs of the answer besides rsc and pc.
      response.content_location = http_response.get("Content-Location", "");
      auto number = [&](const char* header) -> std::optional<int> {
        std::string text = http_response.get(header, "");
        int value = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return {};
        return value;
      };
      response.content_status = number("X-M2M-CTS");
      response.content_offset = number("X-M2M-CTO");
      return response;
    } catch (const Poco::TimeoutException& e) {
      return timedOut();
    } catch (const Poco::Exception& e) {
      if (armed.fired()) return timedOut();
      // A kept-alive connection the peer closed fails once; retry on a fresh one.
      session.reset();
      if (attempt == 1) {
        return failure(Rsc::kTargetNotReachable, target_uri + ": " + e.displayText(), request);
      }
    } catch (const std::exception& e) {
      if (armed.fired()) return timedOut();
      session.reset();
      return failure(Rsc::kTargetNotReachable, target_uri + ": " + e.what(), request);
    }
  }
  return failure(Rsc::kTargetNotReachable, target_uri + " unreachable", request);
}

}  // namespace citadel::http
