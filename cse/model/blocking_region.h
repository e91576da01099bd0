#pragma once
// Waiting for a remote peer on an event-loop thread (issue 15 #11). A binding whose threads each
// serve many connections (the HTTP server: one I/O context per thread) installs a BlockingHandoff
// on each such thread; code about to wait for a remote peer (an outgoing exchange: a DAS
// consultation, a subscription's verification request) opens a BlockingRegion for the wait. While
// the region is open the handoff lets another thread run that loop, so the loop's other
// connections are served meanwhile instead of waiting for the exchange (tokio's
// block_in_place, Java's ForkJoinPool.managedBlock). On any other thread (a binding worker
// pool, the notification queue, a test) a region does nothing.
//
// Contract for BlockingHandoff implementations: enter() and leave() are called in pairs on the
// thread that installed the handoff, nested regions on one thread count once (the outermost
// opens), and leave() returns only when that thread may touch the loop's state again.

namespace citadel::model {

class BlockingHandoff {
 public:
  virtual ~BlockingHandoff() = default;
  // Called as a wait starts; true when another thread now serves the loop (false: refused, e.g.
  // at the bound on handoff threads; the wait then holds the loop as before).
  virtual bool enter() = 0;
  // Called as the wait ends, after a true enter(): returns once the loop is this thread's again.
  virtual void leave() = 0;
};

// The handoff of the calling thread (nullptr: none). Set by the loop's own threads.
void setThreadBlockingHandoff(BlockingHandoff* handoff);
BlockingHandoff* threadBlockingHandoff();

class BlockingRegion {
 public:
  BlockingRegion();
  ~BlockingRegion();
  BlockingRegion(const BlockingRegion&) = delete;
  BlockingRegion& operator=(const BlockingRegion&) = delete;

  // True when the loop is served by another thread while this region is open.
  bool handedOff() const { return handoff_ != nullptr; }

 private:
  BlockingHandoff* handoff_ = nullptr;  // set when this region (the outermost) handed off
};

}  // namespace citadel::model
