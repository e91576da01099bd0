#pragma once
// A CseFixture whose CSE answers notifications within 2 s (notification.timeout) and whose every
// test has its own NotificationReceiver, started in SetUp and stopped in TearDown, plus the
// subscribe helper the notification tests share.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "tests/support/cse_fixture.h"
#include "tests/support/notification_receiver.h"

namespace citadel::testing {

class NotificationFixture : public CseFixture {
 protected:
  static void SetUpTestSuite() { startCse({"--notification.timeout=2000"}); }

  void SetUp() override {
    CseFixture::SetUp();
    if (HasFatalFailure()) {
      return;
    }
    receiver_ = std::make_unique<NotificationReceiver>();
    ASSERT_NE(receiver_->port(), 0);
  }
  void TearDown() override {
    if (receiver_) {
      receiver_->stop();
    }
  }

  NotificationReceiver& receiver() { return *receiver_; }

  // An AE notified at this test's receiver (`path`), rr=true; `extra` adds or replaces attributes.
  Ae registerReachableAe(const std::string& path, Json extra = Json::object()) {
    Ae ae;
    ae.name = uniqueName("ae");
    ae.id = "C" + ae.name;
    ae.path = std::string(kCseBase) + "/" + ae.name;
    Json attributes = {{"rn", ae.name},
                       {"api", "N" + ae.name},
                       {"rr", true},
                       {"poa", {receiver().url(path)}},
                       {"srv", {"3"}}};
    attributes.update(extra);
    HttpResult r = http().create(ae.id, kCseBase, 2, {{"m2m:ae", attributes}});
    EXPECT_EQ(r.rsc, 2001) << r;
    return ae;
  }
  // POSTs a <subscription> under `parent` with `attributes` (rn added when absent).
  HttpResult subscribe(const std::string& originator, const std::string& parent, Json attributes) {
    if (!attributes.contains("rn")) {
      attributes["rn"] = uniqueName("sub");
    }
    return http().create(originator, parent, 23, {{"m2m:sub", attributes}});
  }
  // Same, asserting 2001; returns the ri ("" on failure, with a gtest failure).
  std::string subscribeOk(const std::string& originator, const std::string& parent,
                          Json attributes) {
    HttpResult r = subscribe(originator, parent, std::move(attributes));
    EXPECT_EQ(r.rsc, 2001) << r;
    return r.resource().value("ri", "");
  }

 private:
  std::unique_ptr<NotificationReceiver> receiver_;
};

}  // namespace citadel::testing
