// Issue 24 #18, location and geo-query (Release 4), through the real HTTP (and CoAP) binding.
// Expectations come from ACME's policy tables (shared/reference/acme-policies: `loc` m2m:
// geoCoordinates on AE, CSEBase, container, contentInstance…, optional on CREATE and UPDATE;
// m2m:geoCoordinates {typ m2m:geometryType, crd geoJsonCoordinate}, both mandatory; filter
// criteria gmty, geom, gsf with m2m:geometryType 1 Point … 6 MultiPolygon and
// m2m:geoSpatialFunctionType 1 Within, 2 Contains, 3 Intersects) and from GeoJSON (RFC 7946
// §3.1: crd/geom is the "coordinates" member, here carried as a JSON string). Within: the
// resource's location lies within the query geometry; Contains: it contains the query
// geometry; Intersects: they share a point. A resource without loc never matches.
//
// Each discovery test builds its own tree under its own AE (names sort as created):
//   <ae>/c1        container  loc Point [1,1]
//   <ae>/c1/i1     instance   loc Point [2,2]
//   <ae>/c2        container  loc Point [5,5]
//   <ae>/c3        container  loc Polygon, the square 0..4
//   <ae>/c4        container  loc LineString [3,3]–[8,8]
//   <ae>/c5        container  no loc
//   <ae>/c6        container  loc Point [20,20]
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "tests/support/coap_client.h"
#include "tests/support/cse_fixture.h"

namespace citadel::testing {
namespace {

Json loc(int typ, const std::string& crd) { return {{"typ", typ}, {"crd", crd}}; }

// The query value of `text` for an HTTP URL (brackets, commas and spaces percent-encoded).
std::string encoded(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_') {
      out.push_back(static_cast<char>(c));
    } else {
      char buffer[4];
      std::snprintf(buffer, sizeof buffer, "%%%02X", c);
      out += buffer;
    }
  }
  return out;
}

// The query square 0..6, and the square 0..4 stored as c3's location.
const char* kQuerySquare = "[[[0,0],[6,0],[6,6],[0,6],[0,0]]]";
const char* kSquare4 = "[[[0,0],[4,0],[4,4],[0,4],[0,0]]]";

class ConformanceGeoTest : public CseFixture {
 protected:
  static void SetUpTestSuite() { startCse({"--coap.enabled=true", "--coap.port=0"}); }

  void SetUp() override {
    CseFixture::SetUp();
    if (HasFatalFailure()) return;
    ae_ = registerAe();
    base_ = ae_.path.substr(1);
  }

  void buildTree() {
    auto container = [&](const std::string& rn, const Json& location) {
      Json attributes = {{"rn", rn}};
      if (!location.is_null()) attributes["loc"] = location;
      ASSERT_FALSE(createContainer(ae_.id, ae_.path, attributes).empty()) << rn;
    };
    container("c1", loc(1, "[1,1]"));
    ASSERT_EQ(createCin(ae_.id, ae_.path + "/c1", "x", {{"rn", "i1"}, {"loc", loc(1, "[2,2]")}})
                  .rsc,
              2001);
    container("c2", loc(1, "[5,5]"));
    container("c3", loc(3, kSquare4));
    container("c4", loc(2, "[[3,3],[8,8]]"));
    container("c5", Json());
    container("c6", loc(1, "[20,20]"));
  }

  std::string p(const std::string& relative) const { return base_ + "/" + relative; }

  std::string geoQuery(int gmty, const std::string& geom, int gsf) const {
    return "gmty=" + std::to_string(gmty) + "&geom=" + encoded(geom) +
           "&gsf=" + std::to_string(gsf);
  }

  // The m2m:uril of a discovery (fu=1) from the test's AE with `query`; null on failure.
  Json discover(const std::string& query) {
    HttpResult r = http().retrieve(ae_.id, ae_.path, "fu=1&" + query);
    EXPECT_EQ(r.rsc, 2000) << query << ": " << r;
    return r.json.value("m2m:uril", Json());
  }

  Json attributeOf(const std::string& path, const std::string& name) {
    Json resource = http().retrieve(ae_.id, path).resource();
    return resource.is_object() ? resource.value(name, Json()) : Json();
  }

  Ae ae_;
  std::string base_;
};

// loc is accepted on CREATE, stored and returned as sent on <AE>, <container> and
// <contentInstance>, changed and removed (null) by UPDATE where the type is updatable.
TEST_F(ConformanceGeoTest, LocationIsStoredAndReturnedOnEveryTypeThatHasIt) {
  std::string name = uniqueName("ae");
  Json point = loc(1, "[139.6917, 35.6895]");
  Json ae = {{"rn", name}, {"api", "N" + name}, {"rr", false}, {"srv", {"3"}}, {"loc", point}};
  HttpResult created = http().create("C" + name, kCseBase, 2, {{"m2m:ae", ae}});
  ASSERT_EQ(created.rsc, 2001) << created;
  EXPECT_EQ(created.resource().value("loc", Json()), point);
  std::string ae_path = std::string(kCseBase) + "/" + name;
  EXPECT_EQ(http().retrieve("C" + name, ae_path).resource().value("loc", Json()), point);

  Json multipoint = loc(4, "[[1,2],[3,4,5]]");
  HttpResult updated = http().update("C" + name, ae_path, {{"m2m:ae", {{"loc", multipoint}}}});
  ASSERT_EQ(updated.rsc, 2004) << updated;
  EXPECT_EQ(http().retrieve("C" + name, ae_path).resource().value("loc", Json()), multipoint);

  Json polygon = loc(3, kSquare4);
  std::string cnt = createContainer(ae_.id, ae_.path, {{"rn", "located"}, {"loc", polygon}});
  ASSERT_FALSE(cnt.empty());
  EXPECT_EQ(attributeOf(cnt, "loc"), polygon);
  Json multipolygon = loc(6, "[[[[0,0],[1,0],[1,1],[0,0]]],[[[5,5],[6,5],[6,6],[5,5]]]]");
  ASSERT_EQ(http().update(ae_.id, cnt, {{"m2m:cnt", {{"loc", multipolygon}}}}).rsc, 2004);
  EXPECT_EQ(attributeOf(cnt, "loc"), multipolygon);
  ASSERT_EQ(http().update(ae_.id, cnt, {{"m2m:cnt", {{"loc", nullptr}}}}).rsc, 2004);
  EXPECT_EQ(attributeOf(cnt, "loc"), Json()) << "null removes the location";

  Json line = loc(5, "[[[0,0],[1,1]],[[2,2],[3,3]]]");
  HttpResult cin = createCin(ae_.id, cnt, "v", {{"rn", "reading"}, {"loc", line}});
  ASSERT_EQ(cin.rsc, 2001) << cin;
  EXPECT_EQ(attributeOf(cnt + "/reading", "loc"), line);

  // The CSEBase is read-only over the API: its loc cannot be written.
  HttpResult cse_update =
      http().update(kAdmin, kCseBase, {{"m2m:cb", {{"loc", loc(1, "[1,2]")}}}});
  EXPECT_NE(cse_update.rsc, 2004) << cse_update;
  EXPECT_EQ(http().retrieve(kAdmin, kCseBase).resource().value("loc", Json()), Json());
}

// A loc that is no m2m:geoCoordinates, or whose coordinates do not fit its type, is 4000 with
// a dbg that says what is wrong, and nothing is stored.
TEST_F(ConformanceGeoTest, BadLocationIsRefusedAndNothingStored) {
  struct Case {
    Json location;
    const char* mentions;
  };
  const Case cases[] = {
      {loc(0, "[1,2]"), "geometryType"},
      {loc(7, "[1,2]"), "geometryType"},
      {loc(1, "[1]"), "2 or 3 numbers"},
      {loc(1, "[\"1\",2]"), "numbers only"},
      {loc(1, "1,2"), "not a JSON array"},
      {loc(1, "[[1,2]]"), "nested deeper"},
      {loc(2, "[[1,2]]"), "at least 2 positions"},
      {loc(3, "[[[0,0],[1,0],[1,1],[0,1]]]"), "closed"},
      {loc(3, "[[[0,0],[1,0],[0,0]]]"), "at least 4 positions"},
      {Json{{"typ", 1}}, "crd is mandatory"},
      {Json{{"crd", "[1,2]"}}, "typ is mandatory"},
      {Json{{"typ", 1}, {"crd", Json::array({1, 2})}}, "crd is mandatory"},
      {Json("[1,2]"), "expected an object"},
  };
  for (const Case& c : cases) {
    std::string rn = uniqueName("bad");
    HttpResult r = http().create(ae_.id, ae_.path, 3,
                                 {{"m2m:cnt", {{"rn", rn}, {"loc", c.location}}}});
    EXPECT_EQ(r.rsc, 4000) << c.location.dump() << ": " << r;
    EXPECT_NE(r.dbg().find("loc"), std::string::npos) << r.dbg();
    EXPECT_NE(r.dbg().find(c.mentions), std::string::npos) << c.location.dump() << ": " << r.dbg();
    EXPECT_EQ(http().retrieve(ae_.id, ae_.path + "/" + rn).rsc, 4004) << rn << " was stored";
  }
  // On an <AE> and a <contentInstance> too.
  std::string name = uniqueName("ae");
  Json ae = {{"rn", name}, {"api", "N" + name}, {"rr", false}, {"srv", {"3"}},
             {"loc", loc(3, "[1,2]")}};
  HttpResult r = http().create("C" + name, kCseBase, 2, {{"m2m:ae", ae}});
  EXPECT_EQ(r.rsc, 4000) << r;
  EXPECT_EQ(http().retrieve(kAdmin, std::string(kCseBase) + "/" + name).rsc, 4004);
  std::string cnt = createContainer(ae_.id, ae_.path, {{"rn", "data"}});
  HttpResult cin = createCin(ae_.id, cnt, "v", {{"rn", "bad"}, {"loc", loc(1, "[1,2,3,4]")}});
  EXPECT_EQ(cin.rsc, 4000) << cin;
  EXPECT_EQ(http().retrieve(ae_.id, cnt + "/bad").rsc, 4004);
  // A bad UPDATE leaves the stored location alone.
  ASSERT_EQ(http().update(ae_.id, cnt, {{"m2m:cnt", {{"loc", loc(1, "[1,2]")}}}}).rsc, 2004);
  HttpResult bad_update = http().update(ae_.id, cnt, {{"m2m:cnt", {{"loc", loc(2, "[1,2]")}}}});
  EXPECT_EQ(bad_update.rsc, 4000) << bad_update;
  EXPECT_EQ(attributeOf(cnt, "loc"), loc(1, "[1,2]"));
}

// gsf 1 (Within) against a polygon and a point.
TEST_F(ConformanceGeoTest, DiscoveryWithinPolygonAndPoint) {
  buildTree();
  // Points inside, the square 0..4 (sharing two edges with 0..6), not the line leaving it.
  EXPECT_EQ(discover(geoQuery(3, kQuerySquare, 1)),
            Json::array({p("c1"), p("c1/i1"), p("c2"), p("c3")}));
  EXPECT_EQ(discover(geoQuery(1, "[20,20]", 1)), Json::array({p("c6")}));
  // A point on the square's edge is not within it (GeoJSON/OGC "within").
  EXPECT_EQ(discover(geoQuery(3, "[[[1,1],[5,1],[5,5],[1,5],[1,1]]]", 1)),
            Json::array({p("c1/i1")}));
}

// gsf 2 (Contains): the resource's geometry contains the query geometry.
TEST_F(ConformanceGeoTest, DiscoveryContainsPointAndPolygon) {
  buildTree();
  EXPECT_EQ(discover(geoQuery(1, "[2,2]", 2)), Json::array({p("c1/i1"), p("c3")}));
  EXPECT_EQ(discover(geoQuery(3, "[[[1,1],[2,1],[2,2],[1,1]]]", 2)), Json::array({p("c3")}));
  EXPECT_EQ(discover(geoQuery(2, "[[4,4],[6,6]]", 2)), Json::array({p("c4")}));
  EXPECT_EQ(discover(geoQuery(3, kQuerySquare, 2)), Json::array());
}

// gsf 3 (Intersects): any shared point, boundaries included.
TEST_F(ConformanceGeoTest, DiscoveryIntersectsPointAndPolygon) {
  buildTree();
  EXPECT_EQ(discover(geoQuery(1, "[4,4]", 3)), Json::array({p("c3"), p("c4")}));
  EXPECT_EQ(discover(geoQuery(3, kQuerySquare, 3)),
            Json::array({p("c1"), p("c1/i1"), p("c2"), p("c3"), p("c4")}));
  EXPECT_EQ(discover(geoQuery(2, "[[0,10],[10,0]]", 3)), Json::array({p("c2"), p("c4")}));
  EXPECT_EQ(discover(geoQuery(1, "[100,100]", 3)), Json::array());
  // Combined with other conditions (AND): only contentInstances.
  EXPECT_EQ(discover("ty=4&" + geoQuery(3, kQuerySquare, 3)), Json::array({p("c1/i1")}));
}

// Conditional retrieval (fu=2): the target matches or the request is 4004.
TEST_F(ConformanceGeoTest, FilteredRetrieveMatchesTheTargetsLocation) {
  buildTree();
  HttpResult hit = http().retrieve(ae_.id, ae_.path + "/c1", geoQuery(3, kQuerySquare, 1));
  EXPECT_EQ(hit.rsc, 2000) << hit;
  EXPECT_EQ(hit.resource().value("rn", ""), "c1");
  HttpResult miss = http().retrieve(ae_.id, ae_.path + "/c6", geoQuery(3, kQuerySquare, 1));
  EXPECT_EQ(miss.rsc, 4004) << miss;
  HttpResult unlocated = http().retrieve(ae_.id, ae_.path + "/c5", geoQuery(3, kQuerySquare, 3));
  EXPECT_EQ(unlocated.rsc, 4004) << "no loc, no match: " << unlocated;
}

// gmty, geom and gsf go together and are validated like loc: 4000 naming the problem.
TEST_F(ConformanceGeoTest, IncompleteOrBadGeoQueryIsRefused) {
  buildTree();
  struct Case {
    std::string query;
    const char* mentions;
  };
  const Case cases[] = {
      {"gmty=1&geom=" + encoded("[1,2]"), "gsf"},
      {"gmty=1&gsf=1", "geom"},
      {"geom=" + encoded("[1,2]") + "&gsf=1", "gmty"},
      {geoQuery(1, "[1,2]", 4), "gsf"},
      {geoQuery(1, "[1,2]", 0), "gsf"},
      {geoQuery(9, "[1,2]", 1), "geometryType"},
      {geoQuery(1, "[1]", 1), "2 or 3 numbers"},
      {geoQuery(3, "[[[0,0],[1,0],[1,1],[0,1]]]", 1), "closed"},
      {geoQuery(2, "not json", 1), "not a JSON array"},
      {"gmty=x&geom=" + encoded("[1,2]") + "&gsf=1", "gmty"},
  };
  for (const Case& c : cases) {
    HttpResult r = http().retrieve(ae_.id, ae_.path, "fu=1&" + c.query);
    EXPECT_EQ(r.rsc, 4000) << c.query << ": " << r;
    EXPECT_NE(r.dbg().find(c.mentions), std::string::npos) << c.query << ": " << r.dbg();
  }
}

// The same query over CoAP: each parameter is one Uri-Query option, not percent-encoded.
TEST_F(ConformanceGeoTest, DiscoveryOverCoapUriQuery) {
  buildTree();
  uint16_t port = pointOfAccessPort("coap");
  ASSERT_NE(port, 0);
  CoapClient coap(port);
  CoapResult r = coap.retrieve(ae_.id, ae_.path,
                               std::string("fu=1&gmty=3&geom=") + kQuerySquare + "&gsf=1");
  ASSERT_EQ(r.rsc, 2000) << r;
  EXPECT_EQ(r.json.value("m2m:uril", Json()),
            Json::array({p("c1"), p("c1/i1"), p("c2"), p("c3")}));
  CoapResult bad = coap.retrieve(ae_.id, ae_.path, "fu=1&gmty=3&gsf=1");
  EXPECT_EQ(bad.rsc, 4000) << bad;
}

// The CSEBase cannot be updated (TS-0004 §7.4.3.2.3); its loc comes from the configuration
// (cse.location) and is matched like any other.
class ConformanceGeoCseBaseTest : public CseFixture {
 protected:
  static void SetUpTestSuite() {
    startCse({R"(--cse.location={"typ":3,"crd":"[[[0,0],[10,0],[10,10],[0,10],[0,0]]]"})"});
  }
};

TEST_F(ConformanceGeoCseBaseTest, CseBaseCarriesTheConfiguredLocation) {
  HttpResult cb = http().retrieve(kAdmin, kCseBase);
  ASSERT_EQ(cb.rsc, 2000) << cb;
  EXPECT_EQ(cb.resource().value("loc", Json()),
            loc(3, "[[[0,0],[10,0],[10,10],[0,10],[0,0]]]"));
  HttpResult hit = http().retrieve(kAdmin, kCseBase, "gmty=1&geom=" + encoded("[5,5]") + "&gsf=2");
  EXPECT_EQ(hit.rsc, 2000) << hit;
  HttpResult miss =
      http().retrieve(kAdmin, kCseBase, "gmty=1&geom=" + encoded("[50,50]") + "&gsf=3");
  EXPECT_EQ(miss.rsc, 4004) << miss;
}

}  // namespace
}  // namespace citadel::testing
