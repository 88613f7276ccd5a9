#include "engine/session/copy_format.h"

#include <cctype>

namespace plinth::copyfmt {

Status ParseTextLine(std::string_view line, const CopyOptions& opt, std::vector<std::optional<std::string>>* fields) {
  fields->clear();
  std::string cur;
  bool raw_null_candidate = true;  // the field so far is exactly its raw text
  std::string raw;
  auto finish = [&] {
    if (raw == opt.null_text) fields->push_back(std::nullopt);
    else fields->push_back(cur);
    cur.clear();
    raw.clear();
  };
  for (size_t i = 0; i < line.size(); i++) {
    char c = line[i];
    if (c == opt.delimiter) {
      finish();
      continue;
    }
    raw.push_back(c);
    if (c != '\\') {
      cur.push_back(c);
      continue;
    }
    if (i + 1 >= line.size()) {
      cur.push_back('\\');
      continue;
    }
    char n = line[++i];
    raw.push_back(n);
    switch (n) {
      case 'b': cur.push_back('\b'); break;
      case 'f': cur.push_back('\f'); break;
      case 'n': cur.push_back('\n'); break;
      case 'r': cur.push_back('\r'); break;
      case 't': cur.push_back('\t'); break;
      case 'v': cur.push_back('\v'); break;
      case 'x': {
        int v = 0, digits = 0;
        while (digits < 2 && i + 1 < line.size() && std::isxdigit(static_cast<unsigned char>(line[i + 1]))) {
          char h = line[++i];
          raw.push_back(h);
          v = v * 16 + (std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : (std::tolower(h) - 'a' + 10));
          digits++;
        }
        if (digits == 0) cur.push_back('x');
        else cur.push_back(static_cast<char>(v));
        break;
      }
      default:
        if (n >= '0' && n <= '7') {
          int v = n - '0', digits = 1;
          while (digits < 3 && i + 1 < line.size() && line[i + 1] >= '0' && line[i + 1] <= '7') {
            v = v * 8 + (line[++i] - '0');
            raw.push_back(line[i]);
            digits++;
          }
          cur.push_back(static_cast<char>(v & 0xff));
        } else {
          cur.push_back(n);
        }
    }
  }
  (void)raw_null_candidate;
  finish();
  return Status::OK();
}

bool CsvRecordIncomplete(std::string_view text, const CopyOptions& opt) {
  bool in_quotes = false;
  for (size_t i = 0; i < text.size(); i++) {
    char c = text[i];
    if (in_quotes) {
      if (c == opt.escape && opt.escape != opt.quote && i + 1 < text.size() && (text[i + 1] == opt.quote || text[i + 1] == opt.escape)) {
        i++;
      } else if (c == opt.quote) {
        if (opt.escape == opt.quote && i + 1 < text.size() && text[i + 1] == opt.quote) i++;
        else in_quotes = false;
      }
    } else if (c == opt.quote) {
      in_quotes = true;
    }
  }
  return in_quotes;
}

Status ParseCsvRecord(std::string_view rec, const CopyOptions& opt, std::vector<std::optional<std::string>>* fields) {
  fields->clear();
  std::string cur;
  bool quoted = false, in_quotes = false;
  auto finish = [&] {
    // An unquoted field equal to the NULL string is NULL; a quoted one never is.
    if (!quoted && cur == opt.null_text) fields->push_back(std::nullopt);
    else fields->push_back(cur);
    cur.clear();
    quoted = false;
  };
  for (size_t i = 0; i < rec.size(); i++) {
    char c = rec[i];
    if (in_quotes) {
      if (c == opt.escape && i + 1 < rec.size() && (rec[i + 1] == opt.quote || (opt.escape != opt.quote && rec[i + 1] == opt.escape))) {
        cur.push_back(rec[++i]);
      } else if (c == opt.quote) {
        in_quotes = false;
      } else {
        cur.push_back(c);
      }
      continue;
    }
    if (c == opt.delimiter) finish();
    else if (c == opt.quote) in_quotes = quoted = true;
    else cur.push_back(c);
  }
  if (in_quotes) return Status::Error("22P04", "unterminated CSV quoted field");
  finish();
  return Status::OK();
}

void AppendTextField(std::string_view value, const CopyOptions& opt, std::string* out) {
  for (char c : value) {
    switch (c) {
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      case '\v': out->append("\\v"); break;
      default:
        if (c == opt.delimiter) {
          out->push_back('\\');
        }
        out->push_back(c);
    }
  }
}

void AppendCsvField(std::string_view value, const CopyOptions& opt, std::string* out) {
  bool needs_quotes = value.empty() || value == opt.null_text;
  for (char c : value)
    if (c == opt.delimiter || c == opt.quote || c == '\n' || c == '\r' || c == opt.escape) needs_quotes = true;
  if (!needs_quotes) {
    out->append(value);
    return;
  }
  out->push_back(opt.quote);
  for (char c : value) {
    if (c == opt.quote || c == opt.escape) out->push_back(opt.escape);
    out->push_back(c);
  }
  out->push_back(opt.quote);
}

}  // namespace plinth::copyfmt
