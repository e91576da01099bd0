#include "bindings/coap/coap_status_mapping.h"

#include "bindings/coap/coap_options.h"

namespace citadel::coap {
namespace {

struct Row {
  uint16_t rsc;
  uint8_t coap;
};

constexpr uint8_t k201 = code(2, 1);
constexpr uint8_t k202 = code(2, 2);
constexpr uint8_t k204 = code(2, 4);
constexpr uint8_t k400 = code(4, 0);
constexpr uint8_t k402 = code(4, 2);
constexpr uint8_t k403 = code(4, 3);
constexpr uint8_t k404 = code(4, 4);
constexpr uint8_t k405 = code(4, 5);
constexpr uint8_t k406 = code(4, 6);
constexpr uint8_t k415 = code(4, 15);
constexpr uint8_t k500 = code(5, 0);
constexpr uint8_t k501 = code(5, 1);
constexpr uint8_t k504 = code(5, 4);

// TS-0008 Table 6.2.4-1 in rsc order; 1002 and 2000 depend on context (coapCodeFor).
constexpr Row kTable[] = {
    {1000, k204}, {1001, k201},
    {2001, k201}, {2002, k202}, {2004, k204},
    {4000, k400}, {4001, k501}, {4004, k404}, {4005, k405}, {4008, k504}, {4015, k415},
    {4101, k403}, {4102, k400}, {4103, k403}, {4104, k400}, {4105, k403}, {4106, k403},
    {4107, k403}, {4108, k403}, {4109, k403}, {4110, k400}, {4111, k403}, {4112, k403},
    {4113, k403}, {4114, k403}, {4115, k403}, {4116, k403}, {4117, k403}, {4118, k404},
    {4119, k404}, {4120, k402}, {4121, k404}, {4122, k402}, {4123, k400}, {4124, k400},
    {4125, k501}, {4126, k403}, {4127, k403}, {4143, k400},
    {5000, k500}, {5001, k501}, {5103, k404}, {5105, k403}, {5106, k400}, {5107, k404},
    {5203, k403}, {5204, k500}, {5205, k403}, {5206, k501}, {5207, k406}, {5208, k403},
    {5209, k500}, {5210, k500}, {5211, k500}, {5212, k500}, {5214, k403}, {5215, k403},
    {5216, k500}, {5217, k500}, {5218, k403}, {5219, k400}, {5220, k400}, {5221, k500},
    {5222, k403},
    {6003, k404}, {6005, k404}, {6010, k400}, {6020, k500}, {6021, k500}, {6022, k400},
    {6023, k400}, {6024, k400}, {6025, k500}, {6026, k500}, {6028, k400}, {6029, k400},
    {6030, k504}, {6031, k504},
};

}  // namespace

uint8_t coapCodeFor(model::Rsc rsc, model::Operation operation, bool request_created) {
  auto value = static_cast<uint16_t>(rsc);
  if (value == 2000) {
    // 2.05 Content answers RETRIEVE; NOTIFY (and anything else) gets 2.04 Changed.
    return operation == model::Operation::kRetrieve ? code(2, 5) : k204;
  }
  if (value == 1002) {
    return request_created ? k201 : k204;
  }
  for (const Row& row : kTable) {
    if (row.rsc == value) return row.coap;
  }
  if (value < 4000) return k204;
  if (value >= 4100 && value < 4200) return k403;
  if (value < 5000) return k400;
  return k500;
}

}  // namespace citadel::coap
