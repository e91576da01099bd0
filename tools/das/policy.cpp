#include "tools/das/policy.h"

#include <charconv>
#include <fstream>
#include <optional>
#include <set>

#include "tools/token_cli/access_operations.h"

namespace citadel::tools::das {
namespace {

using model::Result;
using model::Status;

constexpr uint8_t kAllOperations = 1 | 2 | 4 | 8 | 16;  // C R U D N

Status lineError(size_t line, std::string_view what) {
  return Status::badRequest("line " + std::to_string(line) + ": " + std::string(what),
                            "das.bad_policy");
}

bool isBlank(char c) { return c == ' ' || c == '\t'; }

bool isControl(char c) {
  auto u = static_cast<unsigned char>(c);
  return (u < 0x20 && c != '\t') || u == 0x7f;
}

std::optional<int64_t> parseWholeNumber(std::string_view text) {
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || text[0] == '+' || error != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

std::optional<Verdict> parseVerdict(std::string_view text) {
  for (Verdict v : {Verdict::kGrantOnce, Verdict::kGrant, Verdict::kToken, Verdict::kDeny}) {
    if (verdictName(v) == text) {
      return v;
    }
  }
  return std::nullopt;
}

std::vector<std::string_view> splitFields(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t position = 0;
  while (position < line.size()) {
    while (position < line.size() && isBlank(line[position])) ++position;
    size_t start = position;
    while (position < line.size() && !isBlank(line[position])) ++position;
    if (position > start) fields.push_back(line.substr(start, position - start));
  }
  return fields;
}

Status checkPattern(size_t line, std::string_view name, std::string_view pattern) {
  if (pattern.size() > kMaxPatternBytes) {
    return lineError(line, std::string(name) + " pattern longer than " +
                               std::to_string(kMaxPatternBytes) + " bytes");
  }
  return {};
}

// One key=value option after the decision.
Status applyOption(size_t line, std::string_view field, PolicyRule& rule,
                   std::set<std::string_view>& seen) {
  size_t eq = field.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    return lineError(line, "expected key=value after the decision, got '" +
                               std::string(field.substr(0, 64)) + "'");
  }
  std::string_view key = field.substr(0, eq);
  std::string_view text = field.substr(eq + 1);
  if (key != "pl" && key != "ttl" && key != "delay") {
    return lineError(line, "unknown key '" + std::string(key.substr(0, 64)) +
                               "' (keys: pl= for grant, ttl= for token, delay= for any)");
  }
  if (!seen.insert(key).second) {
    return lineError(line, std::string(key) + "= given twice");
  }
  std::optional<int64_t> value = parseWholeNumber(text);
  if (key == "delay") {
    if (!value || *value < 0 || *value > kMaxDelayMs) {
      return lineError(line, "delay= expects milliseconds 0.." + std::to_string(kMaxDelayMs));
    }
    rule.delay = std::chrono::milliseconds(*value);
    return {};
  }
  Verdict wanted = key == "pl" ? Verdict::kGrant : Verdict::kToken;
  if (rule.verdict != wanted) {
    return lineError(line, std::string(key) + "= applies only to '" +
                               std::string(verdictName(wanted)) + "' rules");
  }
  if (!value || *value < 1 || *value > kMaxLifetimeSeconds) {
    return lineError(
        line, std::string(key) + "= expects seconds 1.." + std::to_string(kMaxLifetimeSeconds));
  }
  (key == "pl" ? rule.privileges_lifetime : rule.token_ttl) = std::chrono::seconds(*value);
  return {};
}

Result<PolicyRule> parseRule(size_t line, const std::vector<std::string_view>& fields) {
  if (fields.size() < 4) {
    return lineError(line, "expected <originator> <target> <ops> <decision> [key=value...]");
  }
  PolicyRule rule;
  rule.line = line;
  CITADEL_RETURN_IF_ERROR(checkPattern(line, "originator", fields[0]));
  CITADEL_RETURN_IF_ERROR(checkPattern(line, "target", fields[1]));
  rule.originator_pattern = std::string(fields[0]);
  rule.target_pattern = std::string(fields[1]);
  if (fields[2] == "*") {
    rule.operations = kAllOperations;
  } else if (auto bits = parseOperationLetters(fields[2], "CRUDN")) {
    rule.operations = *bits;
  } else {
    return lineError(line, "ops '" + std::string(fields[2].substr(0, 64)) +
                               "': expected letters of CRUDN or '*'");
  }
  auto verdict = parseVerdict(fields[3]);
  if (!verdict) {
    return lineError(line, "unknown decision '" + std::string(fields[3].substr(0, 64)) +
                               "' (grant-once, grant, token, deny)");
  }
  rule.verdict = *verdict;
  std::set<std::string_view> seen;  // views into the line, which outlives the loop
  for (size_t i = 4; i < fields.size(); ++i) {
    CITADEL_RETURN_IF_ERROR(applyOption(line, fields[i], rule, seen));
  }
  if (rule.verdict == Verdict::kGrant && rule.privileges_lifetime.count() == 0) {
    return lineError(line, "grant needs pl=<seconds> (use grant-once for a single request)");
  }
  if (rule.verdict == Verdict::kToken && rule.token_ttl.count() == 0) {
    return lineError(line, "token needs ttl=<seconds>");
  }
  return rule;
}

}  // namespace

std::string_view verdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kGrantOnce:
      return "grant-once";
    case Verdict::kGrant:
      return "grant";
    case Verdict::kToken:
      return "token";
    case Verdict::kDeny:
      return "deny";
  }
  return "deny";
}

bool Policy::issuesTokens() const {
  for (const PolicyRule& rule : rules) {
    if (rule.verdict == Verdict::kToken) {
      return true;
    }
  }
  return false;
}

Result<Policy> parsePolicy(std::string_view text) {
  if (text.size() > kMaxPolicyBytes) {
    return Status::badRequest("policy larger than " + std::to_string(kMaxPolicyBytes) + " bytes",
                              "das.bad_policy");
  }
  Policy policy;
  size_t line_number = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++line_number;
    if (line.size() > kMaxPolicyLineBytes) {
      return lineError(line_number,
                       "longer than " + std::to_string(kMaxPolicyLineBytes) + " bytes");
    }
    if (line.ends_with('\r')) line.remove_suffix(1);  // CRLF files
    // Checked before the comment is cut: a NUL or escape in a comment is as suspicious.
    for (char c : line) {
      if (isControl(c)) {
        return lineError(line_number, "control character (byte " +
                                          std::to_string(static_cast<unsigned char>(c)) + ")");
      }
    }
    if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    std::vector<std::string_view> fields = splitFields(line);
    if (fields.empty()) {
      continue;
    }
    if (policy.rules.size() == kMaxPolicyRules) {
      return lineError(line_number, "more than " + std::to_string(kMaxPolicyRules) + " rules");
    }
    CITADEL_ASSIGN_OR_RETURN(PolicyRule rule, parseRule(line_number, fields));
    policy.rules.push_back(std::move(rule));
  }
  return policy;
}

Result<Policy> loadPolicyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::badRequest("--policy: cannot read " + path, "das.bad_policy");
  }
  std::string text(kMaxPolicyBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  auto policy = parsePolicy(text);
  if (!policy.isOk()) {
    return Status::badRequest("--policy " + path + ": " + policy.status().dbg(), "das.bad_policy");
  }
  return policy;
}

}  // namespace citadel::tools::das
