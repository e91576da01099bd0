#pragma once

#include <sys/socket.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace citadel::tools {

// A server address, resolved once so that reconnects in the timed loop never hit the resolver.
struct Endpoint {
  sockaddr_storage address{};
  socklen_t address_length = 0;
  std::string host_header;  // "host:port", the value of the Host header
};

// Resolves `host` (a name or a literal address) and `port`. Returns false with `error` set when
// nothing resolves.
bool resolveEndpoint(const std::string& host, uint16_t port, Endpoint& endpoint,
                     std::string& error);

// One response as the bench needs it: the status code and the (de-chunked) body.
struct HttpResponse {
  int status = 0;
  std::string body;
};

// A blocking HTTP/1.1 client connection that stays open across requests (keep-alive).
//
// exchange() writes one complete request and reads exactly one response, framed by
// Content-Length, by chunked transfer coding, or by the server closing the connection. Socket
// reads and writes time out after `io_timeout`, so a stuck server turns into an error instead of
// a hang. Not thread-safe: each worker thread owns its connection.
class HttpConnection {
 public:
  HttpConnection(const Endpoint& endpoint, std::chrono::milliseconds io_timeout);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  bool isOpen() const { return fd_ >= 0; }
  // Connects (bounded by io_timeout) with TCP_NODELAY, since every request is one small write
  // and Nagle would add delayed-ACK stalls. Returns false with `error` set on failure.
  bool open(std::string& error);
  // Closes the socket and drops any buffered bytes; safe to call when already closed.
  void close();
  // Sends `request` (a complete HTTP/1.1 message) and reads one whole response into `response`.
  // Returns false with `error` set on an I/O error, timeout or malformed response; the connection
  // is then closed and the caller reopens it. A response that ends the connection (Connection:
  // close, or no framing) is returned normally and leaves the connection closed.
  bool exchange(std::string_view request, HttpResponse& response, std::string& error);
  // HTTP/1.1 pipelining (RFC 9112 §9.3): sends `requests`, `count` complete requests back to
  // back in one write, then reads `count` responses in order into responses[0..count). Keep the
  // batch small (a few KiB): the server's answers queue in the socket until every request is
  // written. Returns false with `error` set as exchange() does; responses read before the
  // failure are kept, and the connection is closed. A response that ends the connection before
  // the last one is an error ("closed after i of count").
  bool exchangePipelined(std::string_view requests, size_t count,
                         std::vector<HttpResponse>& responses, std::string& error);

 private:
  enum class FillResult { kData, kEndOfStream, kError };

  bool sendAll(std::string_view data, std::string& error);
  bool readResponse(HttpResponse& response, std::string& error);
  // Reads the status line and headers; on success `head` holds them without the blank line.
  bool readHead(std::string& head, std::string& error);
  bool readLine(std::string& line, std::string& error);
  bool appendExact(size_t length, std::string& body, std::string& error);
  bool readChunkedBody(std::string& body, std::string& error);
  bool readUntilClose(std::string& body, std::string& error);
  // Receives more bytes at the end of the buffer, compacting or growing it first if full.
  FillResult fill(std::string& error);
  size_t available() const { return end_ - begin_; }
  std::string_view buffered() const { return {buffer_.data() + begin_, available()}; }

  Endpoint endpoint_;
  std::chrono::milliseconds io_timeout_;
  int fd_ = -1;
  // Received but unconsumed bytes live in buffer_[begin_, end_).
  std::vector<char> buffer_;
  size_t begin_ = 0;
  size_t end_ = 0;
};

}  // namespace citadel::tools
