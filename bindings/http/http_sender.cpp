// Request primitive -> http:// or https:// target, TS-0009 from the originator's side, on
// Boost.Beast/Asio like the server: one HTTP implementation in the CSE. (It was Poco's client,
// whose seven shared libraries cost ~4.5 MiB of resident pages at rest for this one file, and
// which needed a deadline thread: Poco bounds single reads, not an exchange.)
//
// Every operation is asynchronous on a context of the calling thread, which the calling thread
// runs until the operation completes or the exchange's deadline passes: the whole exchange is
// bounded without a timer thread, and close() stops the contexts in use.
#include "bindings/http/http_sender.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <charconv>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <vector>

#include "bindings/http/http_request_encoder.h"
#include "bindings/http/http_url.h"
#include "bindings/tls/peer_identity.h"
#include "cse/codec/content_format.h"
#include "cse/codec/url_authority.h"

namespace citadel::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using model::Response;
using model::Rsc;

// Bounded read: a notification answer is small, a forwarded one at most what the next CSE's
// limits let it send. An answer past the bound is an error, never a silently truncated success.
constexpr uint64_t kMaxAnswerBytes = 1 << 20;
constexpr uint32_t kMaxAnswerHeaderBytes = 16 * 1024;

Response failure(Rsc rsc, const std::string& dbg, const model::Request& request) {
  Response response;
  response.status_code = rsc;
  response.request_id = request.request_id;
  response.content = model::Json{{"m2m:dbg", dbg}};
  return response;
}

bhttp::verb verbFor(model::Operation op) {
  switch (op) {
    case model::Operation::kCreate:
    case model::Operation::kNotify: return bhttp::verb::post;
    case model::Operation::kRetrieve: return bhttp::verb::get;
    case model::Operation::kUpdate: return bhttp::verb::put;
    case model::Operation::kDelete: return bhttp::verb::delete_;
  }
  return bhttp::verb::post;
}

Rsc rscFromHttpStatus(unsigned status) {
  if (status >= 200 && status < 300) return Rsc::kOk;
  if (status == 400) return Rsc::kBadRequest;
  if (status == 403) return Rsc::kOriginatorHasNoPrivilege;
  if (status == 404) return Rsc::kNotFound;
  return Rsc::kInternalServerError;
}

std::optional<int> headerNumber(std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return {};
  return value;
}

// A header's value ("" when absent), as a std::string_view (Boost 1.74's is its own type).
std::string_view field(const bhttp::fields& fields, const char* name) {
  auto value = fields[name];
  return {value.data(), value.size()};
}

// One kept-alive connection: a plain socket, or a TLS stream over one.
struct Connection {
  explicit Connection(asio::io_context& context) : plain(context) {}
  tcp::socket& socket() { return tls ? tls->next_layer() : plain; }
  tcp::socket plain;                                      // unused under tls
  std::optional<asio::ssl::stream<tcp::socket>> tls;      // https
  beast::flat_buffer buffer;                              // bytes read past an answer
  std::string peer_identity;  // the server certificate's first subjectAltName URI
};

// Per calling thread: the context its exchanges run on, and one connection per scheme,
// host:port and (https) sender, reused across sends. At most kMaxSessionsPerThread: targets
// come from originators (nu, poa), and a kept-alive connection to each of thousands of hosts an
// attacker names would hold as many sockets; the least recently used one is closed to make
// room. Members in this order: the connections and the resolver go before their context.
struct ThreadConnections {
  asio::io_context context{1};
  tcp::resolver resolver{context};
  struct Cached {
    std::unique_ptr<Connection> connection;
    uint64_t last_used = 0;
  };
  std::map<std::string, Cached> cached;
  uint64_t clock = 0;

  std::unique_ptr<Connection>& slotFor(const std::string& key) {
    auto found = cached.find(key);
    if (found == cached.end()) {
      if (cached.size() >= HttpPrimitiveSender::kMaxSessionsPerThread) {
        auto oldest = cached.begin();
        for (auto it = cached.begin(); it != cached.end(); ++it) {
          if (it->second.last_used < oldest->second.last_used) oldest = it;
        }
        cached.erase(oldest);  // closes its connection
      }
      found = cached.emplace(key, Cached{}).first;
    }
    found->second.last_used = ++clock;
    return found->second.connection;
  }
};

ThreadConnections& threadConnections() {
  thread_local ThreadConnections connections;
  return connections;
}

std::atomic<uint64_t> next_sender_id{1};

}  // namespace

struct HttpPrimitiveSender::Tls {
  std::optional<asio::ssl::context> context;
  std::string error;
};

struct HttpPrimitiveSender::Exchanges {
  std::mutex mutex;
  std::multiset<asio::io_context*> running;
};

struct HttpPrimitiveSender::Exchange {
  const std::string& target_uri;
  const model::Request& request;
  HttpUrl url;
  Clock::time_point deadline;
  ThreadConnections& thread;
  std::unique_ptr<Connection>& slot;
  std::string cut_short;  // why the last operation did not complete ("" when it did)

  // Runs the thread's context until the operation just started sets `done`, the deadline
  // passes or close() stops the context. When it did not complete, the connection is closed,
  // its handler has run (operation_aborted) and cut_short says why; false then.
  bool await(const bool& done, const std::atomic<bool>& closed) {
    if (runUntil(done, closed)) return true;
    boost::system::error_code ignored;
    slot->socket().close(ignored);
    asio::io_context& context = thread.context;
    while (!done) {  // a second stop() from close() may interrupt this too
      context.restart();
      context.run_one();
    }
    slot.reset();
    return false;
  }

  // The addresses of the URL's host, within the deadline too. An IP literal (the usual poa)
  // needs no lookup. A name is looked up on asio's resolver thread; getaddrinfo cannot be
  // interrupted, so a lookup still running at the deadline (a slow DNS that an originator's nu
  // names) is abandoned rather than holding the sending thread: its late result lands in its
  // own shared state and is dropped. nullopt with cut_short set (deadline, close()) or `error`.
  std::optional<std::vector<tcp::endpoint>> resolve(const std::atomic<bool>& closed,
                                                    boost::system::error_code& error) {
    boost::system::error_code not_literal;
    asio::ip::address address = asio::ip::make_address(url.host, not_literal);
    if (!not_literal) return std::vector<tcp::endpoint>{tcp::endpoint(address, url.port)};
    struct Lookup {
      bool done = false;
      boost::system::error_code error;
      std::vector<tcp::endpoint> endpoints;
    };
    auto lookup = std::make_shared<Lookup>();
    thread.resolver.async_resolve(
        url.host, std::to_string(url.port),
        [lookup](const boost::system::error_code& e, const tcp::resolver::results_type& found) {
          lookup->error = e;
          for (const auto& entry : found) lookup->endpoints.push_back(entry.endpoint());
          lookup->done = true;
        });
    if (!runUntil(lookup->done, closed)) return std::nullopt;
    if (lookup->error) {
      error = lookup->error;
      return std::nullopt;
    }
    return std::move(lookup->endpoints);
  }

 private:
  // Runs the thread's context one handler at a time until `done` (an abandoned lookup may still
  // be pending, so running out of work cannot be the signal), the deadline or close(). False,
  // with cut_short saying why, when `done` is still unset.
  bool runUntil(const bool& done, const std::atomic<bool>& closed) {
    asio::io_context& context = thread.context;
    context.restart();
    while (!done && !closed && context.run_one_until(deadline) > 0) {
    }
    if (done) return true;
    cut_short = closed ? "the sender is closed (the CSE is stopping)"
                       : "no answer from " + target_uri + " in time";
    return false;
  }
};

std::unique_ptr<HttpPrimitiveSender::Tls> HttpPrimitiveSender::makeTls(
    const TlsClientCredentials& tls) {
  auto result = std::make_unique<HttpPrimitiveSender::Tls>();
  try {
    asio::ssl::context& context = result->context.emplace(asio::ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(context.native_handle(), TLS1_2_VERSION);
    SSL_CTX_set_cipher_list(context.native_handle(),
                            "HIGH:!aNULL:!eNULL:!MD5:!RC4:!3DES:!PSK:!SRP");
    if (!tls.certificate.empty()) {
      context.use_certificate_chain_file(tls.certificate);
      context.use_private_key_file(tls.private_key, asio::ssl::context::pem);
    }
    if (tls.ca_file.empty()) {
      context.set_default_verify_paths();
    } else {
      context.load_verify_file(tls.ca_file);
    }
    context.set_verify_mode(asio::ssl::verify_peer);  // chain; the host name per connection
  } catch (const boost::system::system_error& e) {
    result->context.reset();
    result->error = "no TLS client context: " + std::string(e.what());
  }
  return result;
}

HttpPrimitiveSender::HttpPrimitiveSender(HttpSenderOptions options)
    : options_(std::move(options)),
      id_(next_sender_id++),
      exchanges_(std::make_unique<Exchanges>()) {}

const HttpPrimitiveSender::Tls& HttpPrimitiveSender::tls() {
  std::call_once(tls_once_, [this] { tls_ = makeTls(options_.tls); });
  return *tls_;
}

HttpPrimitiveSender::~HttpPrimitiveSender() = default;

void HttpPrimitiveSender::close() {
  closed_ = true;  // before stopping: an exchange that starts running after this sees it
  std::lock_guard<std::mutex> lock(exchanges_->mutex);
  for (asio::io_context* context : exchanges_->running) context->stop();
}

Response HttpPrimitiveSender::send(const std::string& target_uri, const model::Request& request) {
  if (closed_) {
    return failure(Rsc::kTargetNotReachable, "the sender is closed (the CSE is stopping)",
                   request);
  }
  auto url = parseHttpUrl(target_uri);
  if (!url.isOk()) return Response::fromStatus(url.status(), request.request_id);
  if (url.value().secure && !tls().context) {
    return failure(Rsc::kTargetNotReachable, tls_->error, request);
  }
  std::string key = (url.value().secure ? "https://" : "http://") + url.value().host + ":" +
                    std::to_string(url.value().port);
  if (url.value().secure) key += "@" + std::to_string(id_);
  ThreadConnections& thread = threadConnections();
  Exchange exchange{target_uri,
                    request,
                    std::move(url).value(),
                    Clock::now() + options_.connect_timeout + options_.response_timeout,
                    thread,
                    thread.slotFor(key),
                    {}};
  {
    std::lock_guard<std::mutex> lock(exchanges_->mutex);
    exchanges_->running.insert(&thread.context);
  }
  Response response = this->exchange(exchange);
  std::lock_guard<std::mutex> lock(exchanges_->mutex);
  exchanges_->running.erase(exchanges_->running.find(&thread.context));
  return response;
}

Response HttpPrimitiveSender::exchange(Exchange& exchange) {
  const model::Request& request = exchange.request;
  const HttpUrl& url = exchange.url;
  const std::string& target_uri = exchange.target_uri;
  auto cutShort = [&] { return failure(Rsc::kRequestTimeout, exchange.cut_short, request); };

  // Every parameter the request sets (a forwarded request may carry any): headers, and the
  // query after the target URI's own. No rvi only towards a Release 1 entity (TS-0004
  // §7.3.2.6); every CSE-originated request sets one.
  EncodedHttpParameters parameters = encodeRequestParameters(request);
  std::string target = url.target;
  if (!parameters.query.empty()) {
    target += (target.find('?') == std::string::npos ? '?' : '&') + parameters.query;
  }
  bhttp::request<bhttp::string_body> http(verbFor(request.operation), target, 11);
  http.set(bhttp::field::host, url.hostHeader());
  for (const auto& [name, value] : parameters.headers) http.set(name, value);
  if (!request.content.is_null()) {
    http.body() = codec::serializeBody(request.content, url.format);
    std::string media(codec::mediaTypeFor(url.format));
    http.set(bhttp::field::content_type,
             request.resource_type ? media + ";ty=" + std::to_string(*request.resource_type)
                                   : media);
  }
  http.content_length(http.body().size());

  for (int attempt = 0; attempt < 2; ++attempt) {
    if (Clock::now() >= exchange.deadline) {
      return failure(Rsc::kRequestTimeout, "no answer from " + target_uri + " in time", request);
    }
    bool reused = exchange.slot != nullptr;
    bool done = false;
    boost::system::error_code error;
    if (!reused) {
      exchange.slot = std::make_unique<Connection>(exchange.thread.context);
      Connection& connection = *exchange.slot;
      std::optional<std::vector<tcp::endpoint>> endpoints = exchange.resolve(closed_, error);
      if (!endpoints) {
        exchange.slot.reset();
        if (!exchange.cut_short.empty()) return cutShort();
        return failure(Rsc::kTargetNotReachable,
                       target_uri + ": cannot resolve " + url.host + ": " + error.message(),
                       request);
      }
      asio::async_connect(connection.plain, *endpoints,
                          [&](const boost::system::error_code& e, const tcp::endpoint&) {
                            error = e;
                            done = true;
                          });
      if (!exchange.await(done, closed_)) return cutShort();
      if (error) {
        exchange.slot.reset();
        return failure(Rsc::kTargetNotReachable, target_uri + ": " + error.message(), request);
      }
      if (url.secure) {
        auto& stream = connection.tls.emplace(std::move(connection.plain), *tls_->context);
        // The server's certificate must name the host of the URL (DNS or IP subjectAltName).
        stream.set_verify_callback(asio::ssl::host_name_verification(url.host));
        if (!codec::isIpLiteral(url.host)) {
          SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str());
        }
        done = false;
        stream.async_handshake(asio::ssl::stream_base::client,
                               [&](const boost::system::error_code& e) {
                                 error = e;
                                 done = true;
                               });
        if (!exchange.await(done, closed_)) return cutShort();
        if (error) {
          exchange.slot.reset();
          return failure(Rsc::kTargetNotReachable,
                         target_uri + ": TLS handshake: " + error.message(), request);
        }
        // Verified in the handshake (chain and host name); its subjectAltName URI is the
        // identity it proved (a CSE-ID certificate names the CSE).
        X509* certificate = SSL_get1_peer_certificate(stream.native_handle());
        if (certificate != nullptr) {
          std::vector<std::string> uris = tls::subjectAltNameUris(certificate);
          if (!uris.empty()) connection.peer_identity = uris.front();
          X509_free(certificate);
        }
      }
    }
    Connection& connection = *exchange.slot;
    auto onDone = [&](const boost::system::error_code& e, size_t) {
      error = e;
      done = true;
    };
    done = false;
    if (connection.tls) {
      bhttp::async_write(*connection.tls, http, onDone);
    } else {
      bhttp::async_write(connection.plain, http, onDone);
    }
    if (!exchange.await(done, closed_)) return cutShort();
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(kMaxAnswerBytes);
    parser.header_limit(kMaxAnswerHeaderBytes);
    if (!error) {
      done = false;
      if (connection.tls) {
        bhttp::async_read(*connection.tls, connection.buffer, parser, onDone);
      } else {
        bhttp::async_read(connection.plain, connection.buffer, parser, onDone);
      }
      if (!exchange.await(done, closed_)) return cutShort();
    }
    if (error == bhttp::error::body_limit) {
      exchange.slot.reset();  // the rest of the body is still on the connection
      return failure(Rsc::kInternalServerError, "the answer of " + target_uri + " exceeds 1 MiB",
                     request);
    }
    if (error) {
      exchange.slot.reset();
      // A kept-alive connection the peer closed fails once; retry on a fresh one.
      if (reused && attempt == 0) continue;
      return failure(Rsc::kTargetNotReachable, target_uri + ": " + error.message(), request);
    }
    const auto& answer = parser.get();
    Response response;
    response.peer_identity = connection.peer_identity;
    std::string_view request_id = field(answer, "X-M2M-RI");
    response.request_id = request_id.empty() ? request.request_id : std::string(request_id);
    std::string_view rsc = field(answer, "X-M2M-RSC");
    if (rsc.empty()) {
      response.status_code = rscFromHttpStatus(answer.result_int());
    } else if (auto number = headerNumber(rsc)) {
      response.status_code = static_cast<Rsc>(*number);
    } else {
      exchange.slot.reset();
      return failure(Rsc::kTargetNotReachable,
                     target_uri + " answered with a non-numeric X-M2M-RSC", request);
    }
    std::string_view content_type = field(answer, "Content-Type");
    auto body_format = codec::formatForMediaType(
        std::string(content_type.substr(0, content_type.find(';'))));
    if (!answer.body().empty() && body_format) {
      auto parsed = codec::parseBody(answer.body(), *body_format, codec::ParseLimits{});
      if (parsed.isOk()) response.content = std::move(parsed).value();
    }
    // What a forwarded request's originator needs of the answer besides rsc and pc.
    response.content_location = std::string(field(answer, "Content-Location"));
    response.content_status = headerNumber(field(answer, "X-M2M-CTS"));
    response.content_offset = headerNumber(field(answer, "X-M2M-CTO"));
    if (!parser.keep_alive()) exchange.slot.reset();
    return response;
  }
  return failure(Rsc::kTargetNotReachable, target_uri + " unreachable", request);
}

}  // namespace citadel::http
