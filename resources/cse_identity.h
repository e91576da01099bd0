#pragma once
// Who this CSE is: the values every addressing and originator decision compares against.

#include <string>

namespace citadel::resources {

struct CseIdentity {
  std::string cse_id;    // SP-relative CSE-ID with its leading '/': "/id-in"
  std::string cse_name;  // CSEBase resourceName: "cse-in"
  std::string sp_id;     // M2M-SP-ID without "//": "citadel.example.com"
  std::string admin;     // the admin originator: "CAdmin"

  // The CSEBase's resourceID: the CSE-ID without its '/'.
  std::string cseBaseRi() const { return cse_id.substr(1); }
};

}  // namespace citadel::resources
