#include "engine/executor/aggregate_functions.h"

#include <cmath>
#include <limits>

#include "engine/functions/json_aggregate.h"

namespace plinth {

namespace {

std::string Int128ToString(__int128 v) {
  if (v == 0) return "0";
  bool negative = v < 0;
  unsigned __int128 u = negative ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v);
  std::string digits;
  while (u > 0) {
    digits.push_back(static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  }
  if (negative) digits.push_back('-');
  return std::string(digits.rbegin(), digits.rend());
}

bool IsIntegerType(Oid t) { return t == oids::kInt2 || t == oids::kInt4 || t == oids::kInt8; }

Result<Numeric> IntegerSumAsNumeric(__int128 sum) { return Numeric::Parse(Int128ToString(sum)); }

// The I/O settings the json aggregates print with when the caller has no session's.
const IoContext& DefaultIo() {
  static const IoContext io;
  return io;
}

}  // namespace

Status Accumulator::Feed(const Value* args) {
  const Value& v = args[0];
  switch (call_.func) {
    case AggFunc::CountStar:
      count_++;
      return Status::OK();
    case AggFunc::Count:
      if (!v.is_null()) count_++;
      return Status::OK();
    case AggFunc::ArrayAgg:
    case AggFunc::JsonAgg:
    case AggFunc::JsonbAgg:
      array_.elements.push_back(v);
      count_++;
      return Status::OK();
    case AggFunc::JsonObjectAgg:
    case AggFunc::JsonbObjectAgg:  // keys and values alternate in array_
      if (v.is_null()) return Status::Error("22023", "field name must not be null");
      array_.elements.push_back(v);
      array_.elements.push_back(args[1]);
      count_++;
      return Status::OK();
    default:
      break;
  }
  if (v.is_null()) return Status::OK();
  switch (call_.func) {
    case AggFunc::Sum:
    case AggFunc::Avg:
      if (IsIntegerType(call_.input_type)) {
        int_sum_ += v.as_int();
      } else if (call_.input_type == oids::kInterval) {
        datetime::Interval x = datetime::DecodeInterval(v.as_bytes());
        if (__builtin_add_overflow(interval_sum_.time, x.time, &interval_sum_.time) ||
            __builtin_add_overflow(interval_sum_.days, x.days, &interval_sum_.days) ||
            __builtin_add_overflow(interval_sum_.months, x.months, &interval_sum_.months))
          return Status::Error("22008", "interval out of range");
      } else if (call_.input_type == oids::kFloat4 && call_.func == AggFunc::Sum) {
        // sum(real) adds in single precision (float4pl); avg(real) accumulates in double
        // (float4_accum), as PostgreSQL does.
        float_sum_ = static_cast<float>(float_sum_) + static_cast<float>(v.as_float());
      } else if (call_.input_type == oids::kFloat4) {
        float_sum_ += v.as_float();
      } else if (call_.input_type == oids::kFloat8) {
        float_sum_ += v.as_float();
      } else {
        PLINTH_ASSIGN_OR_RETURN(Numeric n, Numeric::Parse(v.as_bytes()));
        numeric_sum_ = Numeric::Add(numeric_sum_, n);
      }
      break;
    case AggFunc::Min:
    case AggFunc::Max:
      if (best_.is_null()) {
        best_ = v;
      } else {
        int c = Compare(call_.input_type, v, best_);
        if (call_.func == AggFunc::Min ? c < 0 : c > 0) best_ = v;
      }
      break;
    case AggFunc::StringAgg:
      if (count_ > 0 && !args[1].is_null()) text_ += args[1].as_bytes();
      text_ += v.as_bytes();
      break;
    case AggFunc::VarSamp:
    case AggFunc::VarPop:
    case AggFunc::StddevSamp:
    case AggFunc::StddevPop:
      if (call_.input_type == oids::kFloat8 || call_.input_type == oids::kFloat4) {
        double x = v.as_float();
        double n = static_cast<double>(count_ + 1);
        float_sum_ += x;
        if (count_ > 0) {
          double deviation = x * n - float_sum_;
          float_sxx_ += deviation * deviation / (n * static_cast<double>(count_));
        }
      } else {
        Numeric x;
        if (IsIntegerType(call_.input_type)) {
          x = Numeric::FromInt(v.as_int());
        } else {
          PLINTH_ASSIGN_OR_RETURN(x, Numeric::Parse(v.as_bytes()));
        }
        numeric_sum_ = Numeric::Add(numeric_sum_, x);
        numeric_sum_squares_ = Numeric::Add(numeric_sum_squares_, Numeric::Mul(x, x));
      }
      break;
    case AggFunc::BoolAnd:
      bool_acc_ = count_ == 0 ? v.as_bool() : (bool_acc_ && v.as_bool());
      break;
    case AggFunc::BoolOr:
      bool_acc_ = count_ == 0 ? v.as_bool() : (bool_acc_ || v.as_bool());
      break;
    default:
      break;
  }
  count_++;
  return Status::OK();
}

Result<Value> Accumulator::Finish(const IoContext* io) const {
  if (call_.func == AggFunc::CountStar || call_.func == AggFunc::Count) return Value::Int(count_);
  if (count_ == 0) return Value::Null();
  switch (call_.func) {
    case AggFunc::Sum:
      if (call_.input_type == oids::kInterval) return Value::Bytes(datetime::EncodeInterval(interval_sum_));
      if (call_.input_type == oids::kInt8) return Value::Bytes(Int128ToString(int_sum_));
      if (IsIntegerType(call_.input_type)) {
        if (int_sum_ > std::numeric_limits<int64_t>::max() || int_sum_ < std::numeric_limits<int64_t>::min())
          return Status::Error("22003", "bigint out of range");
        return Value::Int(static_cast<int64_t>(int_sum_));
      }
      if (call_.input_type == oids::kFloat4 || call_.input_type == oids::kFloat8) return Value::Float(float_sum_);
      return Value::Bytes(numeric_sum_.ToString());
    case AggFunc::Avg: {
      if (call_.input_type == oids::kInterval) return Value::Bytes(datetime::EncodeInterval(IntervalAverage()));
      if (call_.input_type == oids::kFloat4 || call_.input_type == oids::kFloat8)
        return Value::Float(float_sum_ / static_cast<double>(count_));
      Numeric sum = numeric_sum_;
      if (IsIntegerType(call_.input_type)) {
        PLINTH_ASSIGN_OR_RETURN(sum, IntegerSumAsNumeric(int_sum_));
      }
      PLINTH_ASSIGN_OR_RETURN(Numeric avg, Numeric::Div(sum, Numeric::FromInt(count_)));
      return Value::Bytes(avg.ToString());
    }
    case AggFunc::Min:
    case AggFunc::Max:
      return best_;
    case AggFunc::StringAgg:
      return Value::Bytes(text_);
    case AggFunc::ArrayAgg:
      return MakeArrayValue(array_);
    case AggFunc::JsonAgg:
    case AggFunc::JsonbAgg:
      return functions::JsonArrayAggregate(call_.func == AggFunc::JsonbAgg, call_.input_type, array_.elements,
                                           io ? *io : DefaultIo());
    case AggFunc::JsonObjectAgg:
    case AggFunc::JsonbObjectAgg:
      return functions::JsonObjectAggregate(call_.func == AggFunc::JsonbObjectAgg, call_.input_type,
                                            call_.args.size() > 1 ? call_.args[1]->type : oids::kText,
                                            array_.elements, io ? *io : DefaultIo());
    case AggFunc::BoolAnd:
    case AggFunc::BoolOr:
      return Value::Bool(bool_acc_);
    case AggFunc::VarSamp:
    case AggFunc::VarPop:
    case AggFunc::StddevSamp:
    case AggFunc::StddevPop:
      return FinishStatistic();
    default:
      return Value::Null();
  }
}

// avg(interval) = sum / count as PostgreSQL's interval_div does it: fractional months
// cascade into days (30 a month) and fractional days into time.
datetime::Interval Accumulator::IntervalAverage() const {
  double n = static_cast<double>(count_);
  datetime::Interval r;
  double months = interval_sum_.months / n;
  double days = interval_sum_.days / n;
  r.months = static_cast<int32_t>(months);
  r.days = static_cast<int32_t>(days);
  double month_remainder_days = (months - r.months) * 30;
  double day_remainder = days - r.days + (month_remainder_days - std::trunc(month_remainder_days));
  r.days += static_cast<int32_t>(std::trunc(month_remainder_days));
  r.time = static_cast<int64_t>(std::rint(interval_sum_.time / n + day_remainder * datetime::kUsecPerDay));
  return r;
}

Result<Value> Accumulator::FinishStatistic() const {
  bool sample = call_.func == AggFunc::VarSamp || call_.func == AggFunc::StddevSamp;
  bool root = call_.func == AggFunc::StddevSamp || call_.func == AggFunc::StddevPop;
  if (sample && count_ < 2) return Value::Null();
  if (call_.input_type == oids::kFloat8 || call_.input_type == oids::kFloat4) {
    double variance = float_sxx_ / static_cast<double>(sample ? count_ - 1 : count_);
    return Value::Float(root ? std::sqrt(variance) : variance);
  }
  // As PostgreSQL: (N·Σx² − (Σx)²) / (N·(N−1) or N²), exactly, at the division's scale;
  // the square root is taken to that same scale.
  Numeric n = Numeric::FromInt(count_);
  Numeric numerator = Numeric::Sub(Numeric::Mul(n, numeric_sum_squares_), Numeric::Mul(numeric_sum_, numeric_sum_));
  if (numerator.sign() <= 0) return Value::Bytes(std::string("0"));
  Numeric denominator = Numeric::Mul(n, sample ? Numeric::FromInt(count_ - 1) : n);
  PLINTH_ASSIGN_OR_RETURN(Numeric variance, Numeric::Div(numerator, denominator));
  if (!root) return Value::Bytes(variance.ToString());
  PLINTH_ASSIGN_OR_RETURN(Numeric deviation, Numeric::Sqrt(variance));
  return Value::Bytes(deviation.Rounded(variance.scale()).ToString());
}

}  // namespace plinth
