#include "data_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "store_error.h"

namespace plinth::storage_lmdb {
namespace fs = std::filesystem;
namespace {

std::string Quoted(const fs::path& p) { return "\"" + p.string() + "\""; }

[[noreturn]] void IoError(const std::string& what, int err) {
  throw StoreError(err == ENOSPC ? "53100" : "58030",
                   "storage_lmdb: " + what + ": " + std::strerror(err));
}

void FsyncPath(const fs::path& p, int flags) {
  int fd = ::open(p.c_str(), flags | O_CLOEXEC);
  if (fd < 0) IoError("could not open " + Quoted(p), errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) IoError("could not fsync " + Quoted(p), err);
}

std::string ReadHolderPid(int fd) {
  char buf[32] = {};
  ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  if (n <= 0) return "";
  std::string s(buf, static_cast<size_t>(n));
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

DirLock::DirLock(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) IoError("could not create directory " + Quoted(dir), ec.value());
  const fs::path lock_path = fs::path(dir) / "plinth.lock";
  fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) IoError("could not open lock file " + Quoted(lock_path), errno);
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    std::string holder = ReadHolderPid(fd_);
    ::close(fd_);
    fd_ = -1;
    if (err != EWOULDBLOCK) IoError("could not lock " + Quoted(lock_path), err);
    throw StoreError("55000", "data directory " + Quoted(dir) +
                                  " is in use by another Plinth server (lock file " +
                                  Quoted(lock_path) +
                                  (holder.empty() ? "" : ", held by pid " + holder) +
                                  "); stop that server or use another -D");
  }
  // Record who holds it, for the message above; purely informational.
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, pid.data(), pid.size(), 0) < 0) {
    // Not fatal: the flock, not the content, is the lock.
  }
}

DirLock::~DirLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

void EnsureFormatVersion(const std::string& dir) {
  const fs::path version_path = fs::path(dir) / "FORMAT_VERSION";
  const std::string expected = std::to_string(kFormatVersion);
  std::error_code ec;
  if (fs::exists(version_path, ec)) {
    std::ifstream in(version_path);
    std::string found;
    std::getline(in, found);
    if (!in && !in.eof()) IoError("could not read " + Quoted(version_path), errno);
    if (found == "1") {
      // Version 1 is version 2 without write-ahead log files; they are created at open.
      // Rewritten first, so that an older build never opens a directory whose log it
      // would ignore.
      WriteFormatVersion(dir);
      return;
    }
    if (found != expected) {
      throw StoreError("58000", "data directory " + Quoted(dir) + " has storage format version \"" +
                                    found + "\" but this storage_lmdb reads version " + expected +
                                    " (file " + Quoted(version_path) +
                                    "); use the Plinth release that wrote it, or another -D");
    }
    return;
  }
  if (fs::exists(fs::path(dir) / "data.mdb", ec)) {
    throw StoreError("58000", "data directory " + Quoted(dir) +
                                  " holds LMDB data but no FORMAT_VERSION file, so it was not "
                                  "created by storage_lmdb (or the file was lost); refusing to open it");
  }
  // Fresh directory: write the version first, durably, so a crash can never leave
  // data without it.
  WriteFormatVersion(dir);
}

void WriteFormatVersion(const std::string& dir) {
  const fs::path version_path = fs::path(dir) / "FORMAT_VERSION";
  const std::string expected = std::to_string(kFormatVersion);
  std::error_code ec;
  const fs::path tmp = fs::path(dir) / "FORMAT_VERSION.tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << expected << "\n";
    out.flush();
    if (!out) IoError("could not write " + Quoted(tmp), errno);
  }
  FsyncPath(tmp, O_RDONLY);
  fs::rename(tmp, version_path, ec);
  if (ec) IoError("could not rename " + Quoted(tmp), ec.value());
  FsyncPath(dir, O_RDONLY | O_DIRECTORY);
}

}  // namespace plinth::storage_lmdb
