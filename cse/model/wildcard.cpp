#include "cse/model/wildcard.h"

#include <vector>

namespace citadel::model {
namespace {

// Counts character comparisons, for the complexity bound the header promises.
struct Counter {
  size_t* comparisons;
  bool same(char a, char b) const {
    if (comparisons != nullptr) ++*comparisons;
    return a == b;
  }
};

bool equalAt(std::string_view text, size_t at, std::string_view literal, const Counter& count) {
  for (size_t i = 0; i < literal.size(); ++i) {
    if (!count.same(text[at + i], literal[i])) return false;
  }
  return true;
}

// The position of the first occurrence of `segment` in text[from, limit) (the occurrence may end
// past `limit`, but must start before or at it), or npos. Knuth-Morris-Pratt: at most
// 2 × |text scanned| + 2 × |segment| comparisons, where a naive search costs their product.
size_t findFirst(std::string_view text, size_t from, size_t limit, std::string_view segment,
                 const Counter& count) {
  // border[i]: the length of the longest proper border of segment[0, i).
  std::vector<size_t> border(segment.size() + 1, 0);
  for (size_t i = 1, k = 0; i < segment.size(); ++i) {
    while (true) {
      if (count.same(segment[i], segment[k])) {
        ++k;
        break;
      }
      if (k == 0) break;
      k = border[k];
    }
    border[i + 1] = k;
  }
  for (size_t t = from, matched = 0; t < text.size(); ++t) {
    while (true) {
      // The occurrence being tried starts at t - matched; none may start past `limit`.
      if (t - matched > limit) return std::string_view::npos;
      if (count.same(text[t], segment[matched])) {
        ++matched;
        break;
      }
      if (matched == 0) break;
      matched = border[matched];
    }
    if (matched == segment.size()) return t + 1 - segment.size();
  }
  return std::string_view::npos;
}

// Where a '*' starting at a position must stop: the next barrier, or the end of the text. The
// positions asked for only grow, so the text is searched for barriers once in all.
class SpanLimit {
 public:
  SpanLimit(std::string_view text, char barrier) : text_(text), barrier_(barrier) {}
  size_t from(size_t position) {
    if (barrier_ == '\0') return text_.size();
    if (!found_ || next_ < position) {
      size_t at = text_.find(barrier_, position);
      next_ = at == std::string_view::npos ? text_.size() : at;
      found_ = true;
    }
    return next_;
  }

 private:
  std::string_view text_;
  char barrier_;
  size_t next_ = 0;
  bool found_ = false;
};

}  // namespace

bool wildcardMatch(std::string_view pattern, std::string_view text, char barrier,
                   size_t* comparisons) {
  const Counter count{comparisons};
  size_t star = pattern.find('*');
  if (star == std::string_view::npos) {
    return pattern.size() == text.size() && equalAt(text, 0, pattern, count);
  }
  // pattern = head *seg1*seg2* … *tail: the head anchors at the start, the tail at the end.
  std::string_view head = pattern.substr(0, star);
  size_t last_star = pattern.rfind('*');
  std::string_view tail = pattern.substr(last_star + 1);
  if (head.size() + tail.size() > text.size() || !equalAt(text, 0, head, count) ||
      !equalAt(text, text.size() - tail.size(), tail, count)) {
    return false;
  }
  // Each middle segment at its leftmost possible place: any match can be moved left to it
  // without making a '*' span a barrier (the text skipped is free of barriers, and an
  // overlapping earlier occurrence repeats the segment's own period), and the earlier the
  // segment ends, the more text is left for the rest. So greedy is exact, and one pass.
  size_t position = head.size();
  size_t end = text.size() - tail.size();
  SpanLimit span(text, barrier);
  for (size_t begin = star + 1; begin <= last_star;) {
    size_t next_star = pattern.find('*', begin);
    std::string_view segment = pattern.substr(begin, next_star - begin);
    begin = next_star + 1;
    if (segment.empty()) continue;  // "**" is one '*'
    size_t found = findFirst(text.substr(0, end), position, span.from(position), segment, count);
    if (found == std::string_view::npos) return false;
    position = found + segment.size();
  }
  // The last '*' spans text[position, end).
  return span.from(position) >= end;
}

bool wildcardMatch(std::string_view pattern, std::string_view text, char barrier) {
  return wildcardMatch(pattern, text, barrier, nullptr);
}

}  // namespace citadel::model
