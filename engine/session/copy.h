// COPY ... FROM STDIN / TO STDOUT in text, CSV and binary formats. The engine parses
// and formats the data; the protocol layer moves the bytes (CopyData/CopyDone/CopyFail)
// through a CopyStream.
#pragma once

#include <string>
#include <string_view>

#include "engine/common/status.h"

struct PgQuery__CopyStmt;

namespace plinth {

class CopyStream {
 public:
  virtual ~CopyStream() = default;
  // CopyInResponse / CopyOutResponse: overall format (0 text, 1 binary), column count.
  virtual Status BeginCopyIn(int format, int columns) = 0;
  virtual Status BeginCopyOut(int format, int columns) = 0;
  // Next chunk of COPY data from the client; false at CopyDone. CopyFail → error 57014.
  virtual Result<bool> ReadChunk(std::string* chunk) = 0;
  virtual Status WriteChunk(std::string_view data) = 0;  // one CopyData message
  virtual Status EndCopyOut() = 0;                       // CopyDone
};

struct CopyOptions {
  enum class Format { Text, Csv, Binary } format = Format::Text;
  char delimiter = '\t';
  std::string null_text = "\\N";
  bool header = false;
  char quote = '"';
  char escape = '"';
};

Result<CopyOptions> ParseCopyOptions(const PgQuery__CopyStmt* cs);

}  // namespace plinth
