#pragma once
// The four operations the access tests run one by one, and the accessControlOperations bit that
// grants each (TS-0004 Table 6.3.4.2.12-1 acop: CREATE 1, RETRIEVE 2, UPDATE 4, DELETE 8).

#include <ostream>
#include <string>

namespace citadel::testing {

enum class Op { kCreate, kRetrieve, kUpdate, kDelete };

constexpr int acopBit(Op op) {
  switch (op) {
    case Op::kCreate:
      return 1;
    case Op::kRetrieve:
      return 2;
    case Op::kUpdate:
      return 4;
    case Op::kDelete:
      return 8;
  }
  return 0;
}

inline std::string nameOf(Op op) {
  switch (op) {
    case Op::kCreate:
      return "Create";
    case Op::kRetrieve:
      return "Retrieve";
    case Op::kUpdate:
      return "Update";
    case Op::kDelete:
      return "Delete";
  }
  return "";
}

// How GoogleTest prints an Op parameter (found by argument-dependent lookup).
inline void PrintTo(Op op, std::ostream* out) { *out << nameOf(op); }

}  // namespace citadel::testing
