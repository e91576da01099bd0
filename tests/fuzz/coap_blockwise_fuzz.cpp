// Block-wise transfer (RFC 7959; bindings/coap/coap_transfer_state.h, coap_wire.h): Block1
// reassembly, Block2 slicing and the block option values.
// The input is a sequence of records: [key byte][3 block-option bytes][size1 flag + 2 bytes]
// [payload length byte][payload], fed to one Block1Assembler as blocks of a few transfers.
// Invariants:
// - parseBlock/encodeBlock round trip: an accepted value re-encodes to a value that parses to
//   the same NUM, M and SZX;
// - the assembler stays within its bounds (transfers, body bytes); a completed body is exactly
//   the concatenation of the blocks it accepted for that key, in order; an error is 4.00, 4.08
//   or 4.13 with a dbg;
// - sliceBlock2 of a whole response returns a payload slice at the block's offset, never past the
//   end, with M set exactly when more bytes follow.

#include <map>

#include "bindings/coap/coap_transfer_state.h"
#include "tests/fuzz/fuzz_support.h"

using namespace citadel;

namespace {

constexpr size_t kMaxBody = 4096;
constexpr size_t kMaxTransfers = 3;

void checkBlockValue(std::string_view raw) {
  auto block = coap::parseBlock(raw);
  if (!block) {
    return;
  }
  FUZZ_CHECK(block->szx <= 6 && block->num < (1u << 20));
  auto again = coap::parseBlock(coap::encodeBlock(*block));
  FUZZ_CHECK(again.has_value());
  FUZZ_CHECK(again->num == block->num && again->more == block->more && again->szx == block->szx);
}

void checkSlice(const std::string& payload, const coap::BlockValue& block) {
  coap::CoapMessage full;
  full.code = coap::code(2, 5);
  full.payload = payload;
  coap::CoapMessage slice = coap::sliceBlock2(full, block);
  if (block.offset() >= payload.size() && !(block.num == 0 && payload.empty())) {
    FUZZ_CHECK(slice.payload.empty());
    return;
  }
  FUZZ_CHECK(slice.payload == payload.substr(block.offset(), block.size()));
  const std::string* option = slice.option(coap::option::kBlock2);
  FUZZ_CHECK(option != nullptr);
  auto sliced = coap::parseBlock(*option);
  FUZZ_CHECK(sliced.has_value());
  FUZZ_CHECK(sliced->more == (block.offset() + slice.payload.size() < payload.size()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  coap::Block1Assembler assembler(kMaxBody, kMaxTransfers, std::chrono::seconds(60));
  std::map<std::string, std::string> expected;  // per key: the blocks accepted so far
  auto now = coap::Clock::time_point{};
  size_t at = 0;
  while (at + 7 <= size) {
    std::string key(1, static_cast<char>('a' + data[at] % 4));
    std::string_view raw = fuzz::asText(data + at + 1, 1 + data[at] % 3);
    std::optional<uint32_t> size1;
    if ((data[at + 4] & 1) != 0) {
      size1 = (uint32_t{data[at + 5]} << 8) | data[at + 6];
    }
    at += 7;
    size_t length = at < size ? std::min<size_t>(data[at], size - at - 1) : 0;
    std::string_view payload = at < size ? fuzz::asText(data + at + 1, length) : "";
    at += at < size ? length + 1 : 0;
    now += std::chrono::seconds(1);

    checkBlockValue(raw);
    auto block = coap::parseBlock(raw);
    if (!block) {
      continue;
    }
    checkSlice(std::string(payload) + std::string(payload), *block);
    auto outcome = assembler.add(key, *block, payload, size1, now);
    FUZZ_CHECK(assembler.transfers() <= kMaxTransfers);
    using Kind = coap::Block1Assembler::Outcome::Kind;
    if (outcome.kind == Kind::kError) {
      FUZZ_CHECK(outcome.error_code == coap::code(4, 0) || outcome.error_code == coap::code(4, 8) ||
                 outcome.error_code == coap::code(4, 13));
      FUZZ_CHECK(!outcome.dbg.empty());
      expected.erase(key);
      continue;
    }
    if (block->num == 0) {
      expected[key].clear();
    }
    expected[key] += payload;
    if (outcome.kind == Kind::kComplete) {
      FUZZ_CHECK(outcome.body.size() <= kMaxBody);
      FUZZ_CHECK(outcome.body == expected[key]);
      expected.erase(key);
    }
  }
  return 0;
}
