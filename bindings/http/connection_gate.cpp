#include "bindings/http/connection_gate.h"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/TCPServerDispatcher.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <deque>
#include <unordered_map>

#include "cse/model/log.h"

namespace citadel::http {

using Clock = std::chrono::steady_clock;

struct ConnectionGate::Impl {
  Poco::Net::ServerSocket listener;
  Poco::Net::TCPServerDispatcher& dispatcher;
  GateOptions options;
  int epoll_fd = -1;
  int wake_fd = -1;  // eventfd: stop() wakes the loop
  std::atomic<bool> stopping{false};
  std::thread thread;
  // Waiting connections by descriptor, and their deadlines in accept order (the timeout is one
  // constant, so accept order is deadline order).
  struct Waiting {
    Poco::Net::StreamSocket socket;
    uint64_t sequence;  // tells a reused descriptor number from the connection that had it
  };
  std::unordered_map<int, Waiting> waiting;
  struct Deadline {
    Clock::time_point at;
    int fd;
    uint64_t sequence;
  };
  std::deque<Deadline> deadlines;
  uint64_t accepted = 0;

  Impl(const Poco::Net::ServerSocket& l, Poco::Net::TCPServerDispatcher& d, GateOptions o)
      : listener(l), dispatcher(d), options(o) {}

  void run();
  void acceptOne();
  void release(int fd, bool ready);
  void expire(Clock::time_point now);
};

void ConnectionGate::Impl::acceptOne() {
  Poco::Net::StreamSocket socket;
  try {
    socket = listener.acceptConnection();
  } catch (const Poco::Exception& e) {
    LOG_WARN("HTTP accept: " << e.displayText());
    return;
  }
  if (waiting.size() >= options.max_waiting) {
    LOG_WARN("HTTP: " << waiting.size() << " connections wait for their first bytes; closing one");
    return;  // `socket` closes when it goes out of scope
  }
  int fd = static_cast<int>(socket.impl()->sockfd());
  epoll_event event{};
  event.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
  event.data.fd = fd;
  if (::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &event) != 0) {
    dispatcher.enqueue(socket);  // cannot wait for it: let a worker have it
    return;
  }
  waiting.emplace(fd, Waiting{std::move(socket), ++accepted});
  deadlines.push_back({Clock::now() + options.first_byte_timeout, fd, accepted});
}

void ConnectionGate::Impl::release(int fd, bool ready) {
  auto it = waiting.find(fd);
  if (it == waiting.end()) return;
  ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, nullptr);
  Poco::Net::StreamSocket socket = std::move(it->second.socket);
  waiting.erase(it);
  if (ready) {
    dispatcher.enqueue(socket);
  }
  // Not ready: the last reference closes it.
}

void ConnectionGate::Impl::expire(Clock::time_point now) {
  while (!deadlines.empty() && deadlines.front().at <= now) {
    Deadline due = deadlines.front();
    deadlines.pop_front();
    auto it = waiting.find(due.fd);
    if (it != waiting.end() && it->second.sequence == due.sequence) {
      release(due.fd, false);  // silent for first_byte_timeout: closed
    }
  }
}

void ConnectionGate::Impl::run() {
  int listen_fd = static_cast<int>(listener.impl()->sockfd());
  epoll_event events[64];
  while (!stopping.load()) {
    int n = ::epoll_wait(epoll_fd, events, 64, 200);
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      if (fd == wake_fd) continue;
      if (fd == listen_fd) {
        acceptOne();
        continue;
      }
      // Data (or a close, which the worker then sees as end of stream at once).
      bool ready = (events[i].events & EPOLLIN) != 0;
      release(fd, ready);
    }
    expire(Clock::now());
  }
  for (auto& [fd, entry] : waiting) ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, nullptr);
  waiting.clear();
}

ConnectionGate::ConnectionGate(const Poco::Net::ServerSocket& listener,
                               Poco::Net::TCPServerDispatcher& dispatcher, GateOptions options)
    : impl_(std::make_unique<Impl>(listener, dispatcher, options)) {
  impl_->epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
  impl_->wake_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.fd = static_cast<int>(impl_->listener.impl()->sockfd());
  ::epoll_ctl(impl_->epoll_fd, EPOLL_CTL_ADD, event.data.fd, &event);
  event.data.fd = impl_->wake_fd;
  ::epoll_ctl(impl_->epoll_fd, EPOLL_CTL_ADD, impl_->wake_fd, &event);
  Impl* raw = impl_.get();
  impl_->thread = std::thread([raw] { raw->run(); });
}

ConnectionGate::~ConnectionGate() {
  stop();
  ::close(impl_->epoll_fd);
  ::close(impl_->wake_fd);
}

void ConnectionGate::stop() {
  if (impl_->stopping.exchange(true)) return;
  uint64_t one = 1;
  (void)!::write(impl_->wake_fd, &one, sizeof one);
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace citadel::http
