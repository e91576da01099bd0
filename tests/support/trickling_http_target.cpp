#include "tests/support/trickling_http_target.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>

namespace citadel::testing {

TricklingHttpTarget::TricklingHttpTarget() {
  listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  ::listen(listener_, 1);
  socklen_t length = sizeof(address);
  ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { serve(); });
}

TricklingHttpTarget::~TricklingHttpTarget() {
  join();
  ::close(listener_);
}

void TricklingHttpTarget::join() {
  if (thread_.joinable()) thread_.join();
}

void TricklingHttpTarget::serve() {
  pollfd pfd{listener_, POLLIN, 0};
  if (::poll(&pfd, 1, 10000) != 1) return;
  int fd = ::accept(listener_, nullptr, nullptr);
  if (fd < 0) return;
  std::string head;
  char c;
  while (head.find("\r\n\r\n") == std::string::npos && ::recv(fd, &c, 1, 0) == 1) head += c;
  std::string status = "HTTP/1.1 200 OK\r\nX-Pad: ";
  ::send(fd, status.data(), status.size(), MSG_NOSIGNAL);
  for (; trickled_ < kBytes; ++trickled_) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (::send(fd, "a", 1, MSG_NOSIGNAL) != 1) break;
    pollfd closed{fd, POLLRDHUP, 0};  // the client shut its side down
    if (::poll(&closed, 1, 0) == 1) break;
  }
  ::close(fd);
}

}  // namespace citadel::testing
