#include "bindings/coap/datagram_batch.h"

namespace citadel::coap {

DatagramBatch::DatagramBatch() : buffers_(new char[kSize * kDatagramBytes]) {
  for (size_t i = 0; i < kSize; ++i) {
    vectors_[i].iov_base = buffers_.get() + i * kDatagramBytes;
    vectors_[i].iov_len = kDatagramBytes;
  }
}

size_t DatagramBatch::receive(int fd) {
  for (size_t i = 0; i < kSize; ++i) {
    msghdr& header = headers_[i].msg_hdr;
    header = msghdr{};
    header.msg_name = &peers_[i].storage;
    header.msg_namelen = sizeof(peers_[i].storage);
    header.msg_iov = &vectors_[i];
    header.msg_iovlen = 1;
    headers_[i].msg_len = 0;
  }
  int received = ::recvmmsg(fd, headers_.data(), kSize, MSG_DONTWAIT, nullptr);
  if (received <= 0) return 0;
  for (int i = 0; i < received; ++i) peers_[i].length = headers_[i].msg_hdr.msg_namelen;
  return static_cast<size_t>(received);
}

}  // namespace citadel::coap
