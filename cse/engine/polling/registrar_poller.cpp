#include "cse/engine/polling/registrar_poller.h"

#include "cse/codec/primitive_codec.h"
#include "cse/engine/peer_answer.h"
#include "cse/model/address.h"
#include "cse/model/log.h"
#include "cse/random/random_id.h"

namespace citadel::engine {
namespace {

using model::Json;
using model::Operation;
using model::Rsc;
using model::Status;

constexpr uint16_t kPollingChannelTy = static_cast<uint16_t>(model::ResourceType::kPollingChannel);

Status failed(const std::string& step, const model::Response& response) {
  return peerRefused(step, response, "registrar_poll.failed");
}

// The whole host of `url` ("localhost.example.org" is not "localhost"; "127.x" must be all
// digits and dots).
bool isLoopbackHost(const std::string& url) {
  size_t start = url.find("://");
  if (start == std::string::npos) return false;
  std::string rest = url.substr(start + 3);
  if (rest.starts_with("[::1]")) return rest.size() == 5 || rest[5] == ':' || rest[5] == '/';
  std::string host = rest.substr(0, rest.find_first_of(":/"));
  if (host == "localhost") return true;
  return host.starts_with("127.") &&
         host.find_first_not_of("0123456789.") == std::string::npos;
}

}  // namespace

RegistrarPoller::RegistrarPoller(const resources::CseIdentity& identity,
                                 RegistrarPollSettings settings, std::function<bool()> registered,
                                 model::PrimitiveSender& poll_sender,
                                 std::function<void()> interrupt_polls,
                                 model::PrimitiveSender& answer_sender,
                                 model::PrimitiveHandler& local)
    : identity_(identity),
      settings_(std::move(settings)),
      registered_(std::move(registered)),
      poll_sender_(poll_sender),
      interrupt_polls_(std::move(interrupt_polls)),
      answer_sender_(answer_sender),
      local_(local) {}

RegistrarPoller::~RegistrarPoller() { stop(); }

void RegistrarPoller::start() { thread_ = std::thread([this] { run(); }); }

void RegistrarPoller::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  wake_.notify_all();
  interrupt_polls_();
  if (thread_.joinable()) thread_.join();
}

void RegistrarPoller::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    bool ready = registered_();
    Status status = ready ? pollOnce() : Status();
    lock.lock();
    if (stopping_) return;
    if (!status.isOk()) {
      LOG_WARN("polling channel at " << settings_.cse_id << ": " << model::logSafe(status.dbg()));
    }
    if (!ready || !status.isOk()) {
      wake_.wait_for(lock, settings_.retry, [this] { return stopping_; });
    }
  }
}

model::Request RegistrarPoller::request(Operation operation, std::string to) const {
  model::Request r;
  r.operation = operation;
  r.to = std::move(to);
  r.originator = identity_.cse_id;
  r.release_version_indicator = "3";
  r.request_id = random::unguessableId("pch-");  // matched by the sender: never guessable
  return r;
}

Status RegistrarPoller::ensureChannel() {
  // TS-0004 §7.4.21.2.1: CREATE under the <remoteCSE> that represents this CSE (resource ID =
  // its CSE-ID without '/').
  std::string holder = settings_.cse_base_name + "/" + identity_.cse_id.substr(1);
  model::Request create = request(Operation::kCreate, holder);
  create.resource_type = kPollingChannelTy;
  create.content = Json{{"m2m:pch", {{"rn", "pch"}}}};
  model::Response created = answer_sender_.send(settings_.url + "/" + holder, create);
  if (created.status_code == Rsc::kCreated) {
    channel_ = holder + "/pch";
    return {};
  }
  if (created.status_code != Rsc::kConflict) {
    return failed("CREATE <pollingChannel> at the Registrar", created);
  }
  // One exists (an earlier run made it; its name may differ): find it.
  model::Request find = request(Operation::kRetrieve, holder);
  find.filter_criteria = {{"fu", 1}, {"ty", Json::array({kPollingChannelTy})}, {"lvl", 1}};
  find.desired_identifier_result_type = model::DesiredIdResultType::kStructured;
  model::Response found = answer_sender_.send(settings_.url + "/" + holder, find);
  const Json& uril = found.content.is_object() ? found.content.value("m2m:uril", Json::array())
                                               : Json::array();
  if (found.status_code != Rsc::kOk || !uril.is_array() || uril.empty() ||
      !uril[0].is_string()) {
    return failed("discovery of the <pollingChannel> at the Registrar", found);
  }
  std::string path = uril[0].get<std::string>();
  // Structured, CSE-relative ("cse-in/id-mn/pch"); a peer may answer SP-relative.
  if (path.starts_with(settings_.cse_id + "/")) path = path.substr(settings_.cse_id.size() + 1);
  if (!path.starts_with(holder + "/")) {
    return Status(Rsc::kInternalServerError,
                  "the Registrar named a <pollingChannel> outside this CSE's <remoteCSE>: " +
                      model::logSafe(path),
                  "registrar_poll.bad_channel");
  }
  channel_ = path;
  return {};
}

Status RegistrarPoller::pollOnce() {
  if (channel_.empty()) CITADEL_RETURN_IF_ERROR(ensureChannel());
  std::string pcu = channel_ + "/pcu";
  model::Request poll = request(Operation::kRetrieve, pcu);
  poll.request_expiration_timestamp = std::to_string(settings_.poll_wait.count());
  model::Response polled = poll_sender_.send(settings_.url + "/" + pcu, poll);
  if (polled.status_code == Rsc::kRequestTimeout) return {};  // nothing came in the wait
  if (polled.status_code == Rsc::kNotFound) channel_.clear();  // gone: made again next time
  if (polled.status_code != Rsc::kOk) return failed("long poll of " + pcu, polled);
  return serve(polled);
}

Status RegistrarPoller::serve(const model::Response& polled) {
  codec::ParseLimits limits;
  auto parsed = codec::parseRequestPrimitive(polled.content.dump(), codec::ContentFormat::kJson,
                                             limits);
  if (!parsed.isOk()) {
    // Nothing to answer: without a readable rqi the Registrar's sender waits out its time.
    return Status(Rsc::kBadRequest, "the Registrar's poll answer holds no request: " +
                                        parsed.status().dbg(),
                  "registrar_poll.bad_request");
  }
  std::string request_id = parsed.value().request_id;
  model::Response response = process(std::move(parsed).value(), polled.peer_identity);
  response.request_id = request_id;
  model::Request notify = request(Operation::kNotify, channel_ + "/pcu");
  notify.content = Json{{"m2m:rsp", codec::responseToPrimitive(response)}};
  model::Response answered = answer_sender_.send(settings_.url + "/" + notify.to, notify);
  if (!model::isSuccess(answered.status_code)) {
    return failed("NOTIFY of the answer to " + channel_ + "/pcu", answered);
  }
  return {};
}

model::Response RegistrarPoller::process(model::Request polled,
                                         const std::string& peer_identity) {
  // What the Registrar routes here speaks as an entity outside this CSE: its own CSE-ID, or an
  // AE-ID behind another CSE, SP-relative (TS-0004 §7.3.2.6). Anything else would let the
  // Registrar speak as this CSE's admin or AEs.
  const std::string& from = polled.originator;
  bool other_cse =
      from.size() > 1 && from[0] == '/' && from.find('/', 1) == std::string::npos;
  std::string relayed = model::relayedAeCse(from);
  if ((!other_cse && relayed.empty()) || from == identity_.cse_id ||
      relayed == identity_.cse_id) {
    return model::Response::fromStatus(
        Status(Rsc::kOriginatorNotAuthenticated,
               "a request polled from the Registrar must carry an SP-relative originator of "
               "another CSE",
               "registrar_poll.local_originator"),
        polled.request_id);
  }
  // The transport of the poll: the Registrar relays it, proven by its certificate over TLS.
  polled.transport = model::TransportInfo{};
  polled.transport.binding = model::Binding::kHttp;
  polled.transport.secure = settings_.url.starts_with("https://");
  polled.transport.peer_identity = polled.transport.secure ? peer_identity : "";
  polled.transport.from_loopback = isLoopbackHost(settings_.url);
  polled.transport.relaying_cse = settings_.cse_id;
  return local_.handle(std::move(polled));
}

}  // namespace citadel::engine
