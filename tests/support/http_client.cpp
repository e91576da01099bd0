// The one test-support file that talks to Poco's HTTP client; its exceptions stop here.
#include "tests/support/http_client.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/Timespan.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <sstream>

namespace citadel::testing {
namespace {

bool equalsIgnoreCase(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string withLeadingSlash(const std::string& path) {
  return path.empty() || path[0] != '/' ? "/" + path : path;
}

std::string targetOf(const std::string& path, const std::string& query) {
  std::string target = withLeadingSlash(path);
  if (!query.empty()) {
    target += "?" + query;
  }
  return target;
}

const Json& nullJson() {
  static const Json kNull;
  return kNull;
}

}  // namespace

bool CaseInsensitiveLess::operator()(const std::string& a, const std::string& b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) <
           std::tolower(static_cast<unsigned char>(y));
  });
}

std::string HttpResult::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

std::string HttpResult::dbg() const {
  if (json.is_object() && json.contains("m2m:dbg") && json["m2m:dbg"].is_string()) {
    return json["m2m:dbg"].get<std::string>();
  }
  return "";
}

const Json& HttpResult::resource() const {
  if (json.is_object() && json.size() == 1 && json.begin().value().is_object()) {
    return json.begin().value();
  }
  return nullJson();
}

std::ostream& operator<<(std::ostream& out, const HttpResult& result) {
  out << "HTTP " << result.http_status << " rsc=" << result.rsc;
  if (!result.request_id.empty()) {
    out << " rqi=" << result.request_id;
  }
  if (!result.error.empty()) {
    out << " error=" << result.error;
  }
  std::string body = result.body.size() > 600 ? result.body.substr(0, 600) + "..." : result.body;
  return out << " body=" << body;
}

HttpClient::HttpClient(uint16_t port, std::string host) : host_(std::move(host)), port_(port) {}

HttpClient::~HttpClient() = default;

void HttpClient::setPort(uint16_t port) {
  port_ = port;
  resetSession();
}

void HttpClient::resetSession() {
  if (session_) {
    try {
      session_->reset();
    } catch (...) {
    }
  }
  session_.reset();
  requests_on_connection_ = 0;
}

std::string HttpClient::nextRequestId() {
  static std::atomic<uint64_t> counter{0};
  return "it-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

HttpResult HttpClient::sendOnce(const std::string& method, const std::string& target,
                                const HeaderList& headers, const std::string* body, bool* reused) {
  HttpResult result;
  if (!session_) {
    session_ = std::make_unique<Poco::Net::HTTPClientSession>(host_, port_);
    session_->setKeepAlive(true);
    session_->setTimeout(Poco::Timespan(10, 0));  // network waits are bounded (STYLE.md §8)
    requests_on_connection_ = 0;
  }
  *reused = requests_on_connection_ > 0;
  try {
    Poco::Net::HTTPRequest request(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
    request.setKeepAlive(true);
    bool has_length = false;
    for (const auto& [name, value] : headers) {
      request.add(name, value);
      if (equalsIgnoreCase(name, "Content-Length") || equalsIgnoreCase(name, "Transfer-Encoding")) {
        has_length = true;
      }
    }
    if (body != nullptr && !has_length) {
      request.setContentLength(static_cast<std::streamsize>(body->size()));
    }
    // A new connection when none is open or the last response closed it (Poco reconnects).
    bool opens_connection = !session_->connected() || requests_on_connection_ == 0;
    std::ostream& out = session_->sendRequest(request);
    if (opens_connection) {
      ++connections_opened_;
    }
    if (body != nullptr) {
      out.write(body->data(), static_cast<std::streamsize>(body->size()));
    }
    ++requests_on_connection_;
    Poco::Net::HTTPResponse response;
    std::istream& in = session_->receiveResponse(response);
    Poco::StreamCopier::copyToString(in, result.body);
    result.http_status = static_cast<int>(response.getStatus());
    for (const auto& [name, value] : response) {
      result.headers.emplace(name, value);
    }
    if (!response.getKeepAlive()) {
      requests_on_connection_ = 0;  // the server closes; the next request opens a new one
    }
  } catch (const Poco::Exception& e) {
    result.http_status = 0;
    result.error = e.displayText();
    resetSession();
    return result;
  } catch (const std::exception& e) {
    result.http_status = 0;
    result.error = e.what();
    resetSession();
    return result;
  }
  std::string rsc = result.header("X-M2M-RSC");
  if (!rsc.empty()) {
    try {
      result.rsc = std::stoi(rsc);
    } catch (...) {
      result.rsc = -1;
    }
  }
  if (!result.body.empty()) {
    result.json = Json::parse(result.body, nullptr, /*allow_exceptions=*/false);
    if (result.json.is_discarded()) {
      result.json = nullptr;
    }
  }
  return result;
}

HttpResult HttpClient::send(const std::string& method, const std::string& target,
                            const HeaderList& headers, const std::string* body) {
  bool reused = false;
  HttpResult result = sendOnce(method, target, headers, body, &reused);
  if (result.http_status == 0 && reused) {
    // The server may close an idle keep-alive connection at any time; retry once on a new one.
    result = sendOnce(method, target, headers, body, &reused);
  }
  for (const auto& [name, value] : headers) {
    if (equalsIgnoreCase(name, "X-M2M-RI")) {
      result.request_id = value;
    }
  }
  return result;
}

HttpResult HttpClient::oneM2M(const std::string& method, const std::string& originator,
                              const std::string& path, const std::string& query,
                              const std::string& content_type, const std::string* body) {
  HeaderList headers;
  if (!originator.empty()) {
    headers.emplace_back("X-M2M-Origin", originator);
  }
  headers.emplace_back("X-M2M-RI", nextRequestId());
  headers.emplace_back("X-M2M-RVI", "3");
  headers.emplace_back("Accept", "application/json");
  if (!content_type.empty()) {
    headers.emplace_back("Content-Type", content_type);
  }
  return send(method, targetOf(path, query), headers, body);
}

HttpResult HttpClient::create(const std::string& originator, const std::string& path, int ty,
                              const Json& body, const std::string& query) {
  std::string text = body.dump();
  return oneM2M("POST", originator, path, query, "application/json;ty=" + std::to_string(ty),
                &text);
}

HttpResult HttpClient::retrieve(const std::string& originator, const std::string& path,
                                const std::string& query) {
  return oneM2M("GET", originator, path, query, "", nullptr);
}

HttpResult HttpClient::update(const std::string& originator, const std::string& path,
                              const Json& body, const std::string& query) {
  std::string text = body.dump();
  return oneM2M("PUT", originator, path, query, "application/json", &text);
}

HttpResult HttpClient::remove(const std::string& originator, const std::string& path,
                              const std::string& query) {
  return oneM2M("DELETE", originator, path, query, "", nullptr);
}

HttpResult HttpClient::raw(const std::string& method, const std::string& target,
                           const HeaderList& headers, const std::string& body) {
  return send(method, target, headers, body.empty() ? nullptr : &body);
}

std::string HttpClient::registerAe(const std::string& name) {
  std::string stem = "C" + name;
  Json body = {{"m2m:ae", {{"rn", name}, {"api", "N" + name}, {"rr", false}, {"srv", {"3"}}}}};
  HttpResult r = create(stem, "/cse-in", 2, body);
  if (r.rsc != 2001) {
    ADD_FAILURE() << "registerAe(" << name << ") failed: " << r;
    return "";
  }
  const Json& ae = r.resource();
  if (!ae.is_object() || !ae.contains("aei") || !ae["aei"].is_string()) {
    ADD_FAILURE() << "registerAe(" << name << "): no aei in " << r;
    return "";
  }
  std::string aei = ae["aei"].get<std::string>();
  if (aei != stem && !aei.ends_with("/" + stem)) {
    ADD_FAILURE() << "registerAe(" << name << "): aei '" << aei << "' is not stem " << stem;
  }
  return stem;
}

int RawExchange::httpStatus() const {
  if (!received.starts_with("HTTP/")) {
    return 0;
  }
  size_t space = received.find(' ');
  if (space == std::string::npos || received.size() < space + 4) {
    return 0;
  }
  try {
    return std::stoi(received.substr(space + 1, 3));
  } catch (...) {
    return 0;
  }
}

namespace {

// The number of complete HTTP responses (headers plus Content-Length bytes) at the start of
// `data`. A response without Content-Length ends only with the connection and is not counted.
int completeResponses(const std::string& data) {
  int count = 0;
  size_t at = 0;
  while (true) {
    size_t end = data.find("\r\n\r\n", at);
    if (end == std::string::npos) {
      return count;
    }
    std::string head = data.substr(at, end - at);
    std::string lower(head.size(), ' ');
    std::transform(head.begin(), head.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    size_t field = lower.find("\r\ncontent-length:");
    if (field == std::string::npos) {
      return count;
    }
    size_t length = std::strtoul(head.c_str() + field + 17, nullptr, 10);
    if (data.size() < end + 4 + length) {
      return count;
    }
    ++count;
    at = end + 4 + length;
  }
}

}  // namespace

RawExchange rawExchange(uint16_t port, const std::string& bytes, std::chrono::milliseconds timeout,
                        int responses) {
  RawExchange result;
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return result;
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    ::close(fd);
    return result;
  }
  result.connected = true;
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  size_t sent = 0;
  bool can_send = true;
  while (true) {
    if (completeResponses(result.received) >= responses) {
      break;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      break;
    }
    pollfd p{fd, static_cast<short>(POLLIN | (can_send && sent < bytes.size() ? POLLOUT : 0)), 0};
    int r = ::poll(&p, 1, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) {
      continue;
    }
    if (r <= 0) {
      continue;
    }
    if (p.revents & POLLIN || p.revents & (POLLHUP | POLLERR)) {
      char buffer[8192];
      ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
      if (n > 0) {
        result.received.append(buffer, static_cast<size_t>(n));
        continue;
      }
      if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        result.closed_by_peer = true;
        break;
      }
    }
    if (p.revents & POLLOUT) {
      ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n > 0) {
        sent += static_cast<size_t>(n);
      } else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        can_send = false;  // the server closed its side; read what it said
      }
    }
  }
  ::close(fd);
  return result;
}

}  // namespace citadel::testing
