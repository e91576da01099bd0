#include "security/mef_client/credential_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace citadel::security::mef {

bool writeFileAtomically(const std::string& path, const std::string& text, mode_t mode) {
  std::string temporary = path + ".tmp";
  ::unlink(temporary.c_str());  // O_EXCL below: never write through someone else's link
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return false;
  bool ok = ::fchmod(fd, mode) == 0 &&
            ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  if (!ok || ::rename(temporary.c_str(), path.c_str()) != 0) {
    ::unlink(temporary.c_str());
    return false;
  }
  return true;
}

}  // namespace citadel::security::mef
