// model::jsonBytes (cse/model/json_size.h): close to the compact serialisation, never below the
// bytes its strings hold.
#include "cse/model/json_size.h"

#include <gtest/gtest.h>

namespace citadel::model {
namespace {

TEST(JsonSizeTest, CountsStringsNamesAndSeparators) {
  EXPECT_EQ(jsonBytes(Json("abc")), 5u);
  EXPECT_EQ(jsonBytes(Json::object()), 2u);
  Json nested = {{"m2m:cin", {{"con", std::string(1000, 'x')}, {"cs", 1000}}}};
  size_t bytes = jsonBytes(nested);
  EXPECT_GE(bytes, nested.dump().size() - 8);
  EXPECT_LE(bytes, nested.dump().size() + 16);
}

TEST(JsonSizeTest, CountsEveryElementOfAnArray) {
  Json list = Json::array();
  for (int i = 0; i < 100; ++i) list.push_back(std::string(10, 'a'));
  EXPECT_GE(jsonBytes(list), 100u * 12);
}

}  // namespace
}  // namespace citadel::model
