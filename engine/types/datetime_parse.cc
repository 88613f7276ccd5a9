// Text input of date/time types: a simplified version of PostgreSQL's field-based
// ParseDateTime/DecodeDateTime covering the forms clients actually send.
#include <cctype>
#include <cstdlib>
#include <optional>
#include <vector>

#include "engine/types/datetime.h"

namespace plinth::datetime {
namespace {

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}
bool AllAlpha(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isalpha(static_cast<unsigned char>(c))) return false;
  return true;
}

int MonthFromName(std::string_view s) {
  static const char* kNames[] = {"january", "february", "march", "april", "may", "june", "july",
                                 "august", "september", "october", "november", "december"};
  if (s.size() < 3) return 0;
  for (int i = 0; i < 12; ++i) {
    std::string_view full = kNames[i];
    if (s == full || s == full.substr(0, 3) || (s == "sept" && i == 8)) return i + 1;
  }
  return 0;
}
bool IsDayName(std::string_view s) {
  static const char* kNames[] = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
  for (std::string_view full : kNames)
    if (s == full || s == full.substr(0, 3)) return true;
  return false;
}

struct Parsed {
  bool has_date = false, has_time = false, bc = false;
  bool two_digit_year = false;  // "99" means 1999 unless BC (applied after parsing)
  int64_t year = 0;
  int month = 0, day = 0;
  int64_t time = 0;  // µs since midnight
  std::optional<int32_t> zone_east;  // fixed offset
  std::string zone_name;             // named zone (IANA or abbreviation)
  std::string special;               // epoch, infinity, now, today, ...
};

enum class Fail { None, Syntax, Range, UnknownZone };

class Parser {
 public:
  Parser(std::string_view text, const IoContext& io) : text_(text), io_(io) {}

  Fail Run(Parsed* p) {
    std::string lower;
    for (char c : text_) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    std::vector<std::string> tokens;
    std::string cur;
    for (char c : lower) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',') {
        if (!cur.empty()) tokens.push_back(cur);
        cur.clear();
      } else {
        cur.push_back(c);
      }
    }
    if (!cur.empty()) tokens.push_back(cur);
    if (tokens.empty()) return Fail::Syntax;

    std::vector<int64_t> numbers;  // bare numbers for "Jan 2 2024" style dates
    std::vector<size_t> number_widths;
    int text_month = 0;
    bool pm = false, am = false;
    for (size_t i = 0; i < tokens.size(); ++i) {
      std::string t = tokens[i];
      // ISO "2024-01-02t03:04:05": split the date from the time.
      size_t tpos = t.find('t');
      if (tpos != std::string::npos && tpos > 0 && std::isdigit(static_cast<unsigned char>(t[tpos - 1])) &&
          tpos + 1 < t.size() && std::isdigit(static_cast<unsigned char>(t[tpos + 1]))) {
        tokens.insert(tokens.begin() + static_cast<long>(i) + 1, t.substr(tpos + 1));
        t = t.substr(0, tpos);
      }
      if (t == "epoch" || t == "infinity" || t == "+infinity" || t == "-infinity" || t == "now" ||
          t == "today" || t == "tomorrow" || t == "yesterday" || t == "allballs") {
        if (!p->special.empty()) return Fail::Syntax;
        p->special = t == "+infinity" ? "infinity" : t;
        continue;
      }
      if (t.find(':') != std::string::npos && std::isdigit(static_cast<unsigned char>(t[0]))) {
        // A time, possibly followed by a zone: 03:04:05.5+05:30, 03:04z
        size_t zpos = t.find_first_of("+-z", 1);
        if (zpos != std::string::npos) {
          Fail f = ParseZone(t.substr(zpos), p);
          if (f != Fail::None) return f;
          t = t.substr(0, zpos);
        }
        if (p->has_time) return Fail::Syntax;
        Fail f = ParseClock(t, &p->time);
        if (f != Fail::None) return f;
        p->has_time = true;
        continue;
      }
      if ((t[0] == '+' || t[0] == '-') && (p->has_date || p->has_time)) {
        Fail f = ParseZone(t, p);
        if (f != Fail::None) return f;
        continue;
      }
      bool month_first_date = std::isalpha(static_cast<unsigned char>(t[0])) && t.find('-') != std::string::npos &&
                              MonthFromName(t.substr(0, t.find('-'))) != 0;
      if ((std::isdigit(static_cast<unsigned char>(t[0])) && t.find_first_of("-/.") != std::string::npos) || month_first_date) {
        if (p->has_date) return Fail::Syntax;
        Fail f = ParseDateToken(t, p);
        if (f != Fail::None) return f;
        continue;
      }
      if (AllDigits(t)) {
        if (t.size() == 8 && !p->has_date && text_month == 0) {  // YYYYMMDD
          p->year = std::atoll(t.substr(0, 4).c_str());
          p->month = std::atoi(t.substr(4, 2).c_str());
          p->day = std::atoi(t.substr(6, 2).c_str());
          p->has_date = true;
          continue;
        }
        if (t.size() > 9) return Fail::Syntax;
        numbers.push_back(std::atoll(t.c_str()));
        number_widths.push_back(t.size());
        continue;
      }
      if (AllAlpha(t)) {
        if (int m = MonthFromName(t); m != 0 && text_month == 0) { text_month = m; continue; }
        if (IsDayName(t)) continue;
        if (t == "bc") { p->bc = true; continue; }
        if (t == "ad") continue;
        if (t == "am") { am = true; continue; }
        if (t == "pm") { pm = true; continue; }
      }
      if (t.find('/') != std::string::npos && std::isalpha(static_cast<unsigned char>(t[0])) && !IsKnownZone(t)) {
        p->zone_name = t;
        return Fail::UnknownZone;
      }
      if (IsKnownZone(t) && !AllDigits(t)) {
        if (!p->zone_name.empty() || p->zone_east) return Fail::Syntax;
        p->zone_name = t;
        continue;
      }
      return Fail::Syntax;
    }
    if (text_month != 0) {
      if (p->has_date || numbers.size() != 2) return Fail::Syntax;
      // The year is the number that cannot be a day (or the later one).
      size_t yi = (number_widths[0] > 2 || numbers[0] > 31) ? 0 : 1;
      p->year = numbers[yi];
      p->two_digit_year = number_widths[yi] <= 2;
      p->day = static_cast<int>(numbers[1 - yi]);
      p->month = text_month;
      p->has_date = true;
    } else if (!numbers.empty()) {
      return Fail::Syntax;
    }
    if (am || pm) {
      if (!p->has_time) return Fail::Syntax;
      int64_t hour = p->time / kUsecPerHour;
      if (hour > 12 || hour < 1) return Fail::Range;
      if (pm && hour < 12) p->time += 12 * kUsecPerHour;
      if (am && hour == 12) p->time -= 12 * kUsecPerHour;
    }
    if (p->has_date) {
      if (p->two_digit_year && !p->bc) p->year += p->year < 70 ? 2000 : 1900;
      if (p->bc) {
        if (p->year <= 0) return Fail::Syntax;
        p->year = 1 - p->year;
      } else if (p->year == 0) {
        return Fail::Range;
      }
      if (p->month < 1 || p->month > 12 || p->day < 1 || p->day > DaysInMonth(p->year, p->month))
        return Fail::Range;
    } else if (p->bc) {
      return Fail::Syntax;
    }
    return Fail::None;
  }

 private:
  Fail ParseClock(std::string_view t, int64_t* usec) {
    int64_t fields[3] = {0, 0, 0};
    int idx = 0;
    int64_t frac = 0;
    size_t i = 0;
    for (; i < t.size(); ++i) {
      char c = t[i];
      if (c >= '0' && c <= '9') {
        fields[idx] = fields[idx] * 10 + (c - '0');
        if (fields[idx] > 1000000) return Fail::Range;
      } else if (c == ':' && idx < 2) {
        ++idx;
      } else if (c == '.' && idx >= 1) {
        // fractional seconds (or minutes when only hh:mm.f, rare; treat as seconds)
        int64_t scale = 100000;
        double rounding = 0;
        for (++i; i < t.size(); ++i) {
          if (t[i] < '0' || t[i] > '9') return Fail::Syntax;
          if (scale >= 1) frac += (t[i] - '0') * scale;
          else if (scale == 0 && rounding == 0) rounding = t[i] >= '5' ? 1 : 0.5;
          scale /= 10;
        }
        if (rounding == 1) ++frac;
        break;
      } else {
        return Fail::Syntax;
      }
    }
    if (idx == 0) return Fail::Syntax;
    if (fields[0] > 24 || fields[1] > 59 || fields[2] > 60) return Fail::Range;
    int64_t total = fields[0] * kUsecPerHour + fields[1] * kUsecPerMinute + fields[2] * kUsecPerSec + frac;
    if (total > kUsecPerDay) return Fail::Range;
    *usec = total;
    return Fail::None;
  }

  Fail ParseZone(std::string_view z, Parsed* p) {
    if (p->zone_east || !p->zone_name.empty()) return Fail::Syntax;
    if (z == "z") { p->zone_east = 0; return Fail::None; }
    bool negative = z[0] == '-';
    std::string_view v = z.substr(1);
    int64_t parts[3] = {0, 0, 0};
    int idx = 0;
    size_t digits = 0;
    for (char c : v) {
      if (c >= '0' && c <= '9') { parts[idx] = parts[idx] * 10 + (c - '0'); ++digits; }
      else if (c == ':' && idx < 2) ++idx;
      else return Fail::Syntax;
    }
    if (digits == 0) return Fail::Syntax;
    if (idx == 0 && v.size() == 4) { parts[1] = parts[0] % 100; parts[0] /= 100; }
    if (idx == 0 && v.size() == 6) { parts[2] = parts[0] % 100; parts[1] = parts[0] / 100 % 100; parts[0] /= 10000; }
    if (parts[0] > 15 || parts[1] > 59 || parts[2] > 59) return Fail::Range;
    int32_t secs = static_cast<int32_t>(parts[0] * 3600 + parts[1] * 60 + parts[2]);
    p->zone_east = negative ? -secs : secs;
    return Fail::None;
  }

  Fail ParseDateToken(std::string_view t, Parsed* p) {
    char sep = t[t.find_first_of("-/.")];
    std::vector<std::string> parts;
    std::string cur;
    for (char c : t) {
      if (c == sep) { parts.push_back(cur); cur.clear(); }
      else cur.push_back(c);
    }
    parts.push_back(cur);
    if (parts.size() != 3) return Fail::Syntax;
    // A month name in any position fixes the order of the other two.
    int named = -1;
    for (int i = 0; i < 3; ++i) {
      if (AllAlpha(parts[i])) {
        if (named >= 0 || MonthFromName(parts[i]) == 0) return Fail::Syntax;
        named = i;
      } else if (!AllDigits(parts[i])) {
        return Fail::Syntax;
      }
    }
    auto num = [&](int i) { return std::atoll(parts[i].c_str()); };
    int yi, mi, di;
    if (named != 0 && parts[0].size() > 2) { yi = 0; mi = 1; di = 2; }
    else if (named == 0) { mi = 0; di = 1; yi = 2; }
    else if (named == 1) { di = 0; mi = 1; yi = 2; }
    else if (io_.datestyle.find("DMY") != std::string::npos) { di = 0; mi = 1; yi = 2; }
    else if (io_.datestyle.find("YMD") != std::string::npos) { yi = 0; mi = 1; di = 2; }
    else { mi = 0; di = 1; yi = 2; }
    if (parts[yi].size() > 9 || parts[di].size() > 2 || (named != mi && parts[mi].size() > 2))
      return parts[yi].size() > 9 ? Fail::Syntax : Fail::Range;
    p->year = num(yi);
    p->two_digit_year = parts[yi].size() <= 2;
    p->month = named == mi ? MonthFromName(parts[mi]) : static_cast<int>(num(mi));
    p->day = static_cast<int>(num(di));
    p->has_date = true;
    return Fail::None;
  }

  std::string_view text_;
  const IoContext& io_;
};

Status SyntaxError(const char* type, std::string_view text) {
  return Status::Error("22007", std::string("invalid input syntax for type ") + type + ": \"" +
                                    std::string(text) + "\"");
}
Status FieldRangeError(std::string_view text) {
  return Status::Error("22008", "date/time field value out of range: \"" + std::string(text) + "\"");
}

// Runs the parser and maps failures to PG's errors for `type`.
Result<Parsed> ParseFields(const char* type, std::string_view text, const IoContext& io) {
  Parsed p;
  Fail f = Parser(text, io).Run(&p);
  if (f == Fail::Syntax) return SyntaxError(type, text);
  if (f == Fail::UnknownZone)
    return Status::Error("22023", "time zone \"" + p.zone_name + "\" not recognized");
  if (f == Fail::Range) {
    Status st = FieldRangeError(text);
    if (p.has_date && p.month > 12 && p.day <= 12)
      st.with_hint("Perhaps you need a different \"datestyle\" setting.");
    return st;
  }
  return p;
}

// Today's date in the session time zone.
int64_t SessionToday(const IoContext& io) {
  int64_t now = NowUsec();
  auto off = UtcOffsetAt(io.timezone, now);
  int64_t local = now + (off.ok() ? *off : 0) * kUsecPerSec;
  return local / kUsecPerDay - (local % kUsecPerDay < 0 ? 1 : 0);
}

// The special words as a timestamp in local time; nullopt if not special.
std::optional<int64_t> SpecialLocal(const Parsed& p, const IoContext& io, bool* is_utc) {
  *is_utc = false;
  if (p.special.empty()) return std::nullopt;
  if (p.special == "infinity") return kTimestampPosInfinity;
  if (p.special == "-infinity") return kTimestampNegInfinity;
  if (p.special == "epoch") { *is_utc = true; return DaysFromCivil(1970, 1, 1) * kUsecPerDay; }
  if (p.special == "now") { *is_utc = true; return NowUsec(); }
  int64_t day = SessionToday(io);
  if (p.special == "tomorrow") ++day;
  if (p.special == "yesterday") --day;
  return day * kUsecPerDay + (p.has_time ? p.time : 0);
}

Result<int64_t> BuildTimestamp(const char* type, std::string_view text, const IoContext& io,
                               bool with_zone) {
  PLINTH_ASSIGN_OR_RETURN(Parsed p, ParseFields(type, text, io));
  bool is_utc;
  if (auto special = SpecialLocal(p, io, &is_utc)) {
    if (p.special == "allballs" || (p.has_date)) return SyntaxError(type, text);
    int64_t v = *special;
    if (v == kTimestampPosInfinity || v == kTimestampNegInfinity) return v;
    if (with_zone && !is_utc) return LocalToUtc(io.timezone, v);
    if (!with_zone && is_utc && p.special == "now") {
      auto off = UtcOffsetAt(io.timezone, v);
      v += (off.ok() ? *off : 0) * kUsecPerSec;
    }
    return v;
  }
  if (!p.has_date) return SyntaxError(type, text);
  int64_t local;
  if (__builtin_mul_overflow(DaysFromCivil(p.year, p.month, p.day), kUsecPerDay, &local) ||
      __builtin_add_overflow(local, p.time, &local))
    return Status::Error("22008", "timestamp out of range: \"" + std::string(text) + "\"");
  int64_t result = local;
  if (with_zone) {
    if (p.zone_east) {
      result = local - *p.zone_east * kUsecPerSec;
    } else {
      PLINTH_ASSIGN_OR_RETURN(result, LocalToUtc(p.zone_name.empty() ? io.timezone : p.zone_name, local));
    }
  }
  if (!TimestampInRange(result))
    return Status::Error("22008", "timestamp out of range: \"" + std::string(text) + "\"");
  return result;
}

}  // namespace

Result<int32_t> ParseDate(std::string_view text, const IoContext& io) {
  PLINTH_ASSIGN_OR_RETURN(Parsed p, ParseFields("date", text, io));
  if (!p.special.empty()) {
    if (p.special == "infinity") return kDatePosInfinity;
    if (p.special == "-infinity") return kDateNegInfinity;
    if (p.special == "epoch") return static_cast<int32_t>(DaysFromCivil(1970, 1, 1));
    if (p.special == "allballs" || p.has_date) return SyntaxError("date", text);
    int64_t day = SessionToday(io);
    if (p.special == "tomorrow") ++day;
    if (p.special == "yesterday") --day;
    return static_cast<int32_t>(day);
  }
  if (!p.has_date) return SyntaxError("date", text);
  int64_t days = DaysFromCivil(p.year, p.month, p.day);
  if (!DateInRange(days))
    return Status::Error("22008", "date out of range: \"" + std::string(text) + "\"");
  return static_cast<int32_t>(days);
}

Result<int64_t> ParseTime(std::string_view text, const IoContext& io) {
  PLINTH_ASSIGN_OR_RETURN(Parsed p, ParseFields("time", text, io));
  if (p.special == "allballs") return int64_t{0};
  if (p.special == "now") {
    int64_t now = NowUsec();
    auto off = UtcOffsetAt(io.timezone, now);
    int64_t local = now + (off.ok() ? *off : 0) * kUsecPerSec;
    return ((local % kUsecPerDay) + kUsecPerDay) % kUsecPerDay;
  }
  if (!p.special.empty() || !p.has_time) return SyntaxError("time", text);
  return p.time;
}

Result<TimeTz> ParseTimeTz(std::string_view text, const IoContext& io) {
  PLINTH_ASSIGN_OR_RETURN(Parsed p, ParseFields("time with time zone", text, io));
  if (!p.special.empty() && p.special != "allballs") return SyntaxError("time with time zone", text);
  if (!p.has_time && p.special.empty()) return SyntaxError("time with time zone", text);
  TimeTz r;
  r.time = p.time;
  int32_t east = 0;
  if (p.zone_east) {
    east = *p.zone_east;
  } else {
    // No zone given: the session zone's offset on the given date (or today).
    int64_t day = p.has_date ? DaysFromCivil(p.year, p.month, p.day) : SessionToday(io);
    const std::string& zone = p.zone_name.empty() ? io.timezone : p.zone_name;
    PLINTH_ASSIGN_OR_RETURN(int64_t utc, LocalToUtc(zone, day * kUsecPerDay + p.time));
    east = static_cast<int32_t>((day * kUsecPerDay + p.time - utc) / kUsecPerSec);
  }
  r.zone = -east;
  return r;
}

Result<int64_t> ParseTimestamp(std::string_view text, const IoContext& io) {
  return BuildTimestamp("timestamp", text, io, false);
}

Result<int64_t> ParseTimestampTz(std::string_view text, const IoContext& io) {
  return BuildTimestamp("timestamp with time zone", text, io, true);
}

}  // namespace plinth::datetime
