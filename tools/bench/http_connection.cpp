#include "tools/bench/http_connection.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

#include "tools/bench/response_head.h"

namespace citadel::tools {
namespace {

constexpr size_t kInitialBufferBytes = 16 * 1024;
// Bounds that turn a misbehaving server into an error instead of unbounded memory use.
constexpr size_t kMaxHeadBytes = 64 * 1024;
constexpr size_t kMaxLineBytes = 4 * 1024;
constexpr size_t kMaxBodyBytes = 64 * 1024 * 1024;

std::string errnoText(std::string_view what, int error_number) {
  if (error_number == EAGAIN || error_number == EWOULDBLOCK) {
    return std::string(what) + ": timed out";
  }
  return std::string(what) + ": " + std::strerror(error_number);
}

timeval toTimeval(std::chrono::milliseconds duration) {
  timeval value{};
  value.tv_sec = static_cast<time_t>(duration.count() / 1000);
  value.tv_usec = static_cast<suseconds_t>((duration.count() % 1000) * 1000);
  return value;
}

// Connects `fd` within `timeout`: a blocking connect() could hang for minutes on a dropped SYN.
bool connectWithTimeout(int fd, const Endpoint& endpoint, std::chrono::milliseconds timeout,
                        std::string& error) {
  const int flags = fcntl(fd, F_GETFL, 0);
  fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  int rc =
      ::connect(fd, reinterpret_cast<const sockaddr*>(&endpoint.address), endpoint.address_length);
  if (rc != 0 && errno != EINPROGRESS) {
    error = errnoText("connect", errno);
    return false;
  }
  if (rc != 0) {
    pollfd waiter{fd, POLLOUT, 0};
    do {
      rc = ::poll(&waiter, 1, static_cast<int>(timeout.count()));
    } while (rc < 0 && errno == EINTR);
    if (rc <= 0) {
      error = rc == 0 ? "connect: timed out" : errnoText("connect", errno);
      return false;
    }
    int so_error = 0;
    socklen_t length = sizeof(so_error);
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &length);
    if (so_error != 0) {
      error = errnoText("connect", so_error);
      return false;
    }
  }
  fcntl(fd, F_SETFL, flags);
  return true;
}

}  // namespace

bool resolveEndpoint(const std::string& host, uint16_t port, Endpoint& endpoint,
                     std::string& error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  const int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
  if (rc != 0 || found == nullptr) {
    error = "cannot resolve " + host + ": " + gai_strerror(rc);
    return false;
  }
  std::memcpy(&endpoint.address, found->ai_addr, found->ai_addrlen);
  endpoint.address_length = found->ai_addrlen;
  freeaddrinfo(found);
  const bool ipv6_literal = host.find(':') != std::string::npos;
  endpoint.host_header = (ipv6_literal ? "[" + host + "]" : host) + ":" + service;
  return true;
}

HttpConnection::HttpConnection(const Endpoint& endpoint, std::chrono::milliseconds io_timeout)
    : endpoint_(endpoint), io_timeout_(io_timeout), buffer_(kInitialBufferBytes) {}

HttpConnection::~HttpConnection() { close(); }

bool HttpConnection::open(std::string& error) {
  close();
  fd_ = ::socket(endpoint_.address.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) {
    error = errnoText("socket", errno);
    return false;
  }
  const int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  if (!connectWithTimeout(fd_, endpoint_, io_timeout_, error)) {
    close();
    return false;
  }
  const timeval timeout = toTimeval(io_timeout_);
  setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
  return true;
}

void HttpConnection::close() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  begin_ = 0;
  end_ = 0;
}

bool HttpConnection::exchange(std::string_view request, HttpResponse& response,
                              std::string& error) {
  if (fd_ < 0) {
    error = "not connected";
    return false;
  }
  if (!sendAll(request, error) || !readResponse(response, error)) {
    close();
    return false;
  }
  return true;
}

bool HttpConnection::exchangePipelined(std::string_view requests, size_t count,
                                       std::vector<HttpResponse>& responses, std::string& error) {
  if (fd_ < 0) {
    error = "not connected";
    return false;
  }
  if (responses.size() < count) {
    responses.resize(count);
  }
  if (!sendAll(requests, error)) {
    close();
    return false;
  }
  for (size_t i = 0; i < count; ++i) {
    if (fd_ < 0) {
      error = "connection closed after " + std::to_string(i) + " of " + std::to_string(count) +
              " pipelined responses";
      return false;
    }
    if (!readResponse(responses[i], error)) {
      close();
      return false;
    }
  }
  return true;
}

bool HttpConnection::sendAll(std::string_view data, std::string& error) {
  while (!data.empty()) {
    // MSG_NOSIGNAL: a peer that closed must give EPIPE here, not kill the process with SIGPIPE.
    const ssize_t sent = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) {
        continue;
      }
      error = errnoText("send", errno);
      return false;
    }
    data.remove_prefix(static_cast<size_t>(sent));
  }
  return true;
}

bool HttpConnection::readResponse(HttpResponse& response, std::string& error) {
  ResponseHead head;
  std::string head_text;
  // Interim 1xx responses (e.g. 100 Continue) precede the final one; skip them.
  do {
    if (!readHead(head_text, error) || !parseResponseHead(head_text, head, error)) {
      return false;
    }
  } while (head.status < 200);

  response.status = head.status;
  response.body.clear();
  bool body_read = true;
  bool keep_alive = head.keep_alive;
  if (head.hasNoBody()) {
    // Nothing to read.
  } else if (head.chunked) {
    // RFC 9112 §6.3: chunked framing wins over a Content-Length sent alongside it.
    body_read = readChunkedBody(response.body, error);
  } else if (head.content_length) {
    if (*head.content_length > kMaxBodyBytes) {
      error = "response body too large";
      return false;
    }
    body_read = appendExact(static_cast<size_t>(*head.content_length), response.body, error);
  } else {
    body_read = readUntilClose(response.body, error);
    keep_alive = false;
  }
  if (!body_read) {
    return false;
  }
  if (!keep_alive) {
    close();
  } else if (begin_ == end_) {
    begin_ = end_ = 0;  // Cheap reset so the buffer rarely needs compacting.
  }
  return true;
}

bool HttpConnection::readHead(std::string& head, std::string& error) {
  size_t scanned = 0;  // Offset (from begin_) already searched for the blank line.
  while (true) {
    const std::string_view view = buffered();
    const size_t end = view.find("\r\n\r\n", scanned);
    if (end != std::string_view::npos) {
      head.assign(view.substr(0, end));
      begin_ += end + 4;
      return true;
    }
    if (view.size() > kMaxHeadBytes) {
      error = "response head too large";
      return false;
    }
    scanned = view.size() >= 3 ? view.size() - 3 : 0;
    const bool started = !view.empty();  // fill() may move the bytes `view` points at.
    const FillResult result = fill(error);
    if (result == FillResult::kEndOfStream) {
      error = started ? "connection closed inside the response head"
                      : "connection closed by server before the response";
    }
    if (result != FillResult::kData) {
      return false;
    }
  }
}

bool HttpConnection::readLine(std::string& line, std::string& error) {
  while (true) {
    const std::string_view view = buffered();
    const size_t end = view.find("\r\n");
    if (end != std::string_view::npos) {
      line.assign(view.substr(0, end));
      begin_ += end + 2;
      return true;
    }
    if (view.size() > kMaxLineBytes) {
      error = "chunk line too long";
      return false;
    }
    const FillResult result = fill(error);
    if (result == FillResult::kEndOfStream) {
      error = "connection closed inside a chunked body";
    }
    if (result != FillResult::kData) {
      return false;
    }
  }
}

bool HttpConnection::appendExact(size_t length, std::string& body, std::string& error) {
  while (length > 0) {
    if (available() == 0) {
      const FillResult result = fill(error);
      if (result == FillResult::kEndOfStream) {
        error = "connection closed inside the response body";
      }
      if (result != FillResult::kData) {
        return false;
      }
    }
    const size_t take = std::min(length, available());
    body.append(buffer_.data() + begin_, take);
    begin_ += take;
    length -= take;
  }
  return true;
}

bool HttpConnection::readChunkedBody(std::string& body, std::string& error) {
  std::string line;
  while (true) {
    if (!readLine(line, error)) {
      return false;
    }
    // chunk-size is hex, optionally followed by ";extensions" which we ignore.
    uint64_t size = 0;
    const char* last = line.data() + std::min(line.find_first_of("; \t"), line.size());
    const auto [end, ec] = std::from_chars(line.data(), last, size, 16);
    if (ec != std::errc() || end != last) {
      error = "malformed chunk size: " + line.substr(0, 32);
      return false;
    }
    if (size == 0) {
      break;
    }
    if (body.size() + size > kMaxBodyBytes) {
      error = "response body too large";
      return false;
    }
    if (!appendExact(static_cast<size_t>(size), body, error) || !readLine(line, error)) {
      return false;
    }
    if (!line.empty()) {
      error = "chunk data longer than its size";
      return false;
    }
  }
  // Trailer fields, if any, end with an empty line.
  do {
    if (!readLine(line, error)) {
      return false;
    }
  } while (!line.empty());
  return true;
}

bool HttpConnection::readUntilClose(std::string& body, std::string& error) {
  while (true) {
    body.append(buffer_.data() + begin_, available());
    begin_ = end_;
    if (body.size() > kMaxBodyBytes) {
      error = "response body too large";
      return false;
    }
    const FillResult result = fill(error);
    if (result == FillResult::kEndOfStream) {
      return true;
    }
    if (result == FillResult::kError) {
      return false;
    }
  }
}

HttpConnection::FillResult HttpConnection::fill(std::string& error) {
  if (end_ == buffer_.size()) {
    if (begin_ > 0) {
      std::memmove(buffer_.data(), buffer_.data() + begin_, available());
      end_ -= begin_;
      begin_ = 0;
    } else {
      buffer_.resize(buffer_.size() * 2);
    }
  }
  while (true) {
    const ssize_t received = ::recv(fd_, buffer_.data() + end_, buffer_.size() - end_, 0);
    if (received > 0) {
      end_ += static_cast<size_t>(received);
      return FillResult::kData;
    }
    if (received == 0) {
      return FillResult::kEndOfStream;
    }
    if (errno != EINTR) {
      error = errnoText("recv", errno);
      return FillResult::kError;
    }
  }
}

}  // namespace citadel::tools
