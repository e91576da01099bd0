// citadel-esprim: one request to a CSE, protected end to end by ESPrim (esprimHelpText()).
// Wiring only: options in esprim_options.*, the ESPrim originator in security/esprim, the
// transports are the CSE's own senders (bindings/*/..._sender.h).
#include <fcntl.h>
#include <openssl/crypto.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bindings/coap/coap_sender.h"
#include "bindings/http/http_sender.h"
#include "bindings/mqtt/mqtt_sender.h"
#include "cse/random/random_id.h"
#include "security/enrolment/enrolment_keys.h"
#include "security/escertke/escertke_initiator.h"
#include "security/esprim/esprim_originator.h"
#include "tools/esprim_cli/esprim_options.h"

namespace {

using namespace citadel;

constexpr int kUsageError = 2;  // a bad option: one line on stderr naming it
constexpr int kFailure = 1;     // any answer but 2xxx, or an exchange that failed

int fail(const std::string& what, const model::Status& status) {
  std::cerr << "citadel-esprim: " << what << ": " << static_cast<int>(status.rsc()) << " "
            << status.dbg() << "\n";
  return kFailure;
}

int failAnswer(const std::string& what, const model::Response& response) {
  std::cerr << "citadel-esprim: " << what << " answered " << static_cast<int>(response.status_code);
  if (response.content.is_object() && response.content.contains("m2m:dbg")) {
    std::cerr << " " << response.content["m2m:dbg"].dump();
  }
  std::cerr << "\n";
  return kFailure;
}

// The sender for the --cse scheme, and the URI that reaches the <CSEBase> through it.
std::unique_ptr<model::PrimitiveSender> senderFor(const tools::EsprimOptions& options,
                                                  std::string* target_uri) {
  if (options.cse.starts_with("http://")) {
    *target_uri = options.cse + "/" + options.cse_base;
    return std::make_unique<http::HttpPrimitiveSender>(
        http::HttpSenderOptions{std::chrono::milliseconds(2000), options.timeout});
  }
  if (options.cse.starts_with("coap://")) {
    *target_uri = options.cse + "/" + options.cse_base;
    return std::make_unique<coap::CoapPrimitiveSender>(coap::CoapSenderOptions{options.timeout});
  }
  // mqtt://host:port: requests on /oneM2M/req/<from>/<cse-id>/json, answers awaited on
  // /oneM2M/resp/<from>/<cse-id>/json (TS-0010 §6.4).
  mqtt::MqttSenderOptions mqtt;
  mqtt.cse_id = options.from;
  mqtt.client_id = "citadel-esprim-" + std::to_string(::getpid());
  mqtt.broker = options.cse;  // the broker named by --cse is the one requests go to
  mqtt.response_timeout = options.timeout;
  *target_uri = options.cse + "/" + options.cse_id;
  return std::make_unique<mqtt::MqttPrimitiveSender>(mqtt);
}

// Writes `key` as hex to a new file only its owner may read; false when the file exists or
// cannot be written (the key is not shown).
bool writeNewKeyFile(const std::string& path, const std::string& key) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  std::string text = security::enrolment::toHex(key) + "\n";
  bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  OPENSSL_cleanse(text.data(), text.size());
  return ::close(fd) == 0 && written;
}

// ESCertKE (TS-0004 §7.5.1.2.12): messages 1 and 3 in two NOTIFYs to the <CSEBase>, 2 and 4 in
// their answers; the key to --key-file, its ID to stdout.
int runEscertke(const tools::EsprimOptions& options, model::PrimitiveSender& sender,
                const std::string& target_uri) {
  namespace escertke = security::escertke;
  auto initiator = escertke::EscertkeInitiator::make(
      {options.certificate, options.certificate_key, options.ca_file}, options.cse_identity);
  if (!initiator.isOk()) {
    std::cerr << "citadel-esprim: " << initiator.status().dbg() << "\n";
    return kUsageError;
  }
  // One NOTIFY and its answer's ESCertKE Message; nullopt once the failure is printed.
  auto exchange = [&](const std::string& message,
                      const char* what) -> std::optional<std::string> {
    model::Request notify;
    notify.operation = model::Operation::kNotify;
    notify.to = options.cse_base;
    notify.originator = options.from;
    notify.request_id = random::unguessableId("escertke-");
    notify.release_version_indicator = "3";
    notify.content = escertke::escertkeContent(message);
    model::Response answer = sender.send(target_uri, notify);
    if (answer.status_code != model::Rsc::kOk) {
      failAnswer(what, answer);
      return std::nullopt;
    }
    auto next = escertke::escertkeMessageOf(answer.content);
    if (!next.isOk()) {
      fail(std::string("the answer to ") + what, next.status());
      return std::nullopt;
    }
    return std::move(next).value();
  };
  auto message1 = initiator.value().message1();
  if (!message1.isOk()) return fail("ESCertKE message 1", message1.status());
  auto message2 = exchange(message1.value(), "ESCertKE message 1 (NOTIFY sit 6)");
  if (!message2) return kFailure;
  auto message3 = initiator.value().message3(*message2);
  if (!message3.isOk()) return fail("ESCertKE message 2", message3.status());
  auto message4 = exchange(message3.value(), "ESCertKE message 3 (NOTIFY sit 6)");
  if (!message4) return kFailure;
  auto key = initiator.value().finish(*message4);
  if (!key.isOk()) return fail("ESCertKE message 4", key.status());
  bool written = writeNewKeyFile(options.key_file, key.value().key);
  OPENSSL_cleanse(key.value().key.data(), key.value().key.size());
  if (!written) {
    std::cerr << "citadel-esprim: --key-file: cannot create " << options.key_file
              << " (it must not exist yet)\n";
    return kFailure;
  }
  std::cout << model::Json{{"kid", key.value().key_id}}.dump(2) << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto parsed = tools::parseEsprimCommandLine(args);
  if (!parsed.isOk()) {
    std::cerr << "citadel-esprim: " << parsed.status().dbg() << " (--help for usage)\n";
    return kUsageError;
  }
  const tools::EsprimOptions& options = parsed.value();
  if (options.help) {
    std::cout << tools::esprimHelpText();
    return 0;
  }
  std::string target_uri;
  std::unique_ptr<model::PrimitiveSender> sender = senderFor(options, &target_uri);
  if (options.escertke) return runEscertke(options, *sender, target_uri);
  auto key = tools::readKeyFile(options.key_file);
  if (!key.isOk()) {
    std::cerr << "citadel-esprim: " << key.status().dbg() << "\n";
    return kUsageError;
  }

  // 1. A receiverESPrimRandObject: our own (TS-0004 §7.6.2: NOTIFY with m2m:seci sit 3), or
  //    the shared one the <CSEBase> shows as esi.esro (--shared-rand).
  model::Request ask;
  ask.operation = options.shared_rand ? model::Operation::kRetrieve : model::Operation::kNotify;
  ask.to = options.cse_base;
  ask.originator = options.from;
  ask.request_id = random::unguessableId("esprim-");
  ask.release_version_indicator = "3";
  if (!options.shared_rand) {
    ask.content = model::Json{{"m2m:seci", {{"sit", 3}}}};
  }
  model::Response rand = sender->send(target_uri, ask);
  if (rand.status_code != model::Rsc::kOk) {
    return failAnswer(options.shared_rand ? "the <CSEBase> RETRIEVE" : "the rand object request "
                                                                       "(NOTIFY sit 3)",
                      rand);
  }
  const model::Json* ero = nullptr;
  const char* holder = options.shared_rand ? "m2m:cb" : "m2m:seci";
  const char* nested = options.shared_rand ? "esi" : nullptr;
  const char* field = options.shared_rand ? "esro" : "ero";
  if (rand.content.is_object() && rand.content.contains(holder) &&
      rand.content[holder].is_object()) {
    const model::Json* at = &rand.content[holder];
    if (nested != nullptr) {
      at = at->contains(nested) && (*at)[nested].is_object() ? &(*at)[nested] : nullptr;
    }
    if (at != nullptr && at->contains(field)) ero = &(*at)[field];
  }
  if (ero == nullptr) {
    std::cerr << "citadel-esprim: "
              << (options.shared_rand
                      ? "the <CSEBase> shows no shared rand object (esi.esro; the CSE needs "
                        "esprim.sharedRandLifetime)\n"
                      : "the CSE's answer to sit 3 holds no rand object (ero)\n");
    return kFailure;
  }
  auto receiver = security::esprim::parseReceiverRandObject(*ero);
  if (!receiver.isOk()) return fail("the CSE's rand object", receiver.status());

  // 2. The session, and the request as an ESPrim object (sit 5) in a NOTIFY to the <CSEBase>.
  auto originator = security::esprim::makeOriginatorRandObject(receiver.value(), options.enc);
  auto session = security::esprim::openSession(options.key_id, key.value(), receiver.value(),
                                               std::move(originator), options.enc);
  if (!session.isOk()) return fail("opening the session", session.status());
  model::Request inner = tools::innerRequest(options, random::unguessableId("esprim-"));
  auto epo = security::esprim::wrapRequest(session.value(), inner);
  if (!epo.isOk()) return fail("protecting the request", epo.status());
  model::Request outer = security::esprim::outerNotify(
      options.cse_base, options.from, random::unguessableId("esprim-"), std::move(epo).value());
  model::Response answer = sender->send(target_uri, outer);
  if (answer.status_code != model::Rsc::kOk) {
    return failAnswer("the protected request", answer);
  }

  // 3. The inner response, decrypted and checked against the session.
  auto response = security::esprim::unwrapResponse(session.value(), answer.content);
  if (!response.isOk()) return fail("opening the protected answer", response.status());
  const model::Response& result = response.value();
  model::Json out = {{"rsc", static_cast<int>(result.status_code)}, {"rqi", result.request_id}};
  if (!result.content.is_null()) out["pc"] = result.content;
  std::cout << out.dump(2) << "\n";
  int rsc = static_cast<int>(result.status_code);
  return rsc >= 2000 && rsc < 3000 ? 0 : kFailure;
}
