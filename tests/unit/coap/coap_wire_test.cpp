// RFC 7252 §3 message format: round trips, the RFC's own example bytes, hostile datagrams, and a
// cross-check of our serializer against libcoap's parser (coap_pdu_parse).
#include "bindings/coap/coap_wire.h"

#include <coap3/coap.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/support/status_macros.h"

namespace citadel::coap {
namespace {

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

CoapMessage sample() {
  CoapMessage m;
  m.type = MessageType::kNonConfirmable;
  m.code = code(0, 2);
  m.message_id = 0xbeef;
  m.token = "tok12345";
  m.options = {{option::kUriPath, "cse-in"},
               {option::kUriPath, "ae"},
               {option::kContentFormat, encodeUint(50)},
               {option::kUriQuery, "rcn=1"},
               {option::kOneM2mFr, "Cae"},
               {option::kOneM2mRqi, std::string(300, 'r')},  // length needs 2 extension bytes
               {option::kOneM2mTy, encodeUint(2)},
               {1001, ""},
               {65000, "x"}};  // delta needs 2 extension bytes
  m.payload = R"({"m2m:ae":{}})";
  return m;
}

OptionList sorted(OptionList options) {
  std::stable_sort(options.begin(), options.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  return options;
}

TEST(CoapWireTest, ParsesTheRfc7252ExampleGet) {
  // RFC 7252 Appendix A style: CON GET, MID 0x7d34, no token, Uri-Path "temperature".
  std::string datagram = bytes({0x40, 0x01, 0x7d, 0x34, 0xbb}) + "temperature";
  auto parsed = parseMessage(datagram);
  ASSERT_OK(parsed);
  const CoapMessage& m = parsed.value();
  EXPECT_EQ(m.type, MessageType::kConfirmable);
  EXPECT_EQ(m.code, code(0, 1));
  EXPECT_EQ(m.message_id, 0x7d34);
  EXPECT_TRUE(m.token.empty());
  ASSERT_EQ(m.options.size(), 1u);
  EXPECT_EQ(m.options[0], (std::pair<uint16_t, std::string>{11, "temperature"}));
  EXPECT_EQ(serializeMessage(m), datagram);
}

TEST(CoapWireTest, RoundTripsEveryOptionEncodingWidth) {
  CoapMessage m = sample();
  auto parsed = parseMessage(serializeMessage(m));
  ASSERT_OK(parsed);
  EXPECT_EQ(parsed.value().type, m.type);
  EXPECT_EQ(parsed.value().code, m.code);
  EXPECT_EQ(parsed.value().message_id, m.message_id);
  EXPECT_EQ(parsed.value().token, m.token);
  EXPECT_EQ(parsed.value().options, sorted(m.options));
  EXPECT_EQ(parsed.value().payload, m.payload);
}

TEST(CoapWireTest, LibcoapParsesWhatWeSerialize) {
  CoapMessage m = sample();
  std::string datagram = serializeMessage(m);
  coap_pdu_t* pdu = coap_pdu_init(COAP_MESSAGE_CON, COAP_EMPTY_CODE, 0, datagram.size());
  ASSERT_NE(pdu, nullptr);
  ASSERT_EQ(coap_pdu_parse(COAP_PROTO_UDP, reinterpret_cast<const uint8_t*>(datagram.data()),
                           datagram.size(), pdu),
            1);
  EXPECT_EQ(coap_pdu_get_type(pdu), COAP_MESSAGE_NON);
  EXPECT_EQ(static_cast<int>(coap_pdu_get_code(pdu)), code(0, 2));
  EXPECT_EQ(coap_pdu_get_mid(pdu), 0xbeef);
  coap_bin_const_t token = coap_pdu_get_token(pdu);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(token.s), token.length), m.token);
  OptionList seen;
  coap_opt_iterator_t it;
  coap_option_iterator_init(pdu, &it, COAP_OPT_ALL);
  while (coap_opt_t* opt = coap_option_next(&it)) {
    seen.emplace_back(it.number, std::string(reinterpret_cast<const char*>(coap_opt_value(opt)),
                                             coap_opt_length(opt)));
  }
  EXPECT_EQ(seen, sorted(m.options));
  size_t length = 0;
  const uint8_t* data = nullptr;
  ASSERT_EQ(coap_get_data(pdu, &length, &data), 1);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(data), length), m.payload);
  coap_delete_pdu(pdu);
}

TEST(CoapWireTest, KeepsRepeatedOptionsInOrder) {
  CoapMessage m;
  m.code = code(0, 1);
  m.options = {{option::kUriQuery, "b=2"}, {option::kUriPath, "x"}, {option::kUriQuery, "a=1"}};
  auto parsed = parseMessage(serializeMessage(m));
  ASSERT_OK(parsed);
  EXPECT_EQ(parsed.value().options,
            (OptionList{{11, "x"}, {15, "b=2"}, {15, "a=1"}}));
}

struct HostileDatagram {
  const char* name;
  std::string datagram;
};

class CoapWireHostileTest : public ::testing::TestWithParam<HostileDatagram> {};

TEST_P(CoapWireHostileTest, RejectsWithFormatError) {
  auto parsed = parseMessage(GetParam().datagram);
  ASSERT_FALSE(parsed.isOk()) << GetParam().name;
  EXPECT_EQ(parsed.status().reason(), "coap.format_error");
  EXPECT_EQ(parsed.status().rsc(), model::Rsc::kBadRequest);
  EXPECT_FALSE(parsed.status().dbg().empty());
}

INSTANTIATE_TEST_SUITE_P(
    Corpus, CoapWireHostileTest,
    ::testing::Values(
        HostileDatagram{"empty", ""},
        HostileDatagram{"three_bytes", bytes({0x40, 0x01, 0x00})},
        HostileDatagram{"version_2", bytes({0x80, 0x01, 0x00, 0x01})},
        HostileDatagram{"token_length_9", bytes({0x49, 0x01, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9})},
        HostileDatagram{"token_length_15", bytes({0x4f, 0x01, 0, 1})},
        HostileDatagram{"truncated_token", bytes({0x44, 0x01, 0, 1, 0xaa})},
        HostileDatagram{"empty_message_with_token", bytes({0x41, 0x00, 0, 1, 0xaa})},
        HostileDatagram{"empty_message_with_option", bytes({0x40, 0x00, 0, 1, 0xb1, 'x'})},
        HostileDatagram{"delta_nibble_15", bytes({0x40, 0x01, 0, 1, 0xf1, 'x'})},
        HostileDatagram{"length_nibble_15", bytes({0x40, 0x01, 0, 1, 0xbf, 'x'})},
        HostileDatagram{"truncated_delta_13", bytes({0x40, 0x01, 0, 1, 0xd0})},
        HostileDatagram{"truncated_delta_14", bytes({0x40, 0x01, 0, 1, 0xe0, 0x01})},
        HostileDatagram{"truncated_length_14", bytes({0x40, 0x01, 0, 1, 0x1e, 0x01})},
        HostileDatagram{"option_past_end", bytes({0x40, 0x01, 0, 1, 0xb5, 'a', 'b'})},
        HostileDatagram{"declared_length_65804", bytes({0x40, 0x01, 0, 1, 0x1e, 0xff, 0xff})},
        HostileDatagram{"option_number_overflow",
                        bytes({0x40, 0x01, 0, 1, 0xe0, 0xff, 0x00, 0xe0, 0xff, 0x00})},
        HostileDatagram{"marker_without_payload", bytes({0x40, 0x01, 0, 1, 0xff})}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(CoapWireTest, ReadsTheHeaderOfAMalformedMessage) {
  auto header = parseHeader(bytes({0x40, 0x01, 0x12, 0x34, 0xf1}));
  ASSERT_TRUE(header.has_value());
  EXPECT_EQ(header->type, MessageType::kConfirmable);
  EXPECT_EQ(header->message_id, 0x1234);
  EXPECT_FALSE(parseHeader(bytes({0x80, 0x01, 0x12, 0x34})).has_value());
  EXPECT_FALSE(parseHeader("ab").has_value());
}

TEST(CoapWireTest, EncodesBlockValues) {
  EXPECT_EQ(encodeBlock({0, false, 0}), "");
  EXPECT_EQ(encodeBlock({0, true, 6}), bytes({0x0e}));
  EXPECT_EQ(encodeBlock({1, false, 6}), bytes({0x16}));
  EXPECT_EQ(encodeBlock({4096, true, 2}), bytes({0x01, 0x00, 0x0a}));
  auto block = parseBlock(bytes({0x01, 0x00, 0x0a}));
  ASSERT_TRUE(block.has_value());
  EXPECT_EQ(block->num, 4096u);
  EXPECT_TRUE(block->more);
  EXPECT_EQ(block->size(), 64u);
  EXPECT_EQ(block->offset(), 4096u * 64);
}

TEST(CoapWireTest, RejectsBertAndOverlongBlockValues) {
  EXPECT_FALSE(parseBlock(bytes({0x07})).has_value());              // SZX 7 (BERT)
  EXPECT_FALSE(parseBlock(bytes({0x00, 0x00, 0x00, 0x06})).has_value());  // 4 bytes
}

TEST(CoapWireTest, SplitsARequestIntoParts) {
  CoapMessage m = sample();
  m.type = MessageType::kConfirmable;
  m.options.emplace_back(option::kAccept, encodeUint(60));
  m.options.emplace_back(option::kBlock1, encodeBlock({0, false, 6}));
  m.options.emplace_back(option::kSize1, encodeUint(10));
  CoapRequestParts parts = requestPartsFrom(m);
  EXPECT_EQ(parts.method, method::kPost);
  EXPECT_TRUE(parts.confirmable);
  EXPECT_EQ(parts.uri_path, (std::vector<std::string>{"cse-in", "ae"}));
  EXPECT_EQ(parts.uri_query, (std::vector<std::string>{"rcn=1"}));
  EXPECT_EQ(parts.content_format, 50);
  EXPECT_EQ(parts.accept, 60);
  for (const auto& [number, value] : parts.options) {
    EXPECT_NE(number, option::kBlock1);
    EXPECT_NE(number, option::kSize1);
    EXPECT_NE(number, option::kUriPath);
  }
  EXPECT_EQ(parts.payload, m.payload);
}

TEST(CoapWireTest, LeavesAMalformedContentFormatForTheDecoder) {
  CoapMessage m;
  m.code = code(0, 2);
  m.options = {{option::kContentFormat, "abc"}};
  CoapRequestParts parts = requestPartsFrom(m);
  EXPECT_FALSE(parts.content_format.has_value());
  ASSERT_EQ(parts.options.size(), 1u);
  EXPECT_EQ(parts.options[0].first, option::kContentFormat);
}

}  // namespace
}  // namespace citadel::coap
