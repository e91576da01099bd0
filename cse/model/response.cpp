#include "cse/model/response.h"

#include "cse/model/control_characters.h"

namespace citadel::model {

Response Response::fromStatus(const Status& status, std::string request_id) {
  Response response;
  response.status_code = status.rsc();
  // An rqi with a control character is not echoed (issue 15 #14): the binding would put it in a
  // response header raw. Such an rqi is refused with 4000 wherever it is checked.
  if (!hasControlCharacter(request_id)) response.request_id = std::move(request_id);
  response.reason = status.reason();
  if (!status.dbg().empty()) {
    response.content = Json{{"m2m:dbg", status.dbg()}};
  }
  return response;
}

}  // namespace citadel::model
