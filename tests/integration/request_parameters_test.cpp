// Request parameters carried in HTTP headers (TS-0004 §7.2.1.1 / §7.3.3.x, TS-0009 §6.4; spec
// digest primitives.md §1, bindings.md §2): rqet (X-M2M-RET), rset (X-M2M-RST), oet
// (X-M2M-OET), rvi (X-M2M-RVI), ec (X-M2M-EC) and vsi (X-M2M-VSI).
#include <gtest/gtest.h>

#include <chrono>

#include "tests/support/cse_fixture.h"
#include "tests/support/timestamps.h"

namespace citadel::testing {
namespace {

using namespace std::chrono_literals;

class RequestParametersTest : public CseFixture {
 protected:
  void SetUp() override {
    CseFixture::SetUp();
    if (HasFatalFailure()) {
      return;
    }
    ae_ = registerAe();
  }

  // A RETRIEVE of the test's AE with the mandatory headers plus `extra`. `rvi` replaces the
  // default "3" ("" leaves X-M2M-RVI out).
  HttpResult get(const HeaderList& extra, const std::string& rvi = "3") {
    HeaderList h = {{"X-M2M-Origin", ae_.id}, {"X-M2M-RI", HttpClient::nextRequestId()}};
    if (!rvi.empty()) {
      h.emplace_back("X-M2M-RVI", rvi);
    }
    h.insert(h.end(), extra.begin(), extra.end());
    return http().raw("GET", ae_.path, h);
  }
  HttpResult createContainerWith(const HeaderList& extra, const std::string& rn) {
    HeaderList h = {{"X-M2M-Origin", ae_.id},
                    {"X-M2M-RI", HttpClient::nextRequestId()},
                    {"X-M2M-RVI", "3"},
                    {"Content-Type", "application/json;ty=3"}};
    h.insert(h.end(), extra.begin(), extra.end());
    return http().raw("POST", ae_.path, h, Json{{"m2m:cnt", {{"rn", rn}}}}.dump());
  }

  Ae ae_;
};

TEST_F(RequestParametersTest, AnswersRequestTimeoutWhenRequestExpirationHasPassed) {
  HttpResult r = get({{"X-M2M-RET", timestampFromNow(-60s)}});
  EXPECT_EQ(r.rsc, 4008) << r;
  EXPECT_EQ(r.http_status, 504) << r;
  // Nothing was executed: a CREATE that expired does not create.
  std::string rn = uniqueName("c");
  HttpResult create = createContainerWith({{"X-M2M-RET", timestampFromNow(-60s)}}, rn);
  EXPECT_EQ(create.rsc, 4008) << create;
  EXPECT_EQ(http().retrieve(ae_.id, ae_.path + "/" + rn).rsc, 4004);
}

TEST_F(RequestParametersTest, ExecutesRequestsBeforeTheirExpiration) {
  EXPECT_EQ(get({{"X-M2M-RET", timestampFromNow(60s)}}).rsc, 2000);
  EXPECT_EQ(get({{"X-M2M-RET", "10000"}}).rsc, 2000) << "relative form: milliseconds from now";
}

TEST_F(RequestParametersTest, RejectsMalformedRequestExpiration) {
  for (const char* bad : {"tomorrow", "2026-12-01T10:00:00Z", "20261301T000000", "-"}) {
    HttpResult r = get({{"X-M2M-RET", bad}});
    EXPECT_EQ(r.rsc, 4000) << bad << ": " << r;
  }
}

TEST_F(RequestParametersTest, RejectsRequestExpirationAfterResultExpiration) {
  HttpResult r = get({{"X-M2M-RET", timestampFromNow(60s)}, {"X-M2M-RST", timestampFromNow(30s)}});
  EXPECT_EQ(r.rsc, 4000) << r;
  HttpResult ok = get({{"X-M2M-RET", timestampFromNow(30s)}, {"X-M2M-RST", timestampFromNow(60s)}});
  EXPECT_EQ(ok.rsc, 2000) << ok;
  EXPECT_EQ(get({{"X-M2M-RST", "garbage"}}).rsc, 4000);
}

TEST_F(RequestParametersTest, AcceptsSupportedReleaseVersionsAndEchoesThem) {
  for (const char* rvi : {"2", "2a", "3", "4", "5"}) {
    HttpResult r = get({}, rvi);
    EXPECT_EQ(r.rsc, 2000) << "rvi " << rvi << ": " << r;
    EXPECT_EQ(r.header("X-M2M-RVI"), rvi);
  }
}

TEST_F(RequestParametersTest, RejectsUnsupportedReleaseVersionWith4001) {
  for (const char* rvi : {"1", "6", "9", "3a", "x"}) {
    HttpResult r = get({}, rvi);
    EXPECT_EQ(r.rsc, 4001) << "rvi " << rvi << ": " << r;
    EXPECT_EQ(r.http_status, 501) << "rvi " << rvi;
  }
}

TEST_F(RequestParametersTest, EchoesValidEventCategory) {
  for (const char* ec : {"2", "3", "4", "100", "555", "999"}) {
    HttpResult r = get({{"X-M2M-EC", ec}});
    EXPECT_EQ(r.rsc, 2000) << "ec " << ec << ": " << r;
    EXPECT_EQ(r.header("X-M2M-EC"), ec);
  }
}

TEST_F(RequestParametersTest, RejectsInvalidEventCategory) {
  for (const char* ec : {"0", "1", "5", "99", "1000", "abc", "2x", "3 4"}) {
    HttpResult r = get({{"X-M2M-EC", ec}});
    EXPECT_EQ(r.rsc, 4000) << "ec '" << ec << "': " << r;
  }
}

TEST_F(RequestParametersTest, EchoesVendorInformation) {
  HttpResult r = get({{"X-M2M-VSI", "vendor=citadel-test;build=42"}});
  EXPECT_EQ(r.rsc, 2000) << r;
  EXPECT_EQ(r.header("X-M2M-VSI"), "vendor=citadel-test;build=42");
}

TEST_F(RequestParametersTest, DelaysExecutionUntilOperationExecutionTime) {
  std::string rn = uniqueName("c");
  auto start = std::chrono::steady_clock::now();
  HttpResult r = createContainerWith({{"X-M2M-OET", "1500"}}, rn);  // 1.5 s from now
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  ASSERT_EQ(r.rsc, 2001) << r;
  EXPECT_GE(took.count(), 1300) << "executed before its oet";
  EXPECT_LT(took.count(), 5000);
  EXPECT_EQ(http().retrieve(ae_.id, ae_.path + "/" + rn).rsc, 2000);
}

TEST_F(RequestParametersTest, ExecutesAtOnceWhenOperationExecutionTimeHasPassed) {
  auto start = std::chrono::steady_clock::now();
  HttpResult r = get({{"X-M2M-OET", timestampFromNow(-30s)}});
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  EXPECT_EQ(r.rsc, 2000) << r;
  EXPECT_LT(took.count(), 1000);
}

TEST_F(RequestParametersTest, RejectsOperationExecutionTimeTooFarOrMalformed) {
  std::string rn = uniqueName("c");
  auto start = std::chrono::steady_clock::now();
  HttpResult far = createContainerWith({{"X-M2M-OET", timestampFromNow(60s)}}, rn);
  EXPECT_EQ(far.rsc, 4000) << far;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s) << "refused without waiting";
  EXPECT_EQ(http().retrieve(ae_.id, ae_.path + "/" + rn).rsc, 4004);
  EXPECT_EQ(get({{"X-M2M-OET", "soon"}}).rsc, 4000);
  // oet after rqet cannot be honoured.
  EXPECT_EQ(get({{"X-M2M-OET", "3000"}, {"X-M2M-RET", "1000"}}).rsc, 4000);
}

}  // namespace
}  // namespace citadel::testing
