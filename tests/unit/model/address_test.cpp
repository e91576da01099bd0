// parseAddress: the addressing forms of TS-0001 §7.2 (Table 7.2-1) and the limits that keep
// hostile `to` values cheap to reject.
#include "cse/model/address.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/support/status_macros.h"

namespace citadel::model {
namespace {

Address parseOk(std::string_view to) {
  Result<Address> result = parseAddress(to);
  EXPECT_TRUE(result.isOk()) << "to=" << to
                             << " dbg=" << (result.isOk() ? "" : result.status().dbg());
  return result.isOk() ? result.value() : Address{};
}

void expectBadRequest(std::string_view to, std::string_view reason) {
  Result<Address> result = parseAddress(to);
  ASSERT_FALSE(result.isOk()) << "to=" << to << " unexpectedly parsed";
  EXPECT_EQ(result.status().rsc(), Rsc::kBadRequest) << "to=" << to;
  EXPECT_EQ(result.status().reason(), reason) << "to=" << to;
  EXPECT_FALSE(result.status().dbg().empty()) << "to=" << to;
}

TEST(AddressTest, ParsesCseRelativeStructuredPath) {
  Address a = parseOk("cse-in/lamp/data");
  EXPECT_EQ(a.scope, AddressScope::kCseRelative);
  EXPECT_EQ(a.relative, "cse-in/lamp/data");
  EXPECT_TRUE(a.sp_id.empty());
  EXPECT_TRUE(a.cse_id.empty());
  EXPECT_TRUE(a.attribute.empty());
}

TEST(AddressTest, ParsesCseRelativeUnstructuredId) {
  Address a = parseOk("cnt4711");
  EXPECT_EQ(a.scope, AddressScope::kCseRelative);
  EXPECT_EQ(a.relative, "cnt4711");
}

TEST(AddressTest, ParsesHyphenAliasAsCseRelative) {
  Address a = parseOk("-/lamp");
  EXPECT_EQ(a.scope, AddressScope::kCseRelative);
  EXPECT_EQ(a.relative, "-/lamp");
}

TEST(AddressTest, ParsesSpRelativeWithPath) {
  Address a = parseOk("/id-in/cse-in/lamp");
  EXPECT_EQ(a.scope, AddressScope::kSpRelative);
  EXPECT_EQ(a.cse_id, "/id-in");
  EXPECT_EQ(a.relative, "cse-in/lamp");
  EXPECT_TRUE(a.sp_id.empty());
}

TEST(AddressTest, ParsesSpRelativeCseIdAlone) {
  Address a = parseOk("/id-in");
  EXPECT_EQ(a.scope, AddressScope::kSpRelative);
  EXPECT_EQ(a.cse_id, "/id-in");
  EXPECT_EQ(a.relative, "");
}

TEST(AddressTest, ParsesAbsoluteWithPath) {
  Address a = parseOk("//citadel.example.com/id-in/cnt1");
  EXPECT_EQ(a.scope, AddressScope::kAbsolute);
  EXPECT_EQ(a.sp_id, "citadel.example.com");
  EXPECT_EQ(a.cse_id, "/id-in");
  EXPECT_EQ(a.relative, "cnt1");
}

TEST(AddressTest, ParsesAbsoluteCseIdAlone) {
  Address a = parseOk("//sp.example/id-mn");
  EXPECT_EQ(a.scope, AddressScope::kAbsolute);
  EXPECT_EQ(a.sp_id, "sp.example");
  EXPECT_EQ(a.cse_id, "/id-mn");
  EXPECT_EQ(a.relative, "");
}

TEST(AddressTest, SplitsAttributeSuffix) {
  Address a = parseOk("cse-in/lamp#lbl");
  EXPECT_EQ(a.relative, "cse-in/lamp");
  EXPECT_EQ(a.attribute, "lbl");

  Address b = parseOk("/id-in/cnt1#con");
  EXPECT_EQ(b.scope, AddressScope::kSpRelative);
  EXPECT_EQ(b.relative, "cnt1");
  EXPECT_EQ(b.attribute, "con");
}

TEST(AddressTest, RejectsEmptyAttributeSuffix) {
  expectBadRequest("cse-in/lamp#", "address.bad_fragment");
  expectBadRequest("#lbl", "address.bad_fragment");
}

TEST(AddressTest, RejectsEmptyTarget) { expectBadRequest("", "address.empty"); }

TEST(AddressTest, AcceptsTargetAtLengthLimit) {
  std::string to = "cse-in/" + std::string(kMaxAddressLength - 7, 'a');
  ASSERT_EQ(to.size(), kMaxAddressLength);
  EXPECT_OK(parseAddress(to));
}

TEST(AddressTest, RejectsTargetOverLengthLimit) {
  std::string to = "cse-in/" + std::string(kMaxAddressLength - 6, 'a');
  expectBadRequest(to, "address.too_long");
  expectBadRequest(std::string(1 << 20, 'x'), "address.too_long");
}

TEST(AddressTest, RejectsEmptySegments) {
  expectBadRequest("cse-in//lamp", "address.empty_segment");
  expectBadRequest("cse-in/lamp/", "address.empty_segment");
  expectBadRequest("/id-in/", "address.empty_segment");
  expectBadRequest("/id-in//x", "address.empty_segment");
}

TEST(AddressTest, RejectsEmptyCseId) {
  expectBadRequest("/", "address.empty_cse_id");
  expectBadRequest("//sp.example//x", "address.empty_cse_id");
}

TEST(AddressTest, RejectsMalformedAbsolute) {
  expectBadRequest("//", "address.bad_absolute");
  expectBadRequest("//sp.example", "address.bad_absolute");
  expectBadRequest("///id-in", "address.bad_absolute");
}

TEST(AddressTest, RejectsCharactersOutsideThePathSet) {
  for (std::string to : {"cse-in/la mp", "cse-in/lamp?x=1", "cse-in/%41", "cse-in/\"x\"",
                         "cse-in/<x>", "cse-in\\lamp", "cse-in/\tx", "cse-in/x\n"}) {
    expectBadRequest(to, "address.bad_char");
  }
  expectBadRequest(std::string("cse-in/a\0b", 10), "address.bad_char");
  expectBadRequest("cse-in/\xc3\xa9", "address.bad_char");
}

TEST(AddressTest, AcceptsThirtyTwoSegments) {
  std::string to = "a";
  for (size_t i = 1; i < kMaxPathSegments; ++i) {
    to += "/a";
  }
  EXPECT_OK(parseAddress(to));
}

TEST(AddressTest, RejectsTooManySegments) {
  std::string to = "a";
  for (size_t i = 1; i <= kMaxPathSegments; ++i) {
    to += "/a";
  }
  expectBadRequest(to, "address.too_many_segments");
  // The segment limit applies to the part after the CSE-ID as well.
  expectBadRequest("/id-in/" + to, "address.too_many_segments");
}

TEST(RelayedAeCseTest, NamesTheCseOfAnSpRelativeCTypeAeIdOnly) {
  EXPECT_EQ(relayedAeCse("/id-mn/Cae"), "/id-mn");
  EXPECT_EQ(relayedAeCse("/id-asn/C"), "");        // no stem after the C
  for (const char* other : {"Cae", "/id-mn", "/id-mn/", "/id-mn/Sae", "/id-mn/Cae/x",
                            "//sp/id-mn/Cae", "/Sae", "", "/", "//"}) {
    EXPECT_EQ(relayedAeCse(other), "") << other;
  }
}

}  // namespace
}  // namespace citadel::model
