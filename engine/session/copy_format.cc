#include "engine/session/copy_format.h"

#include <algorithm>
#include <cctype>

namespace plinth::copyfmt {

namespace {

// Appends a text-format field's value: its raw text with backslash escapes undone.
void UnescapeText(std::string_view raw, std::string* out) {
  for (size_t i = 0; i < raw.size(); i++) {
    char c = raw[i];
    if (c != '\\' || i + 1 >= raw.size()) {
      out->push_back(c);  // a lone backslash at the end stays itself
      continue;
    }
    char n = raw[++i];
    switch (n) {
      case 'b': out->push_back('\b'); break;
      case 'f': out->push_back('\f'); break;
      case 'n': out->push_back('\n'); break;
      case 'r': out->push_back('\r'); break;
      case 't': out->push_back('\t'); break;
      case 'v': out->push_back('\v'); break;
      case 'x': {
        int v = 0, digits = 0;
        while (digits < 2 && i + 1 < raw.size() && std::isxdigit(static_cast<unsigned char>(raw[i + 1]))) {
          char h = raw[++i];
          v = v * 16 + (std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : (std::tolower(h) - 'a' + 10));
          digits++;
        }
        if (digits == 0) out->push_back('x');
        else out->push_back(static_cast<char>(v));
        break;
      }
      default:
        if (n >= '0' && n <= '7') {
          int v = n - '0', digits = 1;
          while (digits < 3 && i + 1 < raw.size() && raw[i + 1] >= '0' && raw[i + 1] <= '7') {
            v = v * 8 + (raw[++i] - '0');
            digits++;
          }
          out->push_back(static_cast<char>(v & 0xff));
        } else {
          out->push_back(n);
        }
    }
  }
}

}  // namespace

Status ParseTextLine(std::string_view line, const CopyOptions& opt, std::vector<std::optional<std::string>>* fields) {
  // Fields are written over the vector's existing strings: a caller that passes the
  // same vector for every line of a COPY allocates nothing once the strings are big
  // enough.
  size_t n = 0;
  for (size_t i = 0;;) {
    size_t start = i;
    bool escaped = false;
    // A backslash escapes the next character, the delimiter included.
    while (i < line.size() && line[i] != opt.delimiter) {
      if (line[i] == '\\') {
        escaped = true;
        i = std::min(i + 2, line.size());
      } else {
        i++;
      }
    }
    std::string_view raw = line.substr(start, i - start);
    if (n == fields->size()) fields->emplace_back();
    std::optional<std::string>& field = (*fields)[n++];
    if (raw == opt.null_text) {
      field.reset();  // the NULL marker is compared before unescaping, as PostgreSQL does
    } else {
      if (!field) field.emplace();
      field->clear();
      if (escaped) UnescapeText(raw, &*field);
      else field->append(raw);
    }
    if (i >= line.size()) break;
    i++;  // the delimiter
  }
  fields->resize(n);
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
