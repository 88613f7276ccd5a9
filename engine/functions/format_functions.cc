// format() and the quoting functions it builds on (quote_ident, quote_literal,
// quote_nullable), with PostgreSQL's conversion syntax: %[n$][-][width]{s,I,L,%},
// where width may be * or *n$ (taken from an argument).
#include <cstdlib>

#include "engine/functions/registry.h"
#include "engine/types/identifier.h"

namespace plinth::functions {
namespace {

using oids::kText;

// quote_literal: doubled quotes, and E'' with doubled backslashes when there are any.
std::string QuoteLiteral(std::string_view s) {
  std::string r = s.find('\\') != std::string_view::npos ? "E'" : "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') r.push_back(c);
    r.push_back(c);
  }
  return r + "'";
}

Status QuoteIdentFn(FunctionCallContext&, const Value* a, size_t, Value* out) {
  return Ok(out, Value::Bytes(QuoteIdentifier(a[0].as_bytes())));
}
Status QuoteLiteralFn(FunctionCallContext&, const Value* a, size_t, Value* out) {
  return Ok(out, Value::Bytes(QuoteLiteral(a[0].as_bytes())));
}
Status QuoteNullable(FunctionCallContext&, const Value* a, size_t, Value* out) {
  return Ok(out, Value::Bytes(a[0].is_null() ? std::string("NULL") : QuoteLiteral(a[0].as_bytes())));
}

size_t CharCount(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xc0) != 0x80;
  return n;
}

// One conversion's pieces while the specification is parsed.
class Formatter {
 public:
  Formatter(FunctionCallContext& ctx, const Value* a, size_t n) : ctx_(ctx), a_(a), n_(n) {}

  Result<std::string> Run(std::string_view f) {
    std::string out;
    for (size_t i = 0; i < f.size(); ++i) {
      if (f[i] != '%') {
        out.push_back(f[i]);
        continue;
      }
      if (++i >= f.size()) return Unterminated();
      if (f[i] == '%') {
        out.push_back('%');
        continue;
      }
      PLINTH_RETURN_IF_ERROR(Conversion(f, &i, &out));
    }
    return out;
  }

 private:
  static Status Unterminated() { return Status::Error("22023", "unterminated format() type specifier")
                                     .with_hint("For a single \"%\" use \"%%\"."); }
  static Status TooFew() { return Status::Error("22023", "too few arguments for format()"); }

  // Digits at f[*i], advancing past them; -1 when there are none.
  static Result<int64_t> Number(std::string_view f, size_t* i) {
    if (*i >= f.size() || f[*i] < '0' || f[*i] > '9') return int64_t{-1};
    int64_t v = 0;
    while (*i < f.size() && f[*i] >= '0' && f[*i] <= '9') {
      v = v * 10 + (f[*i] - '0');
      if (v > 1000000000) return Status::Error("22003", "number is out of range");
      ++*i;
    }
    return v;
  }

  // An optional "n$" at f[*i]: an explicit argument position (1-based), else 0.
  static Result<int64_t> Position(std::string_view f, size_t* i) {
    size_t save = *i;
    PLINTH_ASSIGN_OR_RETURN(int64_t n, Number(f, i));
    if (n >= 0 && *i < f.size() && f[*i] == '$') {
      if (n == 0) return Status::Error("22023", "format specifies argument 0, but arguments are numbered from 1");
      ++*i;
      return n;
    }
    *i = save;
    return int64_t{0};
  }

  Result<size_t> TakeArgument(int64_t position) {
    size_t index = position > 0 ? static_cast<size_t>(position) : next_ + 1;  // a_[0] is the format
    if (index >= n_) return TooFew();
    next_ = index;
    return index;
  }

  Status Conversion(std::string_view f, size_t* i, std::string* out) {
    PLINTH_ASSIGN_OR_RETURN(int64_t position, Position(f, i));
    bool left = false;
    while (*i < f.size() && f[*i] == '-') {
      left = true;
      ++*i;
    }
    int64_t width = 0;
    if (*i < f.size() && f[*i] == '*') {
      ++*i;
      PLINTH_ASSIGN_OR_RETURN(int64_t wpos, Position(f, i));
      PLINTH_ASSIGN_OR_RETURN(size_t w, TakeArgument(wpos));
      if (!a_[w].is_null()) {
        Oid t = ctx_.arg_types ? ctx_.arg_types[w] : kText;
        width = t == oids::kInt2 || t == oids::kInt4 || t == oids::kInt8
                    ? a_[w].as_int()
                    : std::atoll(OutputText(t, a_[w], ctx_.io).c_str());
      }
      if (width < 0) {
        left = true;
        width = -width;
      }
    } else {
      PLINTH_ASSIGN_OR_RETURN(int64_t w, Number(f, i));
      width = std::max<int64_t>(w, 0);
    }
    if (*i >= f.size()) return Unterminated();
    char type = f[*i];
    if (type != 's' && type != 'I' && type != 'L')
      return Status::Error("22023", std::string("unrecognized format() type specifier \"") + type + "\"")
          .with_hint("For a single \"%\" use \"%%\".");
    PLINTH_ASSIGN_OR_RETURN(size_t arg, TakeArgument(position));
    std::string text;
    const Value& v = a_[arg];
    if (!v.is_null()) text = OutputText(ctx_.arg_types ? ctx_.arg_types[arg] : kText, v, ctx_.io);
    switch (type) {
      case 'I':
        if (v.is_null()) return Status::Error("22004", "null values cannot be formatted as an SQL identifier");
        text = QuoteIdentifier(text);
        break;
      case 'L': text = v.is_null() ? "NULL" : QuoteLiteral(text); break;
      default: break;
    }
    size_t len = CharCount(text);
    std::string pad = static_cast<size_t>(width) > len ? std::string(static_cast<size_t>(width) - len, ' ') : "";
    out->append(left ? text + pad : pad + text);
    return Status::OK();
  }

  FunctionCallContext& ctx_;
  const Value* a_;
  size_t n_;
  size_t next_ = 0;  // the argument the last conversion used
};

Status Format(FunctionCallContext& ctx, const Value* a, size_t n, Value* out) {
  if (a[0].is_null()) return Ok(out, Value::Null());
  PLINTH_ASSIGN_OR_RETURN(std::string s, Formatter(ctx, a, n).Run(a[0].as_bytes()));
  return Ok(out, Value::Bytes(std::move(s)));
}

}  // namespace

void RegisterFormat(Registry& r) {
  r.Add({"quote_ident", {kText}, kText, true, false, false, &QuoteIdentFn});
  r.Add({"quote_literal", {kText}, kText, true, false, false, &QuoteLiteralFn});
  r.Add({"quote_nullable", {kText}, kText, false, false, false, &QuoteNullable});
  r.Add({"format", {kText}, kText, false, false, false, &Format});
  r.Add({"format", {kText}, kText, false, false, true, &Format});
}

}  // namespace plinth::functions
