#include "cse/model/blocking_region.h"

namespace citadel::model {
namespace {

thread_local BlockingHandoff* t_handoff = nullptr;
thread_local int t_depth = 0;  // open regions on this thread

}  // namespace

void setThreadBlockingHandoff(BlockingHandoff* handoff) { t_handoff = handoff; }
BlockingHandoff* threadBlockingHandoff() { return t_handoff; }

BlockingRegion::BlockingRegion() {
  if (t_depth++ == 0 && t_handoff != nullptr && t_handoff->enter()) handoff_ = t_handoff;
}

BlockingRegion::~BlockingRegion() {
  --t_depth;
  if (handoff_ != nullptr) handoff_->leave();
}

}  // namespace citadel::model
