#include "tools/bench/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace citadel::tools {
namespace {

// 2^6 linear sub-buckets per power of two: a bucket is at most 1/64 of its value wide.
constexpr unsigned kSubBucketBits = 6;
constexpr uint64_t kSubBuckets = uint64_t{1} << kSubBucketBits;
// Values below 2^6 get one bucket each; above, one group of 64 per exponent 6..63.
constexpr size_t kBucketCount = kSubBuckets * (64 - kSubBucketBits + 1);

}  // namespace

LatencyHistogram::LatencyHistogram() : buckets_(kBucketCount, 0) {}

size_t LatencyHistogram::bucketIndex(uint64_t micros) {
  if (micros < kSubBuckets) {
    return static_cast<size_t>(micros);
  }
  const unsigned exponent = static_cast<unsigned>(std::bit_width(micros)) - 1;  // >= 6
  const unsigned shift = exponent - kSubBucketBits;
  // (micros >> shift) is in [64, 128): the top bit is implied by the group.
  const uint64_t sub = (micros >> shift) - kSubBuckets;
  return static_cast<size_t>(kSubBuckets * (shift + 1) + sub);
}

uint64_t LatencyHistogram::bucketLow(size_t index) {
  if (index < kSubBuckets) {
    return index;
  }
  const uint64_t shift = index / kSubBuckets - 1;
  const uint64_t sub = index % kSubBuckets;
  return (kSubBuckets + sub) << shift;
}

uint64_t LatencyHistogram::bucketWidth(size_t index) {
  return index < kSubBuckets ? 1 : uint64_t{1} << (index / kSubBuckets - 1);
}

void LatencyHistogram::record(uint64_t micros) {
  ++buckets_[bucketIndex(micros)];
  ++count_;
  sum_ += micros;
  max_ = std::max(max_, micros);
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (size_t i = 0; i < buckets_.size(); ++i) {
    buckets_[i] += other.buckets_[i];
  }
  count_ += other.count_;
  sum_ += other.sum_;
  max_ = std::max(max_, other.max_);
}

double LatencyHistogram::quantileMicros(double q) const {
  if (count_ == 0) {
    return 0;
  }
  q = std::clamp(q, 0.0, 1.0);
  // Nearest-rank definition: the sample at rank ceil(q * n), at least the first one.
  const uint64_t rank =
      std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(q * static_cast<double>(count_))));
  if (rank >= count_) {
    return static_cast<double>(max_);  // Exact, rather than the middle of the last bucket.
  }
  uint64_t seen = 0;
  for (size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen >= rank) {
      const double middle =
          static_cast<double>(bucketLow(i)) + static_cast<double>(bucketWidth(i) - 1) / 2.0;
      return std::min(middle, static_cast<double>(max_));
    }
  }
  return static_cast<double>(max_);
}

double LatencyHistogram::meanMicros() const {
  return count_ == 0 ? 0 : static_cast<double>(sum_) / static_cast<double>(count_);
}

}  // namespace citadel::tools
