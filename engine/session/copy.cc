// COPY execution: options, the FROM STDIN row producer, and TO STDOUT formatting.
#include "engine/session/copy.h"

#include <pg_query/pg_query.pb-c.h>

#include "engine/binder/binder.h"
#include "engine/executor/operators.h"
#include "engine/planner/planner.h"
#include "engine/session/copy_format.h"
#include "engine/session/session.h"

namespace plinth {

namespace {

const char kBinaryHeader[] = "PGCOPY\n\377\r\n";  // + NUL: 11 bytes of signature

std::string OptionText(const PgQuery__DefElem* d) {
  if (!d->arg) return "";
  if (d->arg->node_case == PG_QUERY__NODE__NODE_STRING) return d->arg->string->sval;
  if (d->arg->node_case == PG_QUERY__NODE__NODE_INTEGER) return std::to_string(d->arg->integer->ival);
  if (d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN) return d->arg->boolean->boolval ? "true" : "false";
  return "";
}

Result<char> SingleChar(const std::string& what, const std::string& v) {
  if (v.size() != 1) return Status::Error("0A000", "COPY " + what + " must be a single one-byte character");
  return v[0];
}

// Reads COPY FROM data through the stream and turns it into typed rows.
class CopyFromProducer : public RowProducer {
 public:
  CopyFromProducer(CopyStream& stream, const CopyOptions& opt, const TableDef& table, std::vector<int> columns,
                   const IoContext& io)
      : stream_(stream), opt_(opt), table_(table), columns_(std::move(columns)), io_(io) {}

  uint64_t count() const { return count_; }

  Result<bool> Next(Row* row) override {
    if (opt_.format == CopyOptions::Format::Binary) return NextBinary(row);
    // line_ and fields_ keep their storage from row to row.
    std::string& line = line_;
    std::vector<std::optional<std::string>>& fields = fields_;
    for (;;) {
      PLINTH_ASSIGN_OR_RETURN(bool got, ReadLine(&line));
      if (!got) return false;
      line_no_++;
      if (opt_.format == CopyOptions::Format::Csv) {
        while (copyfmt::CsvRecordIncomplete(line, opt_)) {
          std::string more;
          PLINTH_ASSIGN_OR_RETURN(bool again, ReadLine(&more));
          if (!again) return Context(Status::Error("22P04", "unterminated CSV quoted field"));
          line += "\n" + more;
        }
      }
      if (line == "\\.") return false;  // end-of-data marker
      if (opt_.header && line_no_ == 1) continue;
      Status st = opt_.format == CopyOptions::Format::Csv ? copyfmt::ParseCsvRecord(line, opt_, &fields)
                                                          : copyfmt::ParseTextLine(line, opt_, &fields);
      if (!st.ok()) return Context(st);
      if (fields.size() == 1 && columns_.empty() && !fields[0]) fields.clear();
      if (fields.size() < columns_.size())
        return Context(Status::Error("22P04", "missing data for column \"" +
                                                  table_.columns[columns_[fields.size()]].name + "\""));
      if (fields.size() > columns_.size()) return Context(Status::Error("22P04", "extra data after last expected column"));
      row->assign(columns_.size(), Value::Null());
      for (size_t i = 0; i < fields.size(); i++) {
        if (!fields[i]) continue;
        const ColumnDef& c = table_.columns[columns_[i]];
        auto v = InputText(c.type, c.typmod, *fields[i], io_);
        if (!v.ok()) return Context(v.status(), c.name, *fields[i]);
        (*row)[i] = v.take();
      }
      count_++;
      return true;
    }
  }

 private:
  Status Context(Status st, const std::string& column = "", const std::string& value = "") {
    std::string ctx = "COPY " + table_.name + ", line " + std::to_string(line_no_);
    if (!column.empty()) ctx += ", column " + column + ": \"" + value + "\"";
    return st.with_context(ctx);
  }

  Result<bool> Fill() {
    if (eof_) return false;
    std::string chunk;
    PLINTH_ASSIGN_OR_RETURN(bool more, stream_.ReadChunk(&chunk));
    if (!more) {
      eof_ = true;
      return false;
    }
    buf_.erase(0, pos_);
    pos_ = 0;
    buf_ += chunk;
    return true;
  }

  Result<bool> ReadLine(std::string* line) {
    for (;;) {
      size_t nl = buf_.find('\n', pos_);
      if (nl != std::string::npos) {
        line->assign(buf_, pos_, nl - pos_);
        if (!line->empty() && line->back() == '\r') line->pop_back();
        pos_ = nl + 1;
        return true;
      }
      PLINTH_ASSIGN_OR_RETURN(bool more, Fill());
      if (!more) {
        if (pos_ >= buf_.size()) return false;
        line->assign(buf_, pos_, std::string::npos);
        pos_ = buf_.size();
        return true;
      }
    }
  }

  Result<bool> Need(size_t n) {
    while (buf_.size() - pos_ < n) {
      PLINTH_ASSIGN_OR_RETURN(bool more, Fill());
      if (!more) return false;
    }
    return true;
  }
  uint32_t TakeU32() {
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) v = (v << 8) | static_cast<uint8_t>(buf_[pos_++]);
    return v;
  }

  Result<bool> NextBinary(Row* row) {
    if (!header_done_) {
      PLINTH_ASSIGN_OR_RETURN(bool ok, Need(19));
      if (!ok || buf_.compare(pos_, 11, std::string(kBinaryHeader, 11)) != 0)
        return Context(Status::Error("22P04", "COPY file signature not recognized"));
      pos_ += 11;
      TakeU32();                       // flags
      uint32_t ext = TakeU32();        // header extension length
      PLINTH_ASSIGN_OR_RETURN(ok, Need(ext));
      if (!ok) return Context(Status::Error("22P04", "invalid COPY file header (missing extension)"));
      pos_ += ext;
      header_done_ = true;
    }
    PLINTH_ASSIGN_OR_RETURN(bool ok, Need(2));
    if (!ok) return false;
    line_no_++;
    int16_t n = static_cast<int16_t>((static_cast<uint8_t>(buf_[pos_]) << 8) | static_cast<uint8_t>(buf_[pos_ + 1]));
    pos_ += 2;
    if (n == -1) {
      // Trailer: drain until CopyDone.
      std::string rest;
      while (Fill().ok() && !eof_) {
      }
      return false;
    }
    if (n != static_cast<int16_t>(columns_.size()))
      return Context(Status::Error("22P04", "row field count is " + std::to_string(n) + ", expected " +
                                                std::to_string(columns_.size())));
    row->assign(columns_.size(), Value::Null());
    for (size_t i = 0; i < columns_.size(); i++) {
      PLINTH_ASSIGN_OR_RETURN(ok, Need(4));
      if (!ok) return Context(Status::Error("22P04", "unexpected EOF in COPY data"));
      int32_t len = static_cast<int32_t>(TakeU32());
      if (len == -1) continue;
      if (len < 0) return Context(Status::Error("22P04", "invalid field size"));
      PLINTH_ASSIGN_OR_RETURN(ok, Need(static_cast<size_t>(len)));
      if (!ok) return Context(Status::Error("22P04", "unexpected EOF in COPY data"));
      const ColumnDef& c = table_.columns[columns_[i]];
      auto v = ReceiveBinary(c.type, c.typmod, std::string_view(buf_).substr(pos_, len), io_);
      pos_ += len;
      if (!v.ok()) return Context(v.status(), c.name, "");
      (*row)[i] = v.take();
    }
    count_++;
    return true;
  }

  CopyStream& stream_;
  const CopyOptions& opt_;
  const TableDef& table_;
  std::vector<int> columns_;
  const IoContext& io_;
  std::string buf_;
  std::string line_;
  std::vector<std::optional<std::string>> fields_;
  size_t pos_ = 0;
  bool eof_ = false, header_done_ = false;
  uint64_t line_no_ = 0, count_ = 0;
};

std::string QuoteIdent(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

Result<CopyOptions> ParseCopyOptions(const PgQuery__CopyStmt* cs) {
  CopyOptions opt;
  bool null_given = false;
  for (size_t i = 0; i < cs->n_options; i++) {
    const PgQuery__DefElem* d = cs->options[i]->def_elem;
    std::string name = d->defname;
    std::string v = OptionText(d);
    if (name == "format") {
      if (v == "text") opt.format = CopyOptions::Format::Text;
      else if (v == "csv") opt.format = CopyOptions::Format::Csv;
      else if (v == "binary") opt.format = CopyOptions::Format::Binary;
      else return Status::Error("22023", "COPY format \"" + v + "\" not recognized");
    } else if (name == "delimiter") {
      PLINTH_ASSIGN_OR_RETURN(opt.delimiter, SingleChar("delimiter", v));
    } else if (name == "null") {
      opt.null_text = v;
      null_given = true;
    } else if (name == "header") {
      opt.header = !(v == "false" || v == "0" || v == "off");
    } else if (name == "quote") {
      PLINTH_ASSIGN_OR_RETURN(opt.quote, SingleChar("quote", v));
    } else if (name == "escape") {
      PLINTH_ASSIGN_OR_RETURN(opt.escape, SingleChar("escape", v));
    } else if (name == "freeze" || name == "encoding") {
      // accepted: no effect here
    } else {
      return Status::Error("42601", "option \"" + name + "\" not recognized");
    }
  }
  if (opt.format == CopyOptions::Format::Csv) {
    if (!null_given) opt.null_text = "";
    bool delim_given = false;
    for (size_t i = 0; i < cs->n_options; i++) delim_given |= std::string(cs->options[i]->def_elem->defname) == "delimiter";
    if (!delim_given) opt.delimiter = ',';
  } else if (opt.header && opt.format == CopyOptions::Format::Binary) {
    return Status::Error("0A000", "cannot specify HEADER in BINARY mode");
  }
  return opt;
}

Status Session::RunCopy(Portal& portal) {
  const PgQuery__CopyStmt* cs = portal.stmt->node->copy_stmt;
  if (cs->is_program || (cs->filename && cs->filename[0]))
    return Status::Error("42501", "COPY to or from a file is not allowed here")
        .with_hint("Use COPY ... FROM STDIN / TO STDOUT, or psql's \\copy.");
  if (!copy_stream_) return Status::Error("0A000", "COPY FROM STDIN/TO STDOUT needs a client connection");
  PLINTH_ASSIGN_OR_RETURN(CopyOptions opt, ParseCopyOptions(cs));
  std::vector<std::string> columns;
  for (size_t i = 0; i < cs->n_attlist; i++) columns.push_back(cs->attlist[i]->string->sval);
  BindContext bctx{&txn_->catalog(), settings_.search_path(), &settings_.io()};
  int format = opt.format == CopyOptions::Format::Binary ? 1 : 0;

  if (cs->is_from) {
    if (cs->query) return Status::Error("42601", "COPY FROM does not support a query");
    if (txn_->read_only()) return Status::Error("25006", "cannot execute COPY FROM in a read-only transaction");
    Binder binder(bctx, {});
    std::vector<int> source_columns;
    PLINTH_ASSIGN_OR_RETURN(Plan plan, binder.BindCopyFrom(cs->relation, columns, &source_columns));
    auto stmt = std::make_shared<PreparedStatement>();
    stmt->is_query = true;
    stmt->plan = std::make_shared<Plan>(std::move(plan));
    Portal inner;
    inner.stmt = stmt;
    inner.ctx = portal.ctx;
    inner.ctx.txn = txn_.get();
    inner.ctx.io = &settings_.io();
    inner.ctx.cancel = &cancel_;
    CopyFromProducer producer(*copy_stream_, opt, *stmt->plan->table, source_columns, settings_.io());
    inner.ctx.external = &producer;
    PLINTH_RETURN_IF_ERROR(copy_stream_->BeginCopyIn(format, static_cast<int>(source_columns.size())));
    PLINTH_RETURN_IF_ERROR(RunModify(inner));
    portal.tag = "COPY " + std::to_string(producer.count());
    return Status::OK();
  }

  // COPY ... TO STDOUT: a query, or every (listed) column of a table.
  std::shared_ptr<const ParseTree> tree = portal.stmt->tree;
  const PgQuery__Node* query = cs->query;
  if (!query) {
    std::string sql = "SELECT ";
    if (columns.empty()) sql += "*";
    for (size_t i = 0; i < columns.size(); i++) sql += (i ? ", " : "") + QuoteIdent(columns[i]);
    sql += " FROM ";
    if (cs->relation->schemaname && cs->relation->schemaname[0]) sql += QuoteIdent(cs->relation->schemaname) + ".";
    sql += QuoteIdent(cs->relation->relname);
    PLINTH_ASSIGN_OR_RETURN(tree, ParseTree::Parse(sql));
    query = tree->statements()[0].node;
  }
  Binder binder(bctx, {});
  PLINTH_ASSIGN_OR_RETURN(Plan plan, binder.BindQuery(query));
  if (plan.action != PlanAction::Query && plan.returning.empty())
    return Status::Error("0A000", "COPY query must have a RETURNING clause");
  if (plan.action != PlanAction::Query) return Status::Error("0A000", "COPY with a data-modifying query is not supported yet");
  Optimize(&plan);
  ExecContext ctx = portal.ctx;
  ctx.txn = txn_.get();
  ctx.io = &settings_.io();
  ctx.cancel = &cancel_;
  static const std::vector<Value> kNoParams;
  ctx.params = &kNoParams;
  auto root = BuildOperator(*plan.root);
  PLINTH_RETURN_IF_ERROR(root->Open(ctx));
  PLINTH_RETURN_IF_ERROR(copy_stream_->BeginCopyOut(format, static_cast<int>(plan.columns.size())));
  std::string out;
  if (format == 1) {
    out.assign(kBinaryHeader, 11);
    out.append(8, '\0');  // flags, header extension length
    PLINTH_RETURN_IF_ERROR(copy_stream_->WriteChunk(out));
  } else if (opt.header) {
    out.clear();
    for (size_t i = 0; i < plan.columns.size(); i++) {
      if (i) out.push_back(opt.delimiter);
      if (opt.format == CopyOptions::Format::Csv) copyfmt::AppendCsvField(plan.columns[i].name, opt, &out);
      else copyfmt::AppendTextField(plan.columns[i].name, opt, &out);
    }
    out.push_back('\n');
    PLINTH_RETURN_IF_ERROR(copy_stream_->WriteChunk(out));
  }
  uint64_t count = 0;
  Row row;
  std::string text;
  for (;;) {
    PLINTH_ASSIGN_OR_RETURN(bool more, root->Next(ctx, &row));
    if (!more) break;
    out.clear();
    if (format == 1) {
      out.push_back(static_cast<char>((row.size() >> 8) & 0xff));
      out.push_back(static_cast<char>(row.size() & 0xff));
      for (size_t i = 0; i < row.size(); i++) {
        if (row[i].is_null()) {
          out.append("\xff\xff\xff\xff", 4);
          continue;
        }
        text.clear();
        SendBinary(plan.columns[i].type, row[i], settings_.io(), &text);
        for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<char>((text.size() >> s) & 0xff));
        out += text;
      }
    } else {
      for (size_t i = 0; i < row.size(); i++) {
        if (i) out.push_back(opt.delimiter);
        if (row[i].is_null()) {
          out += opt.null_text;
          continue;
        }
        text.clear();
        OutputText(plan.columns[i].type, row[i], settings_.io(), &text);
        if (opt.format == CopyOptions::Format::Csv) copyfmt::AppendCsvField(text, opt, &out);
        else copyfmt::AppendTextField(text, opt, &out);
      }
      out.push_back('\n');
    }
    PLINTH_RETURN_IF_ERROR(copy_stream_->WriteChunk(out));
    count++;
  }
  if (format == 1) PLINTH_RETURN_IF_ERROR(copy_stream_->WriteChunk(std::string("\xff\xff", 2)));
  PLINTH_RETURN_IF_ERROR(copy_stream_->EndCopyOut());
  portal.tag = "COPY " + std::to_string(count);
  return Status::OK();
}

}  // namespace plinth
