#include "security/token/strict_json.h"

#include <set>
#include <string>
#include <vector>

namespace citadel::security::token {
namespace {

// Thrown from the parser callback to stop at the first violation; caught below, never leaves
// this file.
struct Refused {};

}  // namespace

model::Json parseStrictJsonObject(std::string_view text, int max_depth) {
  // The member names seen so far in each open object, innermost last.
  std::vector<std::set<std::string, std::less<>>> open_objects;
  auto check = [&](int depth, model::Json::parse_event_t event, model::Json& parsed) {
    using Event = model::Json::parse_event_t;
    switch (event) {
      case Event::object_start:
      case Event::array_start:
        // `depth` counts the containers already open around this one.
        if (depth + 1 > max_depth) {
          throw Refused{};
        }
        if (event == Event::object_start) {
          open_objects.emplace_back();
        }
        break;
      case Event::object_end:
        open_objects.pop_back();
        break;
      case Event::key:
        if (open_objects.empty() || !open_objects.back().insert(parsed.get<std::string>()).second) {
          throw Refused{};
        }
        break;
      default:
        break;
    }
    return true;
  };
  try {
    model::Json value = model::Json::parse(text.begin(), text.end(), check,
                                           /*allow_exceptions=*/true, /*ignore_comments=*/false);
    return value.is_object() ? value : model::Json();
  } catch (const Refused&) {
    return model::Json();
  } catch (const model::Json::exception&) {
    return model::Json();
  } catch (...) {
    return model::Json();  // e.g. bad_alloc: a token we cannot read is a token we refuse
  }
}

}  // namespace citadel::security::token
