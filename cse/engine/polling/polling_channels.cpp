#include "cse/engine/polling/polling_channels.h"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "cse/codec/primitive_codec.h"

namespace citadel::engine {

using model::Response;
using model::Status;

namespace {

Response timeout(const std::string& what, const std::string& request_id) {
  return Response::fromStatus(Status(model::Rsc::kRequestTimeout, what, "pch.timeout"),
                              request_id);
}

Response unreachable(const std::string& what, const std::string& request_id) {
  return Response::fromStatus(Status(model::Rsc::kTargetNotReachable, what, "pch.full"),
                              request_id);
}

}  // namespace

std::chrono::steady_clock::time_point waitDeadline(const model::Request& request,
                                                   std::chrono::milliseconds longest,
                                                   model::TimePoint now) {
  auto deadline = std::chrono::steady_clock::now() + longest;
  if (!request.request_expiration_timestamp.empty()) {
    if (auto expires = model::parseAbsRelTimestamp(request.request_expiration_timestamp, now)) {
      deadline = std::min(deadline, std::chrono::steady_clock::now() +
                                        std::chrono::duration_cast<std::chrono::milliseconds>(
                                            *expires - now));
    }
  }
  return deadline;
}

PollingChannels::~PollingChannels() { close(); }

void PollingChannels::close() {
  std::vector<std::pair<Callback, Response>> calls;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    for (auto& [ri, channel] : channels_) {
      for (auto& item : channel.queued) {
        calls.emplace_back(std::move(item.done),
                           unreachable("the CSE is stopping", item.request.request_id));
      }
      for (auto& [rqi, item] : channel.delivered) {
        calls.emplace_back(std::move(item.done), unreachable("the CSE is stopping", rqi));
      }
      for (auto& poll : channel.polls) {
        calls.emplace_back(std::move(poll.done), unreachable("the CSE is stopping", ""));
      }
    }
    channels_.clear();
  }
  for (auto& [done, response] : calls) done(std::move(response));
}

Response PollingChannels::carrying(const model::Request& request) {
  // TS-0004 §7.4.22.2.2 Recv-6.5: "a Response primitive ... setting the Content parameter to
  // the received pending request".
  Response response;
  response.status_code = model::Rsc::kOk;
  response.content = model::Json{{"m2m:rqp", codec::requestToPrimitive(request)}};
  return response;
}

void PollingChannels::scheduleExpiry(const std::string& channel, Deadline deadline) {
  timers_.runAt(deadline, [this, channel] { expire(channel); });
}

void PollingChannels::deliver(const std::string& channel, model::Request request,
                              Deadline deadline, Callback done) {
  std::optional<Poll> waiting;  // a poll that takes the request at once
  std::optional<Response> answer_now;  // to `waiting` (the request) or to `done` (a refusal)
  {
    std::lock_guard lock(mutex_);
    auto found = channels_.find(channel);
    if (closed_) {
      answer_now = unreachable("the CSE is stopping", request.request_id);
    } else if (found == channels_.end() && channels_.size() >= limits_.max_channels) {
      answer_now = unreachable("too many polling channels hold requests", request.request_id);
    } else {
      Channel& state = channels_[channel];
      if (state.delivered.contains(request.request_id)) {
        // The same request again (a sender's retry): the entity has it already.
        answer_now = unreachable("this request was delivered on the polling channel already",
                                 request.request_id);
      } else if (!state.polls.empty()) {
        waiting = std::move(state.polls.front());
        state.polls.pop_front();
        answer_now = carrying(request);
        std::string rqi = request.request_id;
        state.delivered.emplace(std::move(rqi), Item{std::move(request), deadline, std::move(done)});
        scheduleExpiry(channel, deadline);
      } else if (state.queued.size() >= limits_.max_queued) {
        answer_now = unreachable("the polling channel's queue is full (" +
                                     std::to_string(limits_.max_queued) + " requests)",
                                 request.request_id);
      } else {
        state.queued.push_back(Item{std::move(request), deadline, std::move(done)});
        scheduleExpiry(channel, deadline);
      }
    }
  }
  if (waiting) {
    waiting->done(std::move(*answer_now));
  } else if (answer_now) {
    done(std::move(*answer_now));
  }
}

void PollingChannels::poll(const std::string& channel, Deadline deadline, Callback done) {
  std::optional<Response> now;
  std::optional<Poll> displaced;
  {
    std::lock_guard lock(mutex_);
    auto found = channels_.find(channel);
    if (closed_) {
      now = unreachable("the CSE is stopping", "");
    } else if (found == channels_.end() && channels_.size() >= limits_.max_channels) {
      now = unreachable("too many polling channels are in use", "");
    } else {
      Channel& state = channels_[channel];
      if (!state.queued.empty()) {
        Item item = std::move(state.queued.front());
        state.queued.pop_front();
        now = carrying(item.request);
        std::string rqi = item.request.request_id;
        state.delivered.emplace(std::move(rqi), std::move(item));
      } else {
        if (state.polls.size() >= limits_.max_polls) {
          displaced = std::move(state.polls.front());
          state.polls.pop_front();
        }
        state.polls.push_back(Poll{deadline, std::move(done)});
        scheduleExpiry(channel, deadline);
      }
    }
  }
  if (displaced) {
    displaced->done(timeout("a newer long poll on this channel took this one's place", ""));
  }
  if (now) done(std::move(*now));
}

Status PollingChannels::answer(const std::string& channel, Response response) {
  Callback done;
  {
    std::lock_guard lock(mutex_);
    auto found = channels_.find(channel);
    if (found == channels_.end()) {
      return Status::notFound("no request is waiting for an answer on this polling channel",
                              "pch.no_such_request");
    }
    auto item = found->second.delivered.find(response.request_id);
    if (item == found->second.delivered.end()) {
      return Status::notFound("no request with rqi '" + response.request_id +
                                  "' was delivered on this polling channel and waits for its "
                                  "answer (TS-0004 §7.4.22.2.5)",
                              "pch.no_such_request");
    }
    done = std::move(item->second.done);
    found->second.delivered.erase(item);
    if (found->second.empty()) channels_.erase(found);
  }
  done(std::move(response));
  return {};
}

void PollingChannels::expire(const std::string& channel) {
  std::vector<std::pair<Callback, Response>> calls;
  {
    std::lock_guard lock(mutex_);
    auto found = channels_.find(channel);
    if (found == channels_.end()) return;
    Channel& state = found->second;
    Deadline now = std::chrono::steady_clock::now();
    for (auto it = state.queued.begin(); it != state.queued.end();) {
      if (it->deadline <= now) {
        calls.emplace_back(std::move(it->done),
                           timeout("the request-unreachable entity did not poll for this "
                                   "request before it expired",
                                   it->request.request_id));
        it = state.queued.erase(it);
      } else {
        ++it;
      }
    }
    for (auto it = state.delivered.begin(); it != state.delivered.end();) {
      if (it->second.deadline <= now) {
        calls.emplace_back(std::move(it->second.done),
                           timeout("the entity did not answer the request it polled in time",
                                   it->first));
        it = state.delivered.erase(it);
      } else {
        ++it;
      }
    }
    for (auto it = state.polls.begin(); it != state.polls.end();) {
      if (it->deadline <= now) {
        calls.emplace_back(std::move(it->done),
                           timeout("no request arrived for the polling channel before the long "
                                   "poll expired; poll again",
                                   ""));
        it = state.polls.erase(it);
      } else {
        ++it;
      }
    }
    if (state.empty()) channels_.erase(found);
  }
  for (auto& [done, response] : calls) done(std::move(response));
}

size_t PollingChannels::queued(const std::string& channel) const {
  std::lock_guard lock(mutex_);
  auto found = channels_.find(channel);
  return found == channels_.end() ? 0 : found->second.queued.size();
}

}  // namespace citadel::engine
