// Addressing (cse/model/address.h) and originator IDs (security/originator_id.h): the `to`
// parameter's three forms (TS-0001 Table 7.2-1) and the local/absolute forms acor entries are
// compared in (TS-0003 §7.1.3).
// Invariants:
// - parseAddress: a rejection is a 4000 Status; an accepted address reassembles to exactly the
//   input (sp-id, cse-id, relative path and #attribute lose and add nothing), within the length
//   and segment limits;
// - absoluteId is idempotent, and an entry that is a plain ID (no '*', no role '@', not "all",
//   not an SP domain) is matched by acorMatches against its own absolute form;
// - a single-segment CSE-relative ID (an AE stem) survives local -> absolute -> local.

#include "cse/model/address.h"
#include "resources/cse_identity.h"
#include "security/originator_id.h"
#include "tests/fuzz/fuzz_support.h"

using namespace citadel;

namespace {

std::string reassemble(const model::Address& address) {
  std::string out;
  if (address.scope == model::AddressScope::kAbsolute) {
    out += "//" + address.sp_id;
  }
  if (address.scope != model::AddressScope::kCseRelative) {
    out += address.cse_id;
    if (!address.relative.empty()) {
      out += "/";
    }
  }
  out += address.relative;
  if (!address.attribute.empty()) {
    out += "#" + address.attribute;
  }
  return out;
}

void checkOriginatorForms(std::string_view id, const model::Address* address) {
  const resources::CseIdentity identity{"/id-in", "cse-in", "citadel.example.com", "CAdmin"};
  std::string absolute = security::absoluteId(id, identity);
  FUZZ_CHECK(absolute.starts_with("//"));
  FUZZ_CHECK(security::absoluteId(absolute, identity) == absolute);
  bool plain = !id.empty() && id.find('*') == std::string_view::npos &&
               id.find('@') == std::string_view::npos && id != "all" &&
               !(id.starts_with("//") && id.find('/', 2) == std::string_view::npos);
  if (plain) {
    FUZZ_CHECK(security::acorMatches(id, absolute, identity));
  }
  bool stem = address != nullptr && address->scope == model::AddressScope::kCseRelative &&
              address->attribute.empty() && address->relative.find('/') == std::string::npos;
  if (stem) {
    FUZZ_CHECK(security::localOriginator(absolute, identity) == id);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view to = fuzz::asText(data, size);
  auto parsed = model::parseAddress(to);
  if (!parsed.isOk()) {
    fuzz::checkRejection(parsed.status());
    FUZZ_CHECK(parsed.status().rsc() == model::Rsc::kBadRequest);
    checkOriginatorForms(to, nullptr);
    return 0;
  }
  const model::Address& address = parsed.value();
  FUZZ_CHECK(to.size() <= model::kMaxAddressLength);
  FUZZ_CHECK(reassemble(address) == to);
  FUZZ_CHECK((address.scope == model::AddressScope::kAbsolute) == !address.sp_id.empty());
  FUZZ_CHECK((address.scope == model::AddressScope::kCseRelative) == address.cse_id.empty());
  checkOriginatorForms(to, &address);
  return 0;
}
