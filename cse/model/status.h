#pragma once
// Status and Result<T>: the error currency of every module (STYLE.md §3). No exception crosses a
// module boundary; adapters that call throwing libraries convert to Status.

#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "cse/model/rsc.h"

namespace citadel::model {

class [[nodiscard]] Status {
 public:
  // An OK status.
  Status() = default;
  // `dbg` goes to the client (tell them how to fix their request); `reason` is a static token
  // for logs and tests ("acp.no_matching_rule"). Never put secrets in either.
  Status(Rsc rsc, std::string dbg, std::string_view reason)
      : rsc_(rsc), dbg_(std::move(dbg)), reason_(reason) {}

  static Status ok() { return Status(); }
  static Status badRequest(std::string dbg, std::string_view reason = "request.bad") {
    return {Rsc::kBadRequest, std::move(dbg), reason};
  }
  static Status notFound(std::string dbg, std::string_view reason = "target.not_found") {
    return {Rsc::kNotFound, std::move(dbg), reason};
  }
  // Denials say only that the originator has no privilege; the reason stays server-side.
  static Status noPrivilege(std::string_view reason) {
    return {Rsc::kOriginatorHasNoPrivilege, "originator has no privilege", reason};
  }
  static Status operationNotAllowed(std::string dbg, std::string_view reason = "op.not_allowed") {
    return {Rsc::kOperationNotAllowed, std::move(dbg), reason};
  }
  static Status conflict(std::string dbg, std::string_view reason = "resource.conflict") {
    return {Rsc::kConflict, std::move(dbg), reason};
  }
  static Status internal(std::string dbg, std::string_view reason = "internal") {
    return {Rsc::kInternalServerError, std::move(dbg), reason};
  }

  bool isOk() const { return rsc_ == Rsc::kOk; }
  Rsc rsc() const { return rsc_; }
  const std::string& dbg() const { return dbg_; }
  std::string_view reason() const { return reason_; }
  // Drop an error on purpose; greppable, like RocksDB's PermitUncheckedError().
  void ignore(std::string_view /*why*/) const {}

 private:
  Rsc rsc_ = Rsc::kOk;
  std::string dbg_;
  std::string_view reason_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}           // NOLINT: implicit by design
  Result(Status status) : value_(std::move(status)) {}    // NOLINT: implicit by design

  bool isOk() const { return std::holds_alternative<T>(value_); }
  // Precondition: isOk().
  T& value() & { return std::get<T>(value_); }
  const T& value() const& { return std::get<T>(value_); }
  T&& value() && { return std::get<T>(std::move(value_)); }
  // Precondition: !isOk().
  const Status& status() const { return std::get<Status>(value_); }
  Status takeStatus() { return std::get<Status>(std::move(value_)); }

 private:
  std::variant<T, Status> value_;
};

}  // namespace citadel::model

#define CITADEL_CONCAT_INNER(a, b) a##b
#define CITADEL_CONCAT(a, b) CITADEL_CONCAT_INNER(a, b)

#define CITADEL_RETURN_IF_ERROR(expr)                 \
  do {                                                \
    ::citadel::model::Status _citadel_st = (expr);    \
    if (!_citadel_st.isOk()) return _citadel_st;      \
  } while (0)

#define CITADEL_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.isOk()) return tmp.takeStatus();           \
  lhs = std::move(tmp).value()

#define CITADEL_ASSIGN_OR_RETURN(lhs, expr) \
  CITADEL_ASSIGN_OR_RETURN_IMPL(CITADEL_CONCAT(_citadel_res_, __LINE__), lhs, expr)

// Aborts in every build: only for invariants that input can never trigger.
#define CITADEL_CHECK(cond)                                                   \
  do {                                                                        \
    if (!(cond)) {                                                            \
      ::citadel::model::checkFailed(#cond, __FILE__, __LINE__);               \
    }                                                                         \
  } while (0)

namespace citadel::model {
[[noreturn]] void checkFailed(const char* cond, const char* file, int line);
}  // namespace citadel::model
