#include "cse/model/response.h"

namespace citadel::model {

Response Response::fromStatus(const Status& status, std::string request_id) {
  Response response;
  response.status_code = status.rsc();
  response.request_id = std::move(request_id);
  response.reason = status.reason();
  if (!status.dbg().empty()) {
    response.content = Json{{"m2m:dbg", status.dbg()}};
  }
  return response;
}

}  // namespace citadel::model
