#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace citadel::tools {

// Latency histogram in microseconds with log-linear buckets: exact below 64 us, then 64 linear
// sub-buckets per power of two, so every reported quantile is within ~1.6% of the true value
// while the whole range (1 us .. hours) fits in ~30 KiB.
//
// Not thread-safe: each worker thread owns one and records without locking; merge() combines
// them after the threads have joined.
class LatencyHistogram {
 public:
  LatencyHistogram();

  // Adds one sample.
  void record(uint64_t micros);
  // Adds every sample of `other` to this histogram.
  void merge(const LatencyHistogram& other);

  uint64_t count() const { return count_; }
  // The smallest recorded value v such that at least q * count() samples are <= v, reported as
  // the middle of v's bucket (clamped to the largest sample). q is in [0, 1]; 0 when empty.
  double quantileMicros(double q) const;
  double meanMicros() const;
  uint64_t maxMicros() const { return max_; }

 private:
  static size_t bucketIndex(uint64_t micros);
  static uint64_t bucketLow(size_t index);
  static uint64_t bucketWidth(size_t index);

  std::vector<uint64_t> buckets_;
  uint64_t count_ = 0;
  uint64_t sum_ = 0;
  uint64_t max_ = 0;
};

}  // namespace citadel::tools
