#include "wal_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <boost/crc.hpp>
#include <cerrno>
#include <cstring>

#include "store_error.h"

namespace plinth::storage_lmdb {
namespace {

constexpr char kMagic[8] = {'P', 'L', 'N', 'T', 'W', 'A', 'L', '1'};
constexpr uint32_t kStateRetired = 0;
constexpr uint32_t kStateActive = 1;

[[noreturn]] void ThrowErrno(const std::string& what) {
  const int err = errno;
  const char* state = err == ENOSPC ? "53100" : "58030";
  throw StoreError(state, "storage_lmdb: " + what + ": " + std::strerror(err));
}

void PutLe(uint64_t v, int bytes, unsigned char* out) {
  for (int i = 0; i < bytes; i++) out[i] = static_cast<unsigned char>(v >> (8 * i));
}

uint64_t GetLe(const unsigned char* in, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; i--) v = (v << 8) | in[i];
  return v;
}

uint32_t RecordCrc(const unsigned char* header, std::string_view payload) {
  boost::crc_32_type crc;
  crc.process_bytes(header, 4);      // length
  crc.process_bytes(header + 8, 8);  // generation
  crc.process_bytes(payload.data(), payload.size());
  return crc.checksum();
}

std::string FilePath(const std::string& dir, int file) {
  return dir + "/wal." + std::to_string(file);
}

bool FullRead(int fd, void* buf, size_t len, uint64_t offset) {
  auto* p = static_cast<char*>(buf);
  while (len > 0) {
    ssize_t n = pread(fd, p, len, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    len -= static_cast<size_t>(n);
    offset += static_cast<uint64_t>(n);
  }
  return true;
}

}  // namespace

WalFiles::WalFiles(const std::string& dir, uint64_t file_bytes, bool sync)
    : dir_(dir), file_bytes_(file_bytes), sync_(sync) {
  bool created = false;
  for (int f = 0; f < 2; f++) {
    const std::string path = FilePath(dir_, f);
    int fd = open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) {
      fd = open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd >= 0) {
        // Reserve the blocks now so that later appends never change the file's size.
        if (int rc = posix_fallocate(fd, 0, static_cast<off_t>(file_bytes_)); rc != 0) {
          close(fd);
          unlink(path.c_str());
          errno = rc;
          ThrowErrno("could not preallocate \"" + path + "\"");
        }
        fds_[f] = fd;
        WriteHeader(f, 0, false);
        created = true;
        continue;
      }
    }
    if (fd < 0) ThrowErrno("could not open \"" + path + "\"");
    fds_[f] = fd;
    struct stat st;
    if (fstat(fd, &st) != 0) ThrowErrno("could not stat \"" + path + "\"");
    // An existing file keeps its size: the setting applies to files made from now on.
    if (f == 0 || static_cast<uint64_t>(st.st_size) < file_bytes_) {
      file_bytes_ = static_cast<uint64_t>(st.st_size);
    }
  }
  if (file_bytes_ < kHeaderBytes + kRecordHeaderBytes + 1) {
    throw StoreError("58000", "storage_lmdb: write-ahead log files in \"" + dir_ +
                                  "\" are truncated (" + std::to_string(file_bytes_) + " bytes)");
  }
  for (int f = 0; f < 2; f++) {
    const Header h = ReadHeader(f);
    if (h.valid && h.generation > generation_) generation_ = h.generation;
  }
  if (created) {
    int dfd = open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0 || fsync(dfd) != 0) ThrowErrno("could not sync directory \"" + dir_ + "\"");
    close(dfd);
  }
}

WalFiles::~WalFiles() {
  for (int fd : fds_) {
    if (fd >= 0) close(fd);
  }
}

WalFiles::Header WalFiles::ReadHeader(int file) const {
  unsigned char buf[24];
  Header h;
  if (!FullRead(fds_[file], buf, sizeof buf, 0) || std::memcmp(buf, kMagic, 8) != 0) return h;
  boost::crc_32_type crc;
  crc.process_bytes(buf, 20);
  if (crc.checksum() != GetLe(buf + 20, 4)) return h;
  h.generation = GetLe(buf + 8, 8);
  h.active = GetLe(buf + 16, 4) == kStateActive;
  h.valid = true;
  return h;
}

void WalFiles::WriteHeader(int file, uint64_t generation, bool active) {
  unsigned char buf[24];
  std::memcpy(buf, kMagic, 8);
  PutLe(generation, 8, buf + 8);
  PutLe(active ? kStateActive : kStateRetired, 4, buf + 16);
  boost::crc_32_type crc;
  crc.process_bytes(buf, 20);
  PutLe(crc.checksum(), 4, buf + 20);
  if (pwrite(fds_[file], buf, sizeof buf, 0) != static_cast<ssize_t>(sizeof buf)) {
    ThrowErrno("could not write the header of \"" + FilePath(dir_, file) + "\"");
  }
  // Always synced, even with sync off: a header names which records recovery trusts.
  if (fdatasync(fds_[file]) != 0) ThrowErrno("could not sync \"" + FilePath(dir_, file) + "\"");
}

void WalFiles::SyncFile(int file, const char* what) {
  if (sync_ && fdatasync(fds_[file]) != 0) {
    ThrowErrno(std::string("could not sync ") + what + " \"" + FilePath(dir_, file) + "\"");
  }
}

std::vector<std::string> WalFiles::ReadActive() const {
  std::vector<std::pair<uint64_t, int>> active;
  for (int f = 0; f < 2; f++) {
    const Header h = ReadHeader(f);
    if (h.valid && h.active) active.emplace_back(h.generation, f);
  }
  if (active.size() == 2 && active[0].first > active[1].first) std::swap(active[0], active[1]);
  std::vector<std::string> payloads;
  for (auto [generation, f] : active) {
    uint64_t offset = kHeaderBytes;
    unsigned char header[kRecordHeaderBytes];
    while (offset + kRecordHeaderBytes <= file_bytes_ &&
           FullRead(fds_[f], header, kRecordHeaderBytes, offset)) {
      const uint64_t len = GetLe(header, 4);
      if (len == 0 || GetLe(header + 8, 8) != generation ||
          len > file_bytes_ - offset - kRecordHeaderBytes) {
        break;
      }
      std::string payload(len, '\0');
      if (!FullRead(fds_[f], payload.data(), len, offset + kRecordHeaderBytes)) break;
      if (RecordCrc(header, payload) != GetLe(header + 4, 4)) break;
      payloads.push_back(std::move(payload));
      offset += kRecordHeaderBytes + len;
    }
  }
  return payloads;
}

void WalFiles::RetireAll() {
  for (int f = 0; f < 2; f++) Retire(f);
}

void WalFiles::Retire(int file) {
  const Header h = ReadHeader(file);
  if (h.valid && !h.active) return;
  WriteHeader(file, h.valid ? h.generation : 0, false);
  if (writing_ && file == current_) writing_ = false;
}

void WalFiles::SwitchFile() {
  const int next = writing_ ? 1 - current_ : current_;
  WriteHeader(next, ++generation_, true);
  current_ = next;
  offset_ = kHeaderBytes;
  writing_ = true;
}

bool WalFiles::Fits(size_t payload_bytes) const {
  return writing_ && offset_ + kRecordHeaderBytes + payload_bytes <= file_bytes_;
}

void WalFiles::Append(std::string_view payload) {
  if (broken_) {
    throw StoreError("58030", "storage_lmdb: an earlier write to the write-ahead log failed; "
                              "commits are refused until the server is restarted");
  }
  unsigned char header[kRecordHeaderBytes];
  PutLe(payload.size(), 4, header);
  PutLe(generation_, 8, header + 8);
  PutLe(RecordCrc(header, payload), 4, header + 4);
  iovec parts[2] = {{header, kRecordHeaderBytes},
                    {const_cast<char*>(payload.data()), payload.size()}};
  const size_t total = kRecordHeaderBytes + payload.size();
  ssize_t n;
  do {
    n = pwritev(fds_[current_], parts, 2, static_cast<off_t>(offset_));
  } while (n < 0 && errno == EINTR);
  if (n != static_cast<ssize_t>(total)) {
    if (n >= 0) errno = EIO;  // a short write into preallocated space: treat as I/O error
    ThrowErrno("could not write to \"" + FilePath(dir_, current_) + "\"");
  }
  // After a failed fdatasync the kernel may have dropped the dirty pages and cleared the
  // error, so whether this record is durable is unknowable: like PostgreSQL, refuse
  // every later commit rather than acknowledge on top of a possibly lost one.
  broken_ = true;
  SyncFile(current_, "the write-ahead log");
  broken_ = false;
  offset_ += total;
}

}  // namespace plinth::storage_lmdb
