// The notification target of the integration tests; the one place that runs a Poco HTTP server
// in the tests. Poco exceptions stop here.
#include "tests/support/notification_receiver.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/ThreadPool.h>
#include <Poco/Timespan.h>
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

namespace citadel::testing {
namespace {

int httpStatusFor(int rsc) {
  if (rsc >= 2000 && rsc < 3000) {
    return rsc == 2001 ? 201 : 200;
  }
  if (rsc == 4000) {
    return 400;
  }
  if (rsc == 4004) {
    return 404;
  }
  if (rsc >= 4100 && rsc < 4200) {
    return 403;
  }
  if (rsc >= 4000 && rsc < 5000) {
    return 400;
  }
  return 500;
}

Json parseBody(const std::string& body, const std::string& content_type) {
  if (body.empty()) {
    return nullptr;
  }
  Json parsed;
  if (content_type.find("cbor") != std::string::npos) {
    parsed = Json::from_cbor(body, /*strict=*/true, /*allow_exceptions=*/false);
  } else {
    parsed = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  }
  return parsed.is_discarded() ? Json() : parsed;
}

class ReceiverHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit ReceiverHandler(NotificationReceiver& receiver) : receiver_(receiver) {}

  void handleRequest(Poco::Net::HTTPServerRequest& in,
                     Poco::Net::HTTPServerResponse& out) override {
    try {
      ReceivedRequest r;
      r.arrival = std::chrono::steady_clock::now();
      r.method = in.getMethod();
      const std::string& uri = in.getURI();
      size_t question = uri.find('?');
      r.path = uri.substr(0, question);
      if (question != std::string::npos) {
        r.query = uri.substr(question + 1);
      }
      for (const auto& [name, value] : in) {
        r.headers.emplace(name, value);
      }
      char buffer[8192];
      std::istream& stream = in.stream();
      while (stream && r.body.size() < (4u << 20)) {
        stream.read(buffer, sizeof(buffer));
        if (stream.gcount() <= 0) {
          break;
        }
        r.body.append(buffer, static_cast<size_t>(stream.gcount()));
      }
      r.json = parseBody(r.body, in.get("Content-Type", ""));
      std::string path = r.path;
      std::string request_id = in.get("X-M2M-RI", "");
      SteadyTime arrival = r.arrival;
      uint64_t generation = receiver_.releaseGeneration(path);
      NotificationReceiver::Answer answer = receiver_.record(std::move(r));
      if (answer.delay.count() > 0) {
        receiver_.waitDelay(path, arrival + answer.delay, generation);
      }
      out.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(httpStatusFor(answer.rsc)));
      out.set("X-M2M-RSC", std::to_string(answer.rsc));
      if (!request_id.empty()) {
        out.set("X-M2M-RI", request_id);
      }
      if (answer.body.empty()) {
        out.setContentLength(0);
        out.send();
      } else {
        out.setContentType("application/json");
        out.setContentLength(static_cast<std::streamsize>(answer.body.size()));
        out.send() << answer.body;
      }
    } catch (const Poco::Exception&) {
      // The CSE gave up on this request (timeout) or the receiver is stopping.
    } catch (const std::exception&) {
    }
  }

 private:
  NotificationReceiver& receiver_;
};

class ReceiverFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit ReceiverFactory(NotificationReceiver& receiver) : receiver_(receiver) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new ReceiverHandler(receiver_);
  }

 private:
  NotificationReceiver& receiver_;
};

}  // namespace

std::string ReceivedRequest::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

Json ReceivedRequest::sgn() const {
  if (json.is_object() && json.contains("m2m:sgn")) {
    return json["m2m:sgn"];
  }
  return nullptr;
}

bool ReceivedRequest::isVerification() const {
  Json s = sgn();
  return s.is_object() && s.value("vrq", false);
}

bool ReceivedRequest::isDeletion() const {
  Json s = sgn();
  return s.is_object() && s.value("sud", false);
}

bool ReceivedRequest::isEvent() const {
  if (json.is_object() && json.contains("m2m:agn")) {
    return true;
  }
  Json s = sgn();
  return s.is_object() && s.contains("nev");
}

NotificationReceiver::NotificationReceiver() {
  try {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    port_ = socket.address().port();
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(64);
    params->setMaxQueued(256);
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(5, 0));
    params->setTimeout(Poco::Timespan(10, 0));
    // Poco's default pool holds 16 threads; the CSE keeps a connection per delivery worker and
    // per verifying request thread, so give the receiver its own, larger pool.
    pool_ = std::make_unique<Poco::ThreadPool>(2, 64);
    server_ =
        std::make_unique<Poco::Net::HTTPServer>(new ReceiverFactory(*this), *pool_, socket, params);
    server_->start();
  } catch (const Poco::Exception& e) {
    ADD_FAILURE() << "NotificationReceiver could not start: " << e.displayText();
    server_.reset();
    port_ = 0;
  }
}

NotificationReceiver::~NotificationReceiver() { stop(); }

void NotificationReceiver::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !server_) {
      return;
    }
    stopping_ = true;
  }
  changed_.notify_all();
  if (server_) {
    try {
      server_->stopAll(/*abortCurrent=*/true);
    } catch (const Poco::Exception&) {
    }
  }
  if (pool_) {
    pool_->joinAll();
  }
  server_.reset();
}

std::string NotificationReceiver::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void NotificationReceiver::setBody(const std::string& path, const Json& body) {
  std::lock_guard lock(mutex_);
  body_[path] = body.dump();
}

void NotificationReceiver::setRsc(const std::string& path, int rsc) {
  std::lock_guard lock(mutex_);
  rsc_[path] = rsc;
}

void NotificationReceiver::setDelay(const std::string& path, std::chrono::milliseconds delay) {
  std::lock_guard lock(mutex_);
  delay_[path] = delay;
}

void NotificationReceiver::release(const std::string& path) {
  {
    std::lock_guard lock(mutex_);
    delay_.erase(path);
    ++released_[path];
  }
  changed_.notify_all();
}

uint64_t NotificationReceiver::releaseGeneration(const std::string& path) const {
  std::lock_guard lock(mutex_);
  auto it = released_.find(path);
  return it == released_.end() ? 0 : it->second;
}

NotificationReceiver::Answer NotificationReceiver::record(ReceivedRequest request) {
  Answer answer;
  {
    std::lock_guard lock(mutex_);
    if (auto it = rsc_.find(request.path); it != rsc_.end()) {
      answer.rsc = it->second;
    }
    if (auto it = body_.find(request.path); it != body_.end()) {
      answer.body = it->second;
    }
    if (auto it = delay_.find(request.path); it != delay_.end() && !stopping_) {
      answer.delay = it->second;
    }
    requests_.push_back(std::move(request));
  }
  changed_.notify_all();
  return answer;
}

void NotificationReceiver::waitDelay(const std::string& path, SteadyTime until,
                                     uint64_t release_generation) {
  std::unique_lock lock(mutex_);
  changed_.wait_until(lock, until, [&] {
    auto it = released_.find(path);
    uint64_t now = it == released_.end() ? 0 : it->second;
    return stopping_ || now != release_generation;
  });
}

std::vector<ReceivedRequest> NotificationReceiver::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

std::vector<ReceivedRequest> NotificationReceiver::requestsTo(const std::string& path) const {
  std::lock_guard lock(mutex_);
  std::vector<ReceivedRequest> out;
  for (const auto& r : requests_) {
    if (r.path == path) {
      out.push_back(r);
    }
  }
  return out;
}

std::vector<ReceivedRequest> NotificationReceiver::eventsTo(const std::string& path) const {
  std::lock_guard lock(mutex_);
  std::vector<ReceivedRequest> out;
  for (const auto& r : requests_) {
    if (r.path == path && r.isEvent()) {
      out.push_back(r);
    }
  }
  return out;
}

bool NotificationReceiver::waitFor(
    const std::function<bool(const std::vector<ReceivedRequest>&)>& predicate,
    std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return predicate(requests_); });
}

bool NotificationReceiver::waitForEvents(const std::string& path, size_t count,
                                         std::chrono::milliseconds timeout) {
  return waitFor(
      [&](const std::vector<ReceivedRequest>& all) {
        return static_cast<size_t>(std::count_if(all.begin(), all.end(), [&](const auto& r) {
                 return r.path == path && r.isEvent();
               })) >= count;
      },
      timeout);
}

bool NotificationReceiver::waitForRequests(const std::string& path, size_t count,
                                           std::chrono::milliseconds timeout) {
  return waitFor(
      [&](const std::vector<ReceivedRequest>& all) {
        return static_cast<size_t>(std::count_if(
                   all.begin(), all.end(), [&](const auto& r) { return r.path == path; })) >= count;
      },
      timeout);
}

uint16_t closedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return 1;  // nothing listens on tcpmux either
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = 0;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  uint16_t port = 1;
  socklen_t length = sizeof(address);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

}  // namespace citadel::testing
