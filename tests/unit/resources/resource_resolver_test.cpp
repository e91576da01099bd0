// ResourceResolver on a MemoryStore: every addressing form of TS-0001 §7.2 against a small
// tree, the virtual children la / ol, and the answers for other CSEs and missing targets.
#include "resources/resource_resolver.h"

#include <gtest/gtest.h>

#include <string>

#include "storage/memory_store.h"
#include "tests/support/status_macros.h"

namespace citadel::resources {
namespace {

using model::Json;
using model::ResourceType;
using model::Rsc;

//   cse-in (id-in) ── lamp (Clamp) ── data (cnt1) ── cin_1 (cin1)
//                  │               └─ la   (cnt2)      <- a real child named "la"
//                  └─ acp1 (acp1)
class ResourceResolverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    add(ResourceType::kCSEBase, "id-in", "cse-in", "");
    add(ResourceType::kAE, "Clamp", "lamp", "id-in");
    add(ResourceType::kContainer, "cnt1", "data", "Clamp");
    add(ResourceType::kContainer, "cnt2", "la", "Clamp");
    add(ResourceType::kContentInstance, "cin1", "cin_1", "cnt1");
    add(ResourceType::kAccessControlPolicy, "acp1", "acp1", "id-in");
  }

  void add(ResourceType type, const std::string& ri, const std::string& rn, const std::string& pi) {
    Resource resource;
    resource.attributes = {{"ty", static_cast<int>(type)}, {"ri", ri}, {"rn", rn}, {"pi", pi}};
    storage::WriteBatch batch;
    ResourceRepository::stagePut(batch, resource);
    if (!pi.empty()) {
      ResourceRepository::stageIndexes(batch, resource);
    }
    ASSERT_OK(repository_.commit(batch));
  }

  std::string resolvedRi(std::string_view to) {
    auto target = resolver_.resolve(to);
    EXPECT_TRUE(target.isOk()) << "to=" << to
                               << " dbg=" << citadel::testing::statusOf(target).dbg();
    if (!target.isOk()) {
      return "";
    }
    EXPECT_EQ(target.value().virtual_resource, VirtualResource::kNone) << "to=" << to;
    return target.value().resource().ri();
  }

  void expectRsc(std::string_view to, Rsc rsc, std::string_view reason) {
    auto target = resolver_.resolve(to);
    ASSERT_FALSE(target.isOk()) << "to=" << to << " resolved to " << target.value().resource().ri();
    EXPECT_EQ(target.status().rsc(), rsc) << "to=" << to << " dbg=" << target.status().dbg();
    EXPECT_EQ(target.status().reason(), reason) << "to=" << to;
  }

  CseIdentity identity_{"/id-in", "cse-in", "citadel.example.com", "CAdmin"};
  storage::MemoryStore store_;
  ResourceRepository repository_{store_};
  ResourceResolver resolver_{repository_, identity_};
};

TEST_F(ResourceResolverTest, ResolvesCseBaseByName) {
  EXPECT_EQ(resolvedRi("cse-in"), "id-in");
  EXPECT_EQ(resolvedRi("-"), "id-in");
}

TEST_F(ResourceResolverTest, ResolvesStructuredPath) {
  EXPECT_EQ(resolvedRi("cse-in/lamp"), "Clamp");
  EXPECT_EQ(resolvedRi("cse-in/lamp/data"), "cnt1");
  EXPECT_EQ(resolvedRi("cse-in/lamp/data/cin_1"), "cin1");
}

TEST_F(ResourceResolverTest, ResolvesUnstructuredId) {
  EXPECT_EQ(resolvedRi("cnt1"), "cnt1");
  EXPECT_EQ(resolvedRi("cin1"), "cin1");
  EXPECT_EQ(resolvedRi("id-in"), "id-in");
}

TEST_F(ResourceResolverTest, ResolvesHybridIdFollowedByChildNames) {
  EXPECT_EQ(resolvedRi("Clamp/data"), "cnt1");
  EXPECT_EQ(resolvedRi("Clamp/data/cin_1"), "cin1");
}

TEST_F(ResourceResolverTest, ResolvesHyphenAliasForCseBaseName) {
  EXPECT_EQ(resolvedRi("-/lamp/data"), "cnt1");
}

TEST_F(ResourceResolverTest, ResolvesSpRelativeForms) {
  EXPECT_EQ(resolvedRi("/id-in"), "id-in");
  EXPECT_EQ(resolvedRi("/id-in/cse-in/lamp/data"), "cnt1");
  EXPECT_EQ(resolvedRi("/id-in/cnt1"), "cnt1");
  EXPECT_EQ(resolvedRi("/id-in/-/lamp"), "Clamp");
}

TEST_F(ResourceResolverTest, ResolvesAbsoluteForms) {
  EXPECT_EQ(resolvedRi("//citadel.example.com/id-in"), "id-in");
  EXPECT_EQ(resolvedRi("//citadel.example.com/id-in/cse-in/lamp/data"), "cnt1");
  EXPECT_EQ(resolvedRi("//citadel.example.com/id-in/cin1"), "cin1");
}

TEST_F(ResourceResolverTest, CarriesAttributeSuffix) {
  auto target = resolver_.resolve("cse-in/lamp/data#mni");
  ASSERT_OK(target);
  EXPECT_EQ(target.value().resource().ri(), "cnt1");
  EXPECT_EQ(target.value().attribute, "mni");
}

// TS-0004 §7.3.2.6: no <remoteCSE> matches, so the (IN-)CSE answers NOT_FOUND.
TEST_F(ResourceResolverTest, AnswersNotFoundForOtherCse) {
  expectRsc("/id-mn/cse-mn/x", Rsc::kNotFound, "target.not_local");
  expectRsc("/id-mn", Rsc::kNotFound, "target.not_local");
  expectRsc("//citadel.example.com/id-mn/x", Rsc::kNotFound, "target.not_local");
}

TEST_F(ResourceResolverTest, AnswersNotFoundForOtherSp) {
  expectRsc("//other.example.com/id-in/cse-in", Rsc::kNotFound, "target.not_local");
  // A prefix of our SP-ID is still another SP.
  expectRsc("//citadel.example/id-in/cnt1", Rsc::kNotFound, "target.not_local");
}

TEST_F(ResourceResolverTest, AnswersNotFoundForMissingTargets) {
  expectRsc("cse-in/nothing", Rsc::kNotFound, "target.not_found");
  expectRsc("cse-in/lamp/data/nope", Rsc::kNotFound, "target.not_found");
  expectRsc("nothing", Rsc::kNotFound, "target.not_found");
  expectRsc("nothing/data", Rsc::kNotFound, "target.not_found");
  expectRsc("/id-in/cse-in/nothing", Rsc::kNotFound, "target.not_found");
  // A name is looked up under its parent only, never elsewhere in the tree.
  expectRsc("cse-in/data", Rsc::kNotFound, "target.not_found");
}

TEST_F(ResourceResolverTest, AnswersBadRequestForMalformedTargets) {
  expectRsc("", Rsc::kBadRequest, "address.empty");
  expectRsc("cse-in//lamp", Rsc::kBadRequest, "address.empty_segment");
  expectRsc("cse-in/la mp", Rsc::kBadRequest, "address.bad_char");
}

TEST_F(ResourceResolverTest, ResolvesLatestAndOldestOfContainer) {
  auto latest = resolver_.resolve("cse-in/lamp/data/la");
  ASSERT_OK(latest);
  EXPECT_EQ(latest.value().resource().ri(), "cnt1");
  EXPECT_EQ(latest.value().virtual_resource, VirtualResource::kLatest);

  auto oldest = resolver_.resolve("cnt1/ol");
  ASSERT_OK(oldest);
  EXPECT_EQ(oldest.value().resource().ri(), "cnt1");
  EXPECT_EQ(oldest.value().virtual_resource, VirtualResource::kOldest);
}

TEST_F(ResourceResolverTest, DoesNotResolveLatestOfNonContainer) {
  expectRsc("cse-in/lamp/ol", Rsc::kNotFound, "target.not_found");
  expectRsc("cse-in/la", Rsc::kNotFound, "target.not_found");
  expectRsc("cse-in/lamp/data/cin_1/la", Rsc::kNotFound, "target.not_found");
}

TEST_F(ResourceResolverTest, DoesNotResolveVirtualChildInTheMiddleOfAPath) {
  expectRsc("cse-in/lamp/data/la/x", Rsc::kNotFound, "target.not_found");
}

TEST_F(ResourceResolverTest, PrefersRealChildNamedLikeVirtualOne) {
  // <AE> "lamp" has a real child named "la"; a stored child always wins over the virtual name.
  EXPECT_EQ(resolvedRi("cse-in/lamp/la"), "cnt2");
}

TEST_F(ResourceResolverTest, ResolveIdReturnsStoredResource) {
  auto acp = resolver_.resolveId("cse-in/acp1");
  ASSERT_OK(acp);
  EXPECT_EQ(acp.value().type(), ResourceType::kAccessControlPolicy);
  auto by_ri = resolver_.resolveId("/id-in/acp1");
  ASSERT_OK(by_ri);
  EXPECT_EQ(by_ri.value().ri(), "acp1");
}

TEST_F(ResourceResolverTest, ResolveIdRejectsVirtualResources) {
  auto result = resolver_.resolveId("cnt1/la");
  ASSERT_RSC(result, Rsc::kNotFound);
}

TEST_F(ResourceResolverTest, PropagatesCorruptRecordAsInternalError) {
  storage::WriteBatch batch;
  batch.put("r/broken", "\xff\xff not cbor");
  ASSERT_OK(repository_.commit(batch));
  auto result = resolver_.resolve("broken");
  ASSERT_FALSE(result.isOk());
  EXPECT_EQ(result.status().rsc(), Rsc::kInternalServerError);
}

}  // namespace
}  // namespace citadel::resources
