#include "security/config_lines.h"

#include <openssl/crypto.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "cse/codec/text.h"

namespace citadel::security {

model::Status forEachConfigLine(
    std::string_view text,
    const std::function<model::Status(size_t line, const std::vector<std::string_view>& fields)>&
        on_line) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  std::vector<std::string_view> fields;
  size_t line_number = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++line_number;
    if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    fields.clear();
    size_t position = 0;
    while (position < line.size()) {
      while (position < line.size() && blank(line[position])) ++position;
      size_t start = position;
      while (position < line.size() && !blank(line[position])) ++position;
      if (position > start) fields.push_back(line.substr(start, position - start));
    }
    if (fields.empty()) continue;
    if (model::Status status = on_line(line_number, fields); !status.isOk()) return status;
  }
  return {};
}

std::optional<std::string> decodeHexKey(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string key;
  key.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int high = codec::hexDigitValue(hex[i]);
    int low = codec::hexDigitValue(hex[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    key.push_back(static_cast<char>(high * 16 + low));
  }
  return key;
}

void wipe(std::string& text) { OPENSSL_cleanse(text.data(), text.size()); }

bool isPrintableField(std::string_view field) {
  for (unsigned char c : field) {
    if (c <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

model::Result<ProvisioningFile> readProvisioningFile(const std::string& path,
                                                      std::string_view what,
                                                      std::string_view reason, size_t max_bytes) {
  auto bad = [&](const std::string& problem) {
    return model::Status::badRequest(std::string(what) + " " + path + " " + problem, reason);
  };
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return bad(std::string("cannot be read: ") + std::strerror(errno));
  }
  if (static_cast<size_t>(info.st_size) > max_bytes) {
    return bad("is larger than " + std::to_string(max_bytes >> 10) + " KiB");
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) {
    return bad("cannot be read");
  }
  ProvisioningFile file{text.str(), static_cast<unsigned>(info.st_mode & 07777)};
  if (file.text.size() > max_bytes) {  // it grew between stat and read
    return bad("is larger than " + std::to_string(max_bytes >> 10) + " KiB");
  }
  return file;
}

model::Status requireOwnerOnly(const ProvisioningFile& file, const std::string& path,
                               std::string_view what, std::string_view reason) {
  if ((file.mode & 077) == 0) {
    return {};
  }
  char mode[8];
  std::snprintf(mode, sizeof(mode), "%04o", file.mode);
  return model::Status::badRequest(std::string(what) + " " + path + " has mode " + mode +
                                       ": it holds keys, make it readable by its owner only "
                                       "(chmod 600 " + path + ")",
                                   reason);
}

}  // namespace citadel::security
