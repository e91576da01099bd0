// The Release 1 attribute sets of TS-0001 v1 §9.6 (resource types of Release 1) and TS-0004 v1
// §7.5.1 (notification); later releases add the rest (srv and csz in Release 2/3, cstn, nse,
// nsi, dcnt, dgt, loc, eeno in Release 4).
#include "cse/codec/release1_filter.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

namespace citadel::codec {
namespace {

using model::Json;

// Universal and common attributes of TS-0001 v1 Tables 9.6.1.3.1-1/-2 (et and st where the type
// has them), and ch, the child references of rcn 5/6 representations.
constexpr std::array<std::string_view, 14> kCommon = {
    "ty", "ri", "rn", "pi", "ct", "lt", "et", "lbl", "acpi", "at", "aa", "st", "ch", "cr"};

struct Release1Type {
  std::string_view root;
  std::vector<std::string_view> attributes;  // beyond kCommon
};

// One row per Release 1 resource type that Citadel serves (TS-0001 v1 §9.6.x, table 3 of each).
const Release1Type kTypes[] = {
    {"m2m:cb", {"cst", "csi", "srt", "poa", "nl"}},
    {"m2m:ae", {"apn", "api", "aei", "poa", "or", "nl", "rr"}},
    {"m2m:cnt", {"mni", "mbs", "mia", "cni", "cbs", "li", "or"}},
    {"m2m:cin", {"cnf", "cs", "or", "con"}},
    {"m2m:acp", {"pv", "pvs"}},
    {"m2m:grp", {"mt", "cnm", "mnm", "mid", "macp", "mtv", "csy", "gn"}},
    {"m2m:sub", {"enc", "exc", "nu", "gpi", "nfu", "bn", "rl", "psn", "pn", "nsp", "ln", "nct",
                 "nec", "su"}},
    {"m2m:csr", {"cst", "poa", "cb", "csi", "mei", "tri", "rr", "nl"}},
};

const Release1Type* release1Type(std::string_view root) {
  for (const Release1Type& type : kTypes) {
    if (type.root == root) return &type;
  }
  return nullptr;
}

bool isRelease1Attribute(const Release1Type& type, std::string_view name) {
  return std::find(kCommon.begin(), kCommon.end(), name) != kCommon.end() ||
         std::find(type.attributes.begin(), type.attributes.end(), name) !=
             type.attributes.end();
}

void restrictMember(std::string_view root, Json& value);

// One representation of `type`: drops what Release 1 lacks, descends into embedded children.
void restrictRepresentation(const Release1Type& type, Json& representation) {
  if (!representation.is_object()) return;
  for (auto it = representation.begin(); it != representation.end();) {
    std::string_view name = it.key();
    if (name.starts_with("m2m:")) {
      restrictMember(name, it.value());  // a child embedded by rcn 4/8
      ++it;
    } else if (isRelease1Attribute(type, name)) {
      ++it;
    } else {
      it = representation.erase(it);
    }
  }
}

// TS-0004 v1 §7.5.1 m2m:notification: nev (rep, net), vrq, sud, sur, cr, nfu.
void restrictNotification(Json& sgn) {
  if (!sgn.is_object()) return;
  for (auto it = sgn.begin(); it != sgn.end();) {
    std::string_view name = it.key();
    bool release1 = name == "nev" || name == "vrq" || name == "sud" || name == "sur" ||
                    name == "cr" || name == "nfu";
    it = release1 ? std::next(it) : sgn.erase(it);
  }
  auto nev = sgn.find("nev");
  if (nev == sgn.end() || !nev->is_object()) return;
  for (auto it = nev->begin(); it != nev->end();) {
    it = it.key() == "rep" || it.key() == "net" ? std::next(it) : nev->erase(it);
  }
  if (auto rep = nev->find("rep"); rep != nev->end()) restrictToRelease1(*rep);
}

void restrictMember(std::string_view root, Json& value) {
  if (root == "m2m:sgn") {
    restrictNotification(value);
    return;
  }
  const Release1Type* type = release1Type(root);
  if (type == nullptr) return;
  if (value.is_array()) {
    for (Json& item : value) restrictRepresentation(*type, item);
  } else {
    restrictRepresentation(*type, value);
  }
}

}  // namespace

void restrictToRelease1(Json& content) {
  if (!content.is_object()) return;
  for (auto& [root, value] : content.items()) restrictMember(root, value);
}

}  // namespace citadel::codec
