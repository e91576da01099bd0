#include "cse/codec/cbor_codec.h"

#include <cmath>

#include "cse/codec/utf8.h"

namespace citadel::codec {
namespace {

using model::Json;

// Builds the document like nlohmann's DOM parser, but refuses to open a container past the
// depth limit. The CBOR reader recurses per nesting level, so stopping here bounds the stack.
class DepthLimitedSax {
 public:
  DepthLimitedSax(Json& root, int max_depth) : dom_(root, false), max_depth_(max_depth) {}

  bool null() { return dom_.null(); }
  bool boolean(bool v) { return dom_.boolean(v); }
  bool number_integer(Json::number_integer_t v) { return dom_.number_integer(v); }
  bool number_unsigned(Json::number_unsigned_t v) { return dom_.number_unsigned(v); }
  // NaN and the infinities have no JSON equivalent (RFC 8259 §6): a JSON response would turn them
  // into null, so a CBOR body could store what no JSON client can read back (found by fuzzing).
  bool number_float(Json::number_float_t v, const std::string& s) {
    if (!std::isfinite(v)) {
      non_finite_ = true;
      return false;
    }
    return dom_.number_float(v, s);
  }
  // CBOR text strings must be UTF-8 (RFC 8949 §3.1) and the JSON codec would refuse them later:
  // reject here so that a CBOR body cannot store what a JSON body cannot.
  bool string(std::string& v) { return isValidUtf8(v) ? dom_.string(v) : badText(); }
  bool binary(Json::binary_t&) {
    too_deep_ = false;
    binary_ = true;
    return false;  // byte strings have no JSON equivalent in the oneM2M model
  }
  bool start_object(std::size_t n) { return ++depth_ <= max_depth_ ? dom_.start_object(n) : stop(); }
  bool key(std::string& k) { return isValidUtf8(k) ? dom_.key(k) : badText(); }
  bool end_object() {
    --depth_;
    return dom_.end_object();
  }
  bool start_array(std::size_t n) { return ++depth_ <= max_depth_ ? dom_.start_array(n) : stop(); }
  bool end_array() {
    --depth_;
    return dom_.end_array();
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
    error_ = e.what();
    return false;
  }

  bool tooDeep() const { return too_deep_; }
  bool sawBinary() const { return binary_; }
  bool sawBadText() const { return bad_text_; }
  bool sawNonFinite() const { return non_finite_; }
  const std::string& error() const { return error_; }

 private:
  bool stop() {
    too_deep_ = true;
    return false;
  }
  bool badText() {
    bad_text_ = true;
    return false;
  }
  nlohmann::detail::json_sax_dom_parser<Json> dom_;
  int max_depth_;
  int depth_ = 0;
  bool too_deep_ = false;
  bool binary_ = false;
  bool bad_text_ = false;
  bool non_finite_ = false;
  std::string error_;
};

}  // namespace

model::Result<Json> parseCbor(std::string_view body, const ParseLimits& limits) {
  if (body.size() > limits.max_bytes) {
    return model::Status::badRequest("request body of " + std::to_string(body.size()) +
                                     " bytes exceeds the limit of " +
                                     std::to_string(limits.max_bytes), "codec.too_large");
  }
  if (body.empty()) {
    return model::Status::badRequest("empty CBOR body", "codec.malformed_cbor");
  }
  Json root;
  DepthLimitedSax sax(root, limits.max_depth);
  bool ok = false;
  try {
    ok = Json::sax_parse(body.begin(), body.end(), &sax, nlohmann::detail::input_format_t::cbor,
                         true);
  } catch (const Json::exception& e) {
    return model::Status::badRequest(std::string("malformed CBOR: ") + e.what(),
                                     "codec.malformed_cbor");
  }
  if (sax.tooDeep()) {
    return model::Status::badRequest("CBOR nested deeper than " + std::to_string(limits.max_depth) +
                                     " levels", "codec.too_deep");
  }
  if (sax.sawBinary()) {
    return model::Status::badRequest("CBOR byte strings are not part of the oneM2M data model",
                                     "codec.cbor_binary");
  }
  if (sax.sawBadText()) {
    return model::Status::badRequest("CBOR text string is not valid UTF-8", "codec.bad_utf8");
  }
  if (sax.sawNonFinite()) {
    return model::Status::badRequest("CBOR float is NaN or infinite, which JSON cannot carry",
                                     "codec.cbor_non_finite");
  }
  if (!ok) {
    return model::Status::badRequest("malformed CBOR: " + sax.error(), "codec.malformed_cbor");
  }
  return root;
}

std::string serializeCbor(const Json& value) {
  std::string out;
  Json::to_cbor(value, out);
  return out;
}

}  // namespace citadel::codec
