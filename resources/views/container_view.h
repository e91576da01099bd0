#pragma once
// Typed reads of a <container> (ty 3, TS-0001 §9.6.6). Never throws; defaults as in
// attribute_reader.h.

#include "resources/views/attribute_reader.h"

namespace citadel::resources {

class ContainerView : public AttributeReader {
 public:
  using AttributeReader::AttributeReader;
  static constexpr int64_t kNoLimit = -1;
  int64_t maxNrOfInstances() const { return integer("mni", kNoLimit); }  // mni
  int64_t maxByteSize() const { return integer("mbs", kNoLimit); }       // mbs
  int64_t maxInstanceAge() const { return integer("mia", kNoLimit); }    // mia, seconds
  int64_t currentNrOfInstances() const { return integer("cni", 0); }     // cni
  int64_t currentByteSize() const { return integer("cbs", 0); }          // cbs
  int64_t stateTag() const { return integer("st", 0); }                  // st
  bool disableRetrieval() const { return boolean("disr", false); }       // disr
};

}  // namespace citadel::resources
