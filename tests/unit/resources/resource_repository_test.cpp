// ResourceRepository on a MemoryStore: records, the name / type / label / expiry indexes that
// stageIndexes, stageRemove and stageIndexChanges keep in step, and the Resource helpers.
#include "resources/resource_repository.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "resources/key_layout.h"
#include "storage/memory_store.h"
#include "tests/support/status_macros.h"

namespace citadel::resources {
namespace {

using model::Json;
using model::Rsc;

Resource containerRecord(const std::string& ri, const std::string& rn, Json extra = Json::object()) {
  Resource r;
  r.attributes = {{"ty", 3}, {"ri", ri}, {"rn", rn}, {"pi", "id-in"}, {"_p", "cse-in/" + rn}};
  r.attributes.update(extra);
  return r;
}

class ResourceRepositoryTest : public ::testing::Test {
 protected:
  void insert(const Resource& r) {
    storage::WriteBatch batch;
    ResourceRepository::stagePut(batch, r);
    ResourceRepository::stageIndexes(batch, r);
    ASSERT_OK(repository_.commit(batch));
  }

  bool has(const std::string& key) {
    std::string value;
    return store_.get(key, &value).isOk();
  }

  storage::MemoryStore store_;
  ResourceRepository repository_{store_};
};

TEST_F(ResourceRepositoryTest, LoadsWhatWasStored) {
  insert(containerRecord("cnt1", "data", {{"lbl", {"a"}}, {"mni", 5}}));
  auto loaded = repository_.load("cnt1");
  ASSERT_OK(loaded);
  EXPECT_EQ(loaded.value().rn(), "data");
  EXPECT_EQ(loaded.value().intAttribute("mni", 0), 5);
  EXPECT_EQ(loaded.value().path(), "cse-in/data");
}

TEST_F(ResourceRepositoryTest, AnswersNotFoundForMissingResource) {
  auto loaded = repository_.load("nothing");
  ASSERT_RSC(loaded, Rsc::kNotFound);
  EXPECT_EQ(loaded.status().reason(), "target.not_found");
}

TEST_F(ResourceRepositoryTest, FindsChildByName) {
  insert(containerRecord("cnt1", "data"));
  auto found = repository_.findChild("id-in", "data");
  ASSERT_OK(found);
  EXPECT_EQ(found.value(), std::optional<std::string>("cnt1"));
  auto missing = repository_.findChild("id-in", "other");
  ASSERT_OK(missing);
  EXPECT_FALSE(missing.value().has_value());
}

TEST_F(ResourceRepositoryTest, ListsChildrenInNameOrderUpToLimit) {
  insert(containerRecord("cnt3", "c"));
  insert(containerRecord("cnt1", "a"));
  insert(containerRecord("cnt2", "b"));
  auto all = repository_.childIds("id-in", 100);
  ASSERT_OK(all);
  EXPECT_EQ(all.value(), (std::vector<std::string>{"cnt1", "cnt2", "cnt3"}));
  auto two = repository_.childIds("id-in", 2);
  ASSERT_OK(two);
  EXPECT_EQ(two.value().size(), 2u);
  auto none = repository_.childIds("cnt1", 100);
  ASSERT_OK(none);
  EXPECT_TRUE(none.value().empty());
}

TEST_F(ResourceRepositoryTest, PagesThroughChildrenWithoutGapsOrRepeats) {
  for (const char* rn : {"e", "a", "d", "b", "c"}) {
    insert(containerRecord(std::string("cnt-") + rn, rn));
  }
  std::vector<std::string> seen;
  std::string after;
  int pages = 0;
  do {
    auto page = repository_.childIdPage("id-in", after, 2);
    ASSERT_OK(page);
    EXPECT_LE(page.value().ids.size(), 2u);
    seen.insert(seen.end(), page.value().ids.begin(), page.value().ids.end());
    after = page.value().next;
    ++pages;
  } while (!after.empty());
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, (std::vector<std::string>{"cnt-a", "cnt-b", "cnt-c", "cnt-d", "cnt-e"}));
  std::vector<std::string> all;
  ASSERT_OK(repository_.appendChildIds("id-in", &all));
  EXPECT_EQ(all, seen);
  auto exact = repository_.childIdPage("id-in", "", 5);  // a full last page ends the scan
  ASSERT_OK(exact);
  EXPECT_TRUE(exact.value().next.empty());
}

TEST_F(ResourceRepositoryTest, ScansTypeLabelAndExpiryIndexesWithinBounds) {
  insert(containerRecord("cnt1", "a", {{"lbl", {"hot"}}, {"et", "20200101T000000"}}));
  insert(containerRecord("cnt2", "b", {{"lbl", {"hot"}}, {"et", "20990101T000000"}}));
  auto typed = repository_.typeIdPage(model::ResourceType::kContainer, "cse-in/", "", 1);
  ASSERT_OK(typed);
  EXPECT_EQ(typed.value().ids, std::vector<std::string>{"cnt1"});
  auto rest = repository_.typeIdPage(model::ResourceType::kContainer, "cse-in/",
                                     typed.value().next, 1);
  ASSERT_OK(rest);
  EXPECT_EQ(rest.value().ids, std::vector<std::string>{"cnt2"});
  EXPECT_TRUE(rest.value().next.empty());
  auto labelled = repository_.labelIdPage("hot", "cse-in/", "", 10);
  ASSERT_OK(labelled);
  EXPECT_EQ(labelled.value().ids, (std::vector<std::string>{"cnt1", "cnt2"}));
  auto expired = repository_.expiredIds("20240229T123456", 10);
  ASSERT_OK(expired);
  EXPECT_EQ(expired.value(), std::vector<std::string>{"cnt1"});
  auto none = repository_.expiredIds("20240229T123456", 0);
  ASSERT_OK(none);
  EXPECT_TRUE(none.value().empty());
}

TEST_F(ResourceRepositoryTest, WritesEveryIndexOfANewResource) {
  insert(containerRecord("cnt1", "data", {{"lbl", {"room/1", "hot"}}, {"et", "20991231T235959"}}));
  EXPECT_TRUE(has(keys::child("id-in", "data")));
  EXPECT_TRUE(has(keys::typeEntry(3, "cse-in/data")));
  EXPECT_TRUE(has(keys::labelEntry("room/1", "cse-in/data")));
  EXPECT_TRUE(has(keys::labelEntry("hot", "cse-in/data")));
  EXPECT_TRUE(has(keys::expiryEntry("20991231T235959", "cnt1")));
}

TEST_F(ResourceRepositoryTest, RemovesRecordAndEveryIndex) {
  Resource r = containerRecord("cnt1", "data", {{"lbl", {"hot"}}, {"et", "20991231T235959"}});
  insert(r);
  storage::WriteBatch batch;
  ResourceRepository::stageRemove(batch, r);
  ASSERT_OK(repository_.commit(batch));
  auto it = store_.newIterator();
  it->seek("");
  EXPECT_FALSE(it->valid()) << "left behind: " << (it->valid() ? std::string(it->key()) : "");
}

TEST_F(ResourceRepositoryTest, MovesLabelAndExpiryIndexesOnUpdate) {
  Resource before = containerRecord("cnt1", "data", {{"lbl", {"a", "b"}}, {"et", "20991231T235959"}});
  insert(before);
  Resource after = before;
  after.attributes["lbl"] = {"b", "c"};
  after.attributes["et"] = "20981231T000000";
  storage::WriteBatch batch;
  ResourceRepository::stageIndexChanges(batch, before, after);
  ASSERT_OK(repository_.commit(batch));
  EXPECT_FALSE(has(keys::labelEntry("a", "cse-in/data")));
  EXPECT_TRUE(has(keys::labelEntry("b", "cse-in/data")));  // kept: deleted, then put back
  EXPECT_TRUE(has(keys::labelEntry("c", "cse-in/data")));
  EXPECT_FALSE(has(keys::expiryEntry("20991231T235959", "cnt1")));
  EXPECT_TRUE(has(keys::expiryEntry("20981231T000000", "cnt1")));
}

TEST_F(ResourceRepositoryTest, StagesNothingWhenIndexedAttributesAreUnchanged) {
  Resource before = containerRecord("cnt1", "data", {{"lbl", {"a"}}});
  Resource after = before;
  after.attributes["mni"] = 3;
  storage::WriteBatch batch;
  ResourceRepository::stageIndexChanges(batch, before, after);
  EXPECT_TRUE(batch.empty());
}

TEST(KeyLayoutIndexTest, BuildsTypeLabelAndExpiryKeys) {
  EXPECT_EQ(keys::typePrefix(3), "t/00003/");
  EXPECT_EQ(keys::typeEntry(65535, "cse-in/x"), "t/65535/cse-in/x");
  EXPECT_EQ(keys::labelEntry("a/b", "cse-in/x"), std::string("l/a/b\0cse-in/x", 14));
  EXPECT_EQ(keys::expiryEntry("20240229T123456", "cnt1"), "e/20240229T123456/cnt1");
  // A label that is a prefix of another never shares its range: NUL ends the label.
  EXPECT_FALSE(keys::labelEntry("ab", "p").starts_with(keys::labelPrefix("a")));
  // Expiry keys sort by time.
  EXPECT_LT(keys::expiryEntry("20240229T123456", "z"), keys::expiryEntry("20240229T123457", "a"));
}

TEST(ResourceRecordTest, RoundTripsThroughCbor) {
  Resource r = containerRecord("cnt1", "data", {{"lbl", {"x"}}, {"_cr", "Clamp"}});
  auto decoded = decodeRecord(encodeRecord(r));
  ASSERT_OK(decoded);
  EXPECT_EQ(decoded.value().attributes, r.attributes);
}

TEST(ResourceRecordTest, ReportsCorruptRecordAsInternalError) {
  for (std::string bytes : {std::string("\xff"), std::string("\x83\x01"), std::string("\x01")}) {
    auto decoded = decodeRecord(bytes);
    ASSERT_RSC(decoded, Rsc::kInternalServerError);
    EXPECT_EQ(decoded.status().reason(), "store.corrupt_record");
  }
}

TEST(ResourceRecordTest, HidesInternalFieldsFromClients) {
  Resource r = containerRecord("cnt1", "data", {{"_cr", "Clamp"}, {"_old", 4}});
  Json visible = publicAttributes(r);
  EXPECT_FALSE(visible.contains("_cr"));
  EXPECT_FALSE(visible.contains("_p"));
  EXPECT_FALSE(visible.contains("_old"));
  EXPECT_EQ(visible["rn"], "data");
  EXPECT_EQ(r.creator(), "Clamp");
}

TEST(ResourceRecordTest, ReadsAcpiAndIntegersDefensively) {
  Resource r;
  r.attributes = {{"acpi", {"a", 1, "b"}}, {"mni", "10"}, {"cni", 3}};
  EXPECT_EQ(r.acpi(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(r.intAttribute("mni", -1), -1);  // not an integer
  EXPECT_EQ(r.intAttribute("cni", -1), 3);
  EXPECT_EQ(r.intAttribute("absent", 7), 7);
  Resource no_acpi;
  no_acpi.attributes = {{"acpi", "not a list"}};
  EXPECT_TRUE(no_acpi.acpi().empty());
  EXPECT_EQ(Resource{}.type(), static_cast<model::ResourceType>(0));
}

}  // namespace
}  // namespace citadel::resources
