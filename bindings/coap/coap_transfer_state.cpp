// Duplicate detection (RFC 7252 §4.5) and block-wise transfer state (RFC 7959 §2.4, §2.5).
#include "bindings/coap/coap_transfer_state.h"

#include <algorithm>

namespace citadel::coap {

std::string transferKey(const std::string& peer, const CoapMessage& request,
                        bool with_request_tag) {
  OptionList options;
  for (const auto& o : request.options) {
    bool block_related = o.first == option::kBlock1 || o.first == option::kBlock2 ||
                         o.first == option::kSize1 || o.first == option::kSize2;
    if (!block_related && (with_request_tag || o.first != option::kRequestTag)) {
      options.push_back(o);
    }
  }
  std::stable_sort(options.begin(), options.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string key = peer;
  key.push_back('\n');
  key.push_back(static_cast<char>(request.code));
  for (const auto& [number, value] : options) {
    key += std::to_string(number) + ":" + std::to_string(value.size()) + ":" + value;
  }
  return key;
}

ExchangeCache::Seen ExchangeCache::begin(const std::string& peer, uint16_t message_id,
                                         Clock::time_point now, std::string* response) {
  std::string key = peer + "#" + std::to_string(message_id);
  std::lock_guard lock(mu_);
  purgeLocked(now);
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    if (!it->second.answered) return Seen::kInProgress;
    *response = it->second.response;
    return Seen::kAnswered;
  }
  entries_.emplace(key, Entry{now, false, {}});
  order_.emplace_back(now, std::move(key));
  return Seen::kNew;
}

void ExchangeCache::complete(const std::string& peer, uint16_t message_id,
                             std::string response) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(peer + "#" + std::to_string(message_id));
  if (it != entries_.end()) {
    it->second.answered = true;
    it->second.response = std::move(response);
  }
}

size_t ExchangeCache::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

void ExchangeCache::purgeLocked(Clock::time_point now) {
  while (!order_.empty() &&
         (order_.front().first + lifetime_ <= now || order_.size() >= max_entries_)) {
    entries_.erase(order_.front().second);
    order_.pop_front();
  }
}

Block1Assembler::Outcome Block1Assembler::add(const std::string& key, const BlockValue& block,
                                              std::string_view payload,
                                              std::optional<uint32_t> size1,
                                              Clock::time_point now) {
  using Kind = Outcome::Kind;
  auto error = [](uint8_t code_value, std::string dbg) {
    Outcome out;
    out.kind = Kind::kError;
    out.error_code = code_value;
    out.dbg = std::move(dbg);
    return out;
  };
  std::lock_guard lock(mu_);
  std::erase_if(transfers_, [&](const auto& t) { return t.second.updated + lifetime_ <= now; });
  if ((size1 && *size1 > max_body_bytes_) ||
      block.offset() + payload.size() > max_body_bytes_) {
    transfers_.erase(key);
    return error(code(4, 13), "request payload exceeds " + std::to_string(max_body_bytes_) +
                                  " bytes");
  }
  // RFC 7959 §2.3: every block but the last carries exactly the block size.
  if ((block.more && payload.size() != block.size()) || payload.size() > block.size()) {
    transfers_.erase(key);
    return error(code(4, 0), "Block1 " + std::to_string(block.num) + " carries " +
                                 std::to_string(payload.size()) + " bytes for a block size of " +
                                 std::to_string(block.size()));
  }
  if (block.num == 0) {
    if (transfers_.size() >= max_transfers_ && !transfers_.contains(key)) {
      auto oldest = std::min_element(transfers_.begin(), transfers_.end(), [](auto& a, auto& b) {
        return a.second.updated < b.second.updated;
      });
      transfers_.erase(oldest);
    }
    transfers_[key] = Transfer{now, 0, block.szx, {}};
  }
  auto it = transfers_.find(key);
  // RFC 7959 §2.9.2: a block out of sequence is 4.08 Request Entity Incomplete. Offsets (not
  // numbers) are compared, so a client may switch to a smaller block size mid-transfer.
  if (it == transfers_.end() || block.offset() != it->second.body.size()) {
    if (it != transfers_.end()) transfers_.erase(it);
    return error(code(4, 8), "Block1 " + std::to_string(block.num) +
                                 " does not continue a transfer: start again with block 0");
  }
  it->second.body.append(payload);
  it->second.updated = now;
  if (block.more) return Outcome{};
  Outcome out;
  out.kind = Kind::kComplete;
  out.body = std::move(it->second.body);
  transfers_.erase(it);
  return out;
}

size_t Block1Assembler::transfers() const {
  std::lock_guard lock(mu_);
  return transfers_.size();
}

namespace {

size_t messageBytes(const std::string& key, const CoapMessage& message) {
  size_t bytes = key.size() + message.token.size() + message.payload.size() + 64;
  for (const auto& [number, value] : message.options) {
    bytes += value.size() + 16;
  }
  return bytes;
}

}  // namespace

void Block2Store::eraseLocked(std::map<std::string, Entry>::iterator it) {
  bytes_ -= it->second.bytes;
  auto share = peer_bytes_.find(it->second.peer);
  share->second -= it->second.bytes;
  if (share->second == 0) {
    peer_bytes_.erase(share);
  }
  entries_.erase(it);
}

std::map<std::string, Block2Store::Entry>::iterator Block2Store::oldestLocked(
    const std::string* peer) {
  auto oldest = entries_.end();
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if ((peer == nullptr || it->second.peer == *peer) &&
        (oldest == entries_.end() || it->second.created < oldest->second.created)) {
      oldest = it;
    }
  }
  return oldest;
}

bool Block2Store::put(const std::string& key, CoapMessage response, Clock::time_point now,
                      const std::string& peer) {
  size_t bytes = messageBytes(key, response);
  std::lock_guard lock(mu_);
  for (auto it = entries_.begin(); it != entries_.end();) {
    auto next = std::next(it);
    if (it->second.created + lifetime_ <= now || it->first == key) {
      eraseLocked(it);
    }
    it = next;
  }
  if (bytes > limits_.max_peer_bytes || bytes > limits_.max_bytes) {
    return false;
  }
  // The peer's own oldest first: one peer filling its share does not push out the others.
  while (peer_bytes_[peer] + bytes > limits_.max_peer_bytes) {
    eraseLocked(oldestLocked(&peer));
  }
  while (!entries_.empty() &&
         (entries_.size() >= max_entries_ || bytes_ + bytes > limits_.max_bytes)) {
    eraseLocked(oldestLocked(nullptr));
  }
  entries_[key] = Entry{now, std::move(response), peer, bytes};
  bytes_ += bytes;
  peer_bytes_[peer] += bytes;
  return true;
}

size_t Block2Store::bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

std::optional<CoapMessage> Block2Store::get(const std::string& key, Clock::time_point now) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.created + lifetime_ <= now) return std::nullopt;
  return it->second.response;
}

CoapMessage sliceBlock2(const CoapMessage& full, const BlockValue& block) {
  CoapMessage out = full;
  out.payload.clear();
  if (block.offset() >= full.payload.size() && !(block.num == 0 && full.payload.empty())) {
    out.code = code(4, 2);
    out.options.clear();
    return out;
  }
  out.payload = full.payload.substr(block.offset(), block.size());
  BlockValue sent = block;
  sent.more = block.offset() + out.payload.size() < full.payload.size();
  out.setOption(option::kBlock2, encodeBlock(sent));
  out.setOption(option::kSize2, encodeUint(static_cast<uint32_t>(full.payload.size())));
  return out;
}

}  // namespace citadel::coap
