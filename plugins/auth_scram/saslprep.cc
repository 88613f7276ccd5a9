#include "saslprep.h"

#include <unicode/usprep.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <memory>
#include <vector>

namespace plinth::auth {
namespace {

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

struct ProfileCloser {
  void operator()(UStringPrepProfile* p) const { usprep_close(p); }
};

// ICU ships RFC 4013's tables (Unicode 3.2, as the RFC requires). The profile is opened
// once and shared: usprep_prepare is thread-safe on an open profile.
UStringPrepProfile* saslprep_profile() {
  static const std::unique_ptr<UStringPrepProfile, ProfileCloser> profile = [] {
    UErrorCode status = U_ZERO_ERROR;
    UStringPrepProfile* p = usprep_openByType(USPREP_RFC4013_SASLPREP, &status);
    return std::unique_ptr<UStringPrepProfile, ProfileCloser>(U_SUCCESS(status) ? p : nullptr);
  }();
  return profile.get();
}

// UTF-8 → UTF-16; false on malformed UTF-8.
bool to_utf16(std::string_view in, std::vector<UChar>& out) {
  UErrorCode status = U_ZERO_ERROR;
  int32_t len = 0;
  u_strFromUTF8(nullptr, 0, &len, in.data(), static_cast<int32_t>(in.size()), &status);
  if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status)) return false;
  out.assign(static_cast<size_t>(len) + 1, 0);
  status = U_ZERO_ERROR;
  u_strFromUTF8(out.data(), static_cast<int32_t>(out.size()), &len, in.data(),
                static_cast<int32_t>(in.size()), &status);
  if (U_FAILURE(status)) return false;
  out.resize(static_cast<size_t>(len));
  return true;
}

bool to_utf8(const std::vector<UChar>& in, std::string& out) {
  UErrorCode status = U_ZERO_ERROR;
  int32_t len = 0;
  u_strToUTF8(nullptr, 0, &len, in.data(), static_cast<int32_t>(in.size()), &status);
  if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status)) return false;
  out.assign(static_cast<size_t>(len) + 1, '\0');
  status = U_ZERO_ERROR;
  u_strToUTF8(out.data(), static_cast<int32_t>(out.size()), &len, in.data(),
              static_cast<int32_t>(in.size()), &status);
  if (U_FAILURE(status)) return false;
  out.resize(static_cast<size_t>(len));
  return true;
}

}  // namespace

std::string saslprep_or_raw(std::string_view password) {
  if (is_ascii(password)) return std::string(password);

  UStringPrepProfile* profile = saslprep_profile();
  std::vector<UChar> input;
  if (profile == nullptr || !to_utf16(password, input)) return std::string(password);

  // Mapping can only shrink or keep the length, NFKC can grow it; retry once with the
  // size ICU asks for.
  std::vector<UChar> prepared(input.size() * 4 + 16);
  for (int attempt = 0; attempt < 2; ++attempt) {
    UErrorCode status = U_ZERO_ERROR;
    // USPREP_DEFAULT refuses unassigned code points, as PostgreSQL does for passwords
    // ("stored strings" in RFC 3454 terms).
    const int32_t len = usprep_prepare(profile, input.data(), static_cast<int32_t>(input.size()),
                                       prepared.data(), static_cast<int32_t>(prepared.size()),
                                       USPREP_DEFAULT, nullptr, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
      prepared.assign(static_cast<size_t>(len) + 1, 0);
      continue;
    }
    if (U_FAILURE(status)) return std::string(password);  // prohibited, unassigned, bidi
    prepared.resize(static_cast<size_t>(len));
    std::string out;
    if (!to_utf8(prepared, out)) return std::string(password);
    return out;
  }
  return std::string(password);
}

}  // namespace plinth::auth
