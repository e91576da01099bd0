// Issue 24, "Validation that is missing": values the spec's data types refuse, sent through HTTP
// to the real binary. Each bad value must answer 4000 (or the code the clause names) with a dbg
// naming the attribute and the rule, and store nothing; the valid forms of the same tables are
// accepted. Expected values come from the spec's tables, not from the code.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/cse_fixture.h"

namespace citadel::testing {
namespace {

class ConformanceValidationTest : public CseFixture {
 protected:
  // `rsc`, and a dbg that names every string in `mentions`.
  static void expectRefused(const HttpResult& r, int rsc,
                            std::initializer_list<std::string_view> mentions) {
    EXPECT_EQ(r.rsc, rsc) << r;
    for (std::string_view m : mentions) {
      EXPECT_NE(r.dbg().find(m), std::string::npos) << "dbg does not name '" << m << "': " << r;
    }
  }
  // Nothing was stored under `path`.
  void expectAbsent(const std::string& originator, const std::string& path) {
    EXPECT_EQ(http().retrieve(originator, path).rsc, 4004) << path << " was stored";
  }
};

// m2m:labels (TS-0004 Table 6.3.3-1): a list of xs:token (Table 6.3.2-1: no CR, LF or tab, no
// leading or trailing space, no run of two spaces) with at least one member.
TEST_F(ConformanceValidationTest, LabelsMustBeTokens) {
  Ae ae = registerAe();
  const Json bad_lists[] = {Json{" lead"},  Json{"trail "},    Json{"two  spaces"},
                            Json{"ok", ""}, Json{"tab\there"}, Json{"line\nfeed"},
                            Json::array()};
  for (const Json& lbl : bad_lists) {
    std::string rn = uniqueName("cnt");
    expectRefused(http().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"rn", rn}, {"lbl", lbl}}}}), 4000,
                  {"lbl"});
    expectAbsent(ae.id, ae.path + "/" + rn);
  }
  std::string cnt = createContainer(ae.id, ae.path, {{"lbl", {"old"}}});
  ASSERT_FALSE(cnt.empty());
  for (const Json& lbl : bad_lists) {
    expectRefused(http().update(ae.id, cnt, {{"m2m:cnt", {{"lbl", lbl}}}}), 4000, {"lbl"});
    EXPECT_EQ(http().retrieve(ae.id, cnt).resource()["lbl"], Json({"old"})) << lbl.dump();
  }
  // The forms of Table 6.3.3-1's example: key-only and key:value, and single inner spaces.
  Json good = {"printers", "networkwifi1", "domain:home", "color:red", "a b c"};
  HttpResult updated = http().update(ae.id, cnt, {{"m2m:cnt", {{"lbl", good}}}});
  EXPECT_EQ(updated.rsc, 2004) << updated;
  EXPECT_EQ(http().retrieve(ae.id, cnt).resource()["lbl"], good);
  std::string created = createContainer(ae.id, ae.path, {{"lbl", good}});
  EXPECT_FALSE(created.empty());
}

}  // namespace
}  // namespace citadel::testing
