// ESData through a real CSE (issue 16 item 4): the writer AE protects a reading with
// citadel-esdata (signed with its AE-ID certificate, then encrypted with a key it shares with the
// reader), stores the envelope as the con of a <contentInstance> with cnf "application/json:0:1"
// (TS-0004 Table 6.3.4.2.38-1: JWE/JWS compact), and the reader AE retrieves it and opens it with
// citadel-esdata. The CSE stores and returns the envelope byte for byte; a changed envelope is
// refused by the reader, and so is one without the writer's signature when the reader asks
// for it.
#include <sys/stat.h>

#include <fstream>

#include <gtest/gtest.h>

#include "tests/support/cse_fixture.h"
#include "tests/support/shell.h"
#include "tests/support/temp_dir.h"

namespace citadel::testing {
namespace {

std::string esdataBinary() {
#ifdef CITADEL_ESDATA_BINARY
  return CITADEL_ESDATA_BINARY;
#else
  return "";
#endif
}

class EsdataCliTest : public CseFixture {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    ASSERT_EQ(makeTestPki(dir_->path(), "Cedwriter"), "");
    std::string key = dir_->file("shared.key");
    std::ofstream(key) << "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n";
    ::chmod(key.c_str(), 0600);
    startCse();
    HttpClient http(cse().port());
    http.registerAe("edwriter");
    http.registerAe("edreader");
    // The reader may read the writer's container.
    HttpResult acp = http.create(
        "Cedwriter", std::string(kCseBase) + "/edwriter", 1,
        {{"m2m:acp",
          {{"rn", "readers"},
           {"pv", {{"acr", {{{"acor", {"Cedwriter"}}, {"acop", 63}},
                            {{"acor", {"Cedreader"}}, {"acop", 2}}}}}},
           {"pvs", {{"acr", {{{"acor", {"Cedwriter"}}, {"acop", 63}}}}}}}}});
    ASSERT_EQ(acp.rsc, 2001) << acp;
    HttpResult cnt = http.create(
        "Cedwriter", std::string(kCseBase) + "/edwriter", 3,
        {{"m2m:cnt", {{"rn", "sealed"}, {"acpi", {acp.resource()["ri"]}}}}});
    ASSERT_EQ(cnt.rsc, 2001) << cnt;
  }
  static void TearDownTestSuite() {
    stopCse();
    dir_.reset();
  }

  // citadel-esdata `arguments` with `input` as its --in file; what it printed (stdout, then
  // the stderr line saying who signed and which key decrypted).
  std::string esdata(const std::string& arguments, const std::string& input, int* code) {
    std::string in = dir_->file("in-" + std::to_string(++runs_));
    std::ofstream(in, std::ios::binary) << input;
    return runShell(esdataBinary() + " " + arguments + " --in=" + in, code, 20);
  }
  std::string storeAsWriter(const std::string& name, const std::string& envelope) {
    HttpResult created = http().create(
        "Cedwriter", std::string(kCseBase) + "/edwriter/sealed", 4,
        {{"m2m:cin", {{"rn", name}, {"cnf", "application/json:0:1"}, {"con", envelope}}}});
    EXPECT_EQ(created.rsc, 2001) << created;
    HttpResult read =
        http().retrieve("Cedreader", std::string(kCseBase) + "/edwriter/sealed/" + name);
    EXPECT_EQ(read.rsc, 2000) << read;
    EXPECT_EQ(read.resource()["cnf"], "application/json:0:1");
    return read.resource()["con"].is_string() ? read.resource()["con"].get<std::string>() : "";
  }
  std::string readerOptions() {
    return "open --key=shared:" + dir_->file("shared.key") + " --ca=" + dir_->file("ca.pem") +
           " --require-signature";
  }

  static std::unique_ptr<TempDir> dir_;
  int runs_ = 0;
};

std::unique_ptr<TempDir> EsdataCliTest::dir_;

TEST_F(EsdataCliTest, AReadingSignedAndEncryptedByOneAeIsReadByAnotherThroughTheCse) {
  ASSERT_FALSE(esdataBinary().empty());
  int code = -1;
  std::string envelope =
      esdata("protect --encrypt=shared:" + dir_->file("shared.key") + " --cert=" +
                 dir_->file("Cedwriter.pem") + " --cert-key=" + dir_->file("Cedwriter.key"),
             "{\"temp\":21.5}", &code);
  ASSERT_EQ(code, 0) << envelope;
  while (!envelope.empty() && envelope.back() == '\n') envelope.pop_back();
  EXPECT_EQ(envelope.find("21.5"), std::string::npos) << "the CSE never sees the value";

  std::string stored = storeAsWriter("r1", envelope);
  EXPECT_EQ(stored, envelope) << "stored and returned unchanged";
  std::string printed = esdata(readerOptions(), stored, &code);
  ASSERT_EQ(code, 0) << printed;
  EXPECT_EQ(printed.rfind("{\"temp\":21.5}# encrypted with: shared;", 0), 0u) << printed;
  EXPECT_NE(printed.find("signed by: //citadel.example.com/id-in/Cedwriter"), std::string::npos)
      << printed;
}

TEST_F(EsdataCliTest, AChangedOrUnsignedEnvelopeIsRefusedByTheReader) {
  int code = -1;
  std::string envelope = esdata("protect --encrypt=shared:" + dir_->file("shared.key") +
                                    " --cert=" + dir_->file("Cedwriter.pem") + " --cert-key=" +
                                    dir_->file("Cedwriter.key"),
                                "{\"temp\":99}", &code);
  ASSERT_EQ(code, 0) << envelope;
  while (!envelope.empty() && envelope.back() == '\n') envelope.pop_back();
  // Somebody with write access swaps one character of the ciphertext.
  std::string tampered = envelope;
  size_t at = tampered.rfind('.') - 3;
  tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
  std::string refused = esdata(readerOptions(), storeAsWriter("r2", tampered), &code);
  EXPECT_EQ(code, 1) << refused;
  EXPECT_EQ(refused.find("99"), std::string::npos) << refused;

  // Encrypted with the shared key but not signed: the reader that wants the writer's signature
  // refuses it (anyone holding the shared key could have written it).
  std::string unsigned_envelope =
      esdata("protect --encrypt=shared:" + dir_->file("shared.key"), "{\"temp\":1}", &code);
  ASSERT_EQ(code, 0) << unsigned_envelope;
  while (!unsigned_envelope.empty() && unsigned_envelope.back() == '\n') {
    unsigned_envelope.pop_back();
  }
  esdata(readerOptions(), storeAsWriter("r3", unsigned_envelope), &code);
  EXPECT_EQ(code, 1);
}

}  // namespace
}  // namespace citadel::testing
