#include "cse/codec/json_reader.h"

#include <cmath>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace citadel::codec {
namespace {

// Bytes that end a run of plain string characters: controls, '"', '\\' and every non-ASCII
// byte (validated as UTF-8 one sequence at a time).
constexpr bool endsPlainRun(unsigned char c) {
  return c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
}

struct PlainTable {
  bool ends[256];
  constexpr PlainTable() : ends() {
    for (int c = 0; c < 256; ++c) ends[c] = endsPlainRun(static_cast<unsigned char>(c));
  }
};
constexpr PlainTable kPlain;

class Reader {
 public:
  Reader(std::string_view text, int max_depth, JsonReadError& error)
      : begin_(text.data()), p_(text.data()), end_(text.data() + text.size()),
        max_depth_(max_depth), error_(error) {}

  bool document(model::Json& out) {
    // A UTF-8 byte order mark is skipped, as the library does; a broken one is an error.
    if (p_ != end_ && static_cast<unsigned char>(*p_) == 0xEF) {
      if (end_ - p_ < 3 || static_cast<unsigned char>(p_[1]) != 0xBB ||
          static_cast<unsigned char>(p_[2]) != 0xBF) {
        return fail("invalid byte order mark; must be EF BB BF if given");
      }
      p_ += 3;
    }
    skipSpace();
    if (!value(out, 0)) return false;
    skipSpace();
    if (p_ != end_) return fail("unexpected content after the JSON value");
    return true;
  }

 private:
  bool fail(const char* message) {
    error_.offset = static_cast<size_t>(p_ - begin_);
    error_.message = message;
    return false;
  }

  void skipSpace() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  bool value(model::Json& out, int depth) {
    if (p_ == end_) return fail("unexpected end of input; expected a value");
    switch (*p_) {
      case '{':
        return object(out, depth + 1);
      case '[':
        return array(out, depth + 1);
      case '"': {
        std::string text;
        if (!string(text)) return false;
        out = std::move(text);
        return true;
      }
      case 't':
        return literal("true", out, model::Json(true));
      case 'f':
        return literal("false", out, model::Json(false));
      case 'n':
        return literal("null", out, model::Json(nullptr));
      default:
        if (*p_ == '-' || (*p_ >= '0' && *p_ <= '9')) return number(out);
        return fail("unexpected character; expected a value");
    }
  }

  bool literal(std::string_view word, model::Json& out, model::Json value) {
    if (static_cast<size_t>(end_ - p_) < word.size() ||
        std::string_view(p_, word.size()) != word) {
      return fail("invalid literal");
    }
    p_ += word.size();
    out = std::move(value);
    return true;
  }

  bool object(model::Json& out, int depth) {
    if (depth > max_depth_) return fail("nested too deep");
    ++p_;  // '{'
    out = model::Json::object();
    auto& members = out.get_ref<model::Json::object_t&>();
    skipSpace();
    if (p_ != end_ && *p_ == '}') {
      ++p_;
      return true;
    }
    std::string key;
    while (true) {
      if (p_ == end_ || *p_ != '"') return fail("expected a member name");
      key.clear();
      if (!string(key)) return false;
      skipSpace();
      if (p_ == end_ || *p_ != ':') return fail("expected ':' after a member name");
      ++p_;
      skipSpace();
      // The last of duplicate names wins, as in the library's tree.
      auto member = members.try_emplace(std::move(key)).first;
      if (!value(member->second, depth)) return false;
      skipSpace();
      if (p_ == end_) return fail("unexpected end of input in an object");
      if (*p_ == ',') {
        ++p_;
        skipSpace();
        continue;
      }
      if (*p_ == '}') {
        ++p_;
        return true;
      }
      return fail("expected ',' or '}' in an object");
    }
  }

  bool array(model::Json& out, int depth) {
    if (depth > max_depth_) return fail("nested too deep");
    ++p_;  // '['
    out = model::Json::array();
    auto& items = out.get_ref<model::Json::array_t&>();
    skipSpace();
    if (p_ != end_ && *p_ == ']') {
      ++p_;
      return true;
    }
    while (true) {
      items.emplace_back();
      if (!value(items.back(), depth)) return false;
      skipSpace();
      if (p_ == end_) return fail("unexpected end of input in an array");
      if (*p_ == ',') {
        ++p_;
        skipSpace();
        continue;
      }
      if (*p_ == ']') {
        ++p_;
        return true;
      }
      return fail("expected ',' or ']' in an array");
    }
  }

  // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?  Integers that fit 64 bits stay integers
  // (unsigned unless negative); others, fractions and exponents are doubles.
  bool number(model::Json& out) {
    const char* start = p_;
    bool negative = *p_ == '-';
    if (negative) ++p_;
    if (p_ == end_ || *p_ < '0' || *p_ > '9') return fail("invalid number; expected a digit");
    if (*p_ == '0') {
      ++p_;
    } else {
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    bool integral = true;
    if (p_ != end_ && *p_ == '.') {
      integral = false;
      ++p_;
      if (p_ == end_ || *p_ < '0' || *p_ > '9') return fail("invalid number; expected a digit");
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      integral = false;
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_ || *p_ < '0' || *p_ > '9') return fail("invalid number; expected a digit");
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    if (integral) {
      if (negative) {
        int64_t parsed = 0;
        auto [end, ec] = std::from_chars(start, p_, parsed);
        if (ec == std::errc() && end == p_) {
          out = parsed;
          return true;
        }
      } else {
        uint64_t parsed = 0;
        auto [end, ec] = std::from_chars(start, p_, parsed);
        if (ec == std::errc() && end == p_) {
          out = parsed;
          return true;
        }
      }
    }
    // strtod, as the library uses; a value past the double range is refused there too. The
    // token is copied because the text is not NUL-terminated.
    std::string token(start, p_);
    double parsed = std::strtod(token.c_str(), nullptr);
    if (!std::isfinite(parsed)) {
      p_ = start;
      return fail("number out of the range of a double");
    }
    out = parsed;
    return true;
  }

  static int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  // Four hex digits after "\u"; -1 when malformed. p_ is on the 'u'.
  int codeUnit() {
    if (end_ - p_ < 5) return -1;
    int unit = 0;
    for (int i = 1; i <= 4; ++i) {
      int digit = hexDigit(p_[i]);
      if (digit < 0) return -1;
      unit = unit * 16 + digit;
    }
    p_ += 5;
    return unit;
  }

  static void appendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  // One escape sequence; p_ is on the character after the backslash.
  bool escape(std::string& out) {
    if (p_ == end_) return fail("unexpected end of input in an escape");
    char c = *p_;
    switch (c) {
      case '"': out.push_back('"'); break;
      case '\\': out.push_back('\\'); break;
      case '/': out.push_back('/'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'u': {
        int unit = codeUnit();
        if (unit < 0) return fail("'\\u' must be followed by 4 hex digits");
        uint32_t cp = static_cast<uint32_t>(unit);
        if (cp >= 0xDC00 && cp <= 0xDFFF) {
          return fail("a low surrogate must follow a high surrogate");
        }
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') {
            return fail("a high surrogate must be followed by a low surrogate");
          }
          ++p_;  // onto the 'u'
          int low = codeUnit();
          if (low < 0xDC00 || low > 0xDFFF) {
            return fail("a high surrogate must be followed by a low surrogate");
          }
          cp = 0x10000 + ((cp - 0xD800) << 10) + (static_cast<uint32_t>(low) - 0xDC00);
        }
        appendUtf8(out, cp);
        return true;
      }
      default:
        return fail("invalid escape sequence");
    }
    ++p_;
    return true;
  }

  // One well-formed UTF-8 sequence (RFC 3629: no overlongs, surrogates or values past U+10FFFF)
  // starting at p_, copied to `out`.
  bool utf8(std::string& out) {
    auto byte = [this](int i) { return static_cast<unsigned char>(p_[i]); };
    unsigned char lead = byte(0);
    int length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      return fail("invalid UTF-8 byte in a string");
    }
    if (end_ - p_ < length) return fail("truncated UTF-8 sequence in a string");
    if (byte(1) < low || byte(1) > high) return fail("invalid UTF-8 byte in a string");
    for (int i = 2; i < length; ++i) {
      if (byte(i) < 0x80 || byte(i) > 0xBF) return fail("invalid UTF-8 byte in a string");
    }
    out.append(p_, static_cast<size_t>(length));
    p_ += length;
    return true;
  }

  // A string; p_ is on the opening quote. Appends the decoded text to `out`.
  bool string(std::string& out) {
    ++p_;
    while (true) {
      const char* run = p_;
      while (p_ != end_ && !kPlain.ends[static_cast<unsigned char>(*p_)]) ++p_;
      out.append(run, static_cast<size_t>(p_ - run));
      if (p_ == end_) return fail("unexpected end of input in a string");
      unsigned char c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c == '\\') {
        ++p_;
        if (!escape(out)) return false;
      } else if (c < 0x20) {
        return fail("control character in a string must be escaped");
      } else if (!utf8(out)) {
        return false;
      }
    }
  }

  const char* begin_;
  const char* p_;
  const char* end_;
  int max_depth_;
  JsonReadError& error_;
};

}  // namespace

bool readJson(std::string_view text, int max_depth, model::Json& out, JsonReadError& error) {
  return Reader(text, max_depth, error).document(out);
}

}  // namespace citadel::codec
