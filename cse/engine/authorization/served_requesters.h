#pragma once
// The CSEs whose authorization requests this CSE's PDP, PRP and PIP procedures serve
// (authorization.requesters): "a PDP trusts a decision request only from a CSE it is configured
// to serve". Any other originator's request answers 4103 before anything is evaluated; the
// authorization resource's own ACPs still decide who may UPDATE it at all (TS-0003 §7.5.5).

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace citadel::engine {

class ServedRequesters {
 public:
  // CSE-IDs, "/id-mn" or "id-mn".
  explicit ServedRequesters(std::vector<std::string> cse_ids) : cse_ids_(std::move(cse_ids)) {
    for (std::string& id : cse_ids_) {
      if (!id.starts_with("/")) id.insert(0, "/");
    }
  }
  // `originator` in its local form, as the pipeline settled it ("/id-mn" for a CSE).
  bool serves(std::string_view originator) const {
    return std::find(cse_ids_.begin(), cse_ids_.end(), originator) != cse_ids_.end();
  }

 private:
  std::vector<std::string> cse_ids_;
};

}  // namespace citadel::engine
