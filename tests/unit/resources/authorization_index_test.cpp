// The roleID / tokenID index of ResourceRepository (resources/key_layout.h "ro/", "tk/") on a
// MemoryStore: stageIndexes and stageRemove keep it in step with the records, rolesByRoleId and
// tokenByTokenId find through it with one prefix seek, and storage faults surface as 5000.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "resources/resource_repository.h"
#include "resources/key_layout.h"
#include "storage/memory_store.h"
#include "tests/support/faulty_store.h"
#include "tests/support/status_macros.h"

namespace citadel::resources {
namespace {

using model::Json;
using model::Rsc;

Resource role(const std::string& ri, const std::string& rlid) {
  Resource r;
  r.attributes = {{"ty", 31},
                  {"ri", ri},
                  {"rn", ri},
                  {"pi", "id-in"},
                  {"_p", "cse-in/" + ri},
                  {"rlid", rlid},
                  {"tkis", "CIssuer"},
                  {"tkhd", "Cholder"},
                  {"tknb", "20240101T000000"},
                  {"tkna", "20991231T235959"}};
  return r;
}

Resource token(const std::string& ri, const std::string& tkid) {
  Resource r;
  r.attributes = {{"ty", 32},     {"ri", ri},     {"rn", ri},         {"pi", "id-in"},
                  {"_p", "cse-in/" + ri}, {"tkid", tkid}, {"tkob", "a.b.c"}};
  return r;
}

std::vector<std::string> risOf(const std::vector<Resource>& resources) {
  std::vector<std::string> ris;
  for (const auto& r : resources) {
    ris.push_back(r.ri());
  }
  return ris;
}

class AuthorizationIndexTest : public ::testing::Test {
 protected:
  void insert(const Resource& r) {
    storage::WriteBatch batch;
    ResourceRepository::stagePut(batch, r);
    ResourceRepository::stageIndexes(batch, r);
    ASSERT_OK(repository_.commit(batch));
  }
  void remove(const Resource& r) {
    storage::WriteBatch batch;
    ResourceRepository::stageRemove(batch, r);
    ASSERT_OK(repository_.commit(batch));
  }
  bool has(const std::string& key) {
    std::string value;
    return store_.get(key, &value).isOk();
  }

  testing::FaultyStore store_;
  ResourceRepository repository_{store_};
};

TEST_F(AuthorizationIndexTest, FindsARoleByItsRoleIdUntilItIsDeleted) {
  Resource reader = role("rol1", "reader@role-issuer.com");
  insert(reader);
  EXPECT_TRUE(has(keys::roleEntry("reader@role-issuer.com", "rol1")));
  auto found = repository_.rolesByRoleId("reader@role-issuer.com");
  ASSERT_OK(found);
  ASSERT_EQ(risOf(found.value()), std::vector<std::string>{"rol1"});
  EXPECT_EQ(found.value()[0].attributes["tkhd"], "Cholder");

  remove(reader);
  auto gone = repository_.rolesByRoleId("reader@role-issuer.com");
  ASSERT_OK(gone);
  EXPECT_TRUE(gone.value().empty());
  auto it = store_.newIterator();
  it->seek("");
  EXPECT_FALSE(it->valid()) << "left behind: " << (it->valid() ? std::string(it->key()) : "");
}

TEST_F(AuthorizationIndexTest, ReturnsEveryRoleSharingARoleId) {
  insert(role("rolB", "reader@role-issuer.com"));
  insert(role("rolA", "reader@role-issuer.com"));
  insert(role("rolC", "writer@role-issuer.com"));
  // Neither a longer FQDN nor a longer name shares the range of "reader@role-issuer.com".
  insert(role("rolD", "reader@role-issuer.com.cn"));
  insert(role("rolE", "reader2@role-issuer.com"));
  auto readers = repository_.rolesByRoleId("reader@role-issuer.com");
  ASSERT_OK(readers);
  EXPECT_EQ(risOf(readers.value()), (std::vector<std::string>{"rolA", "rolB"}));
  auto writers = repository_.rolesByRoleId("writer@role-issuer.com");
  ASSERT_OK(writers);
  EXPECT_EQ(risOf(writers.value()), std::vector<std::string>{"rolC"});
  auto none = repository_.rolesByRoleId("reader@role-issuer");
  ASSERT_OK(none);
  EXPECT_TRUE(none.value().empty());

  // Deleting one leaves the other.
  remove(role("rolA", "reader@role-issuer.com"));
  readers = repository_.rolesByRoleId("reader@role-issuer.com");
  ASSERT_OK(readers);
  EXPECT_EQ(risOf(readers.value()), std::vector<std::string>{"rolB"});
}

TEST_F(AuthorizationIndexTest, BoundsTheRolesReturned) {
  for (size_t i = 0; i < ResourceRepository::kMaxRolesPerRoleId + 6; ++i) {
    insert(role("rol" + std::to_string(1000 + i), "many@role-issuer.com"));
  }
  auto found = repository_.rolesByRoleId("many@role-issuer.com");
  ASSERT_OK(found);
  EXPECT_EQ(found.value().size(), ResourceRepository::kMaxRolesPerRoleId);
}

TEST_F(AuthorizationIndexTest, KeepsTheIndexAcrossAnUpdate) {
  Resource before = role("rol1", "reader@role-issuer.com");
  insert(before);
  Resource after = before;
  after.attributes["lbl"] = {"x"};
  after.attributes["rltl"] = "tk1";
  storage::WriteBatch batch;
  ResourceRepository::stagePut(batch, after);
  ResourceRepository::stageIndexChanges(batch, before, after);
  ASSERT_OK(repository_.commit(batch));
  auto found = repository_.rolesByRoleId("reader@role-issuer.com");
  ASSERT_OK(found);
  ASSERT_EQ(found.value().size(), 1u);
  EXPECT_EQ(found.value()[0].attributes["rltl"], "tk1");
}

TEST_F(AuthorizationIndexTest, FindsATokenByItsTokenIdUntilItIsDeleted) {
  Resource t = token("tk1", "t1@das.example.com");
  insert(t);
  EXPECT_TRUE(has(keys::tokenEntry("t1@das.example.com", "tk1")));
  auto found = repository_.tokenByTokenId("t1@das.example.com");
  ASSERT_OK(found);
  ASSERT_TRUE(found.value().has_value());
  EXPECT_EQ(found.value()->ri(), "tk1");
  auto other = repository_.tokenByTokenId("t2@das.example.com");
  ASSERT_OK(other);
  EXPECT_FALSE(other.value().has_value());

  remove(t);
  auto gone = repository_.tokenByTokenId("t1@das.example.com");
  ASSERT_OK(gone);
  EXPECT_FALSE(gone.value().has_value());
  EXPECT_FALSE(has(keys::tokenEntry("t1@das.example.com", "tk1")));
}

TEST_F(AuthorizationIndexTest, AnswersTheFirstOfTokensSharingATokenId) {
  insert(token("tkB", "t1@das.example.com"));
  insert(token("tkA", "t1@das.example.com"));
  auto found = repository_.tokenByTokenId("t1@das.example.com");
  ASSERT_OK(found);
  ASSERT_TRUE(found.value().has_value());
  EXPECT_EQ(found.value()->ri(), "tkA");
}

TEST_F(AuthorizationIndexTest, KeepsRolesAndTokensApart) {
  insert(role("rol1", "same@issuer.com"));
  insert(token("tk1", "same@issuer.com"));
  auto roles = repository_.rolesByRoleId("same@issuer.com");
  ASSERT_OK(roles);
  EXPECT_EQ(risOf(roles.value()), std::vector<std::string>{"rol1"});
  auto found = repository_.tokenByTokenId("same@issuer.com");
  ASSERT_OK(found);
  ASSERT_TRUE(found.value().has_value());
  EXPECT_EQ(found.value()->ri(), "tk1");
}

TEST_F(AuthorizationIndexTest, IndexesOnlyRolesAndTokensWithValidIds) {
  Resource cnt;
  cnt.attributes = {{"ty", 3}, {"ri", "cnt1"}, {"rn", "c"}, {"pi", "id-in"}, {"_p", "cse-in/c"},
                    {"rlid", "r@issuer.com"}, {"tkid", "r@issuer.com"}};
  insert(cnt);
  insert(role("rolX", "not a role id"));
  insert(token("tkX", "bad/id@issuer.com"));
  auto it = store_.newIterator();
  for (const char* prefix : {"ro/", "tk/"}) {
    it->seek(prefix);
    EXPECT_FALSE(it->valid() && it->key().starts_with(prefix)) << std::string(it->key());
  }
  auto roles = repository_.rolesByRoleId("r@issuer.com");
  ASSERT_OK(roles);
  EXPECT_TRUE(roles.value().empty());
}

TEST_F(AuthorizationIndexTest, AnswersNothingForMalformedIdsWithoutTouchingTheStore) {
  insert(role("rol1", "reader@role-issuer.com"));
  store_.fail_iterators_ = true;
  store_.fail_gets_ = true;
  for (std::string_view bad : {"", "reader", "reader@role-issuer.com/rol1", "/", "@",
                               "reader@role-issuer.com/"}) {
    auto roles = repository_.rolesByRoleId(bad);
    ASSERT_OK(roles);
    EXPECT_TRUE(roles.value().empty()) << bad;
    auto tokens = repository_.tokenByTokenId(bad);
    ASSERT_OK(tokens);
    EXPECT_FALSE(tokens.value().has_value()) << bad;
  }
}

TEST_F(AuthorizationIndexTest, SurfacesStorageFaultsAs5000) {
  insert(role("rol1", "reader@role-issuer.com"));
  insert(token("tk1", "t1@das.example.com"));
  store_.fail_gets_ = true;
  ASSERT_RSC(repository_.rolesByRoleId("reader@role-issuer.com"), Rsc::kInternalServerError);
  ASSERT_RSC(repository_.tokenByTokenId("t1@das.example.com"), Rsc::kInternalServerError);
  store_.fail_gets_ = false;
  store_.fail_iterators_ = true;
  ASSERT_RSC(repository_.rolesByRoleId("reader@role-issuer.com"), Rsc::kInternalServerError);
  ASSERT_RSC(repository_.tokenByTokenId("t1@das.example.com"), Rsc::kInternalServerError);
}

TEST_F(AuthorizationIndexTest, RefusesAnIndexEntryThatDisagreesWithItsRecord) {
  insert(role("rol1", "reader@role-issuer.com"));
  storage::WriteBatch batch;
  batch.put(keys::roleEntry("writer@role-issuer.com", "rol1"), "rol1");  // damaged store
  batch.put(keys::tokenEntry("t1@das.example.com", "rol1"), "rol1");     // not a token
  batch.put(keys::roleEntry("broken@role-issuer.com", "rol9"), "rol9");
  batch.put(keys::resource("rol9"), "\xff\xff");                          // corrupt record
  ASSERT_OK(repository_.commit(batch));
  auto mismatch = repository_.rolesByRoleId("writer@role-issuer.com");
  ASSERT_RSC(mismatch, Rsc::kInternalServerError);
  EXPECT_EQ(mismatch.status().reason(), "store.index_mismatch");
  ASSERT_RSC(repository_.tokenByTokenId("t1@das.example.com"), Rsc::kInternalServerError);
  ASSERT_RSC(repository_.rolesByRoleId("broken@role-issuer.com"), Rsc::kInternalServerError);
}

TEST_F(AuthorizationIndexTest, SkipsAnEntryWhoseRecordWasDeletedMeanwhile) {
  // The iterator's snapshot may list a role that a concurrent DELETE has just removed; the
  // record is gone, so the role is simply no longer there.
  insert(role("rol2", "reader@role-issuer.com"));
  storage::WriteBatch batch;
  batch.put(keys::roleEntry("reader@role-issuer.com", "rol1"), "rol1");
  ASSERT_OK(repository_.commit(batch));
  auto found = repository_.rolesByRoleId("reader@role-issuer.com");
  ASSERT_OK(found);
  EXPECT_EQ(risOf(found.value()), std::vector<std::string>{"rol2"});
}

TEST(AuthorizationKeyLayoutTest, BuildsRoleAndTokenKeys) {
  EXPECT_EQ(keys::roleEntry("r@issuer.com", "rol1"), "ro/r@issuer.com/rol1");
  EXPECT_EQ(keys::tokenEntry("t@issuer.com", "tk1"), "tk/t@issuer.com/tk1");
  // '/' ends the ID: a longer ID never shares the range of a shorter one.
  EXPECT_FALSE(
      keys::roleEntry("a@issuer.com.cn", "r").starts_with(keys::rolePrefix("a@issuer.com")));
  // Neither range overlaps the record ("r/") or type ("t/") ranges.
  EXPECT_FALSE(keys::rolePrefix("a@b").starts_with("r/"));
  EXPECT_FALSE(keys::tokenPrefix("a@b").starts_with("t/"));
}

}  // namespace
}  // namespace citadel::resources
