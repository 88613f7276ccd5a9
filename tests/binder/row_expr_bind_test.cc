// Binding of row constructors used as values (bind_row_expr.cc): ROW(...) and (a, b) are
// anonymous records whose shape (f1, f2... with the fields' types) rides in the typmod,
// t.* inside them spreads into the columns, and ROW(...) IS [NOT] DISTINCT FROM ROW(...)
// is taken field by field -- with PostgreSQL's errors for malformed rows.
#include <gtest/gtest.h>

#include "engine/binder/binder.h"
#include "engine/parser/parser.h"
#include "engine/types/record.h"
#include "tests/binder/bind_sql.h"

namespace plinth {
namespace {

class RowExprBindTest : public ::testing::Test {
 protected:
  RowExprBindTest() {
    auto cat = Catalog::Empty()->Clone();
    TableDef t;  // pairs (a int, b text)
    t.oid = cat->AllocateOid();
    t.schema = "public";
    t.name = "pairs";
    for (auto [name, type] : {std::pair{"a", oids::kInt4}, {"b", oids::kText}}) {
      ColumnDef c;
      c.name = name;
      c.type = type;
      t.columns.push_back(c);
    }
    cat->PutTable(t);
    catalog_ = cat;
  }

  Result<Plan> Bind(const std::string& sql) {
    return testing_support::BindSql(sql, catalog_.get(), &io_, &trees_);
  }

  // "name:type" of the single output column, or the error's SQLSTATE.
  std::string Column(const std::string& sql) {
    auto r = Bind(sql);
    if (!r.ok()) return r.status().sqlstate();
    const OutputColumn& c = r.value().columns.at(0);
    return c.name + ":" + FormatType(c.type, c.typmod);
  }

  // "f1 integer, f2 text": the record shape of the single output column.
  std::string Shape(const std::string& sql) {
    auto r = Bind(sql);
    if (!r.ok()) return r.status().sqlstate();
    const std::vector<RecordField>* fields = RecordShape(r.value().columns.at(0).typmod);
    if (fields == nullptr) return "no shape";
    std::string s;
    for (const RecordField& f : *fields) s += (s.empty() ? "" : ", ") + f.name + " " + FormatType(f.type, -1);
    return s;
  }

  std::shared_ptr<const Catalog> catalog_;
  std::vector<std::shared_ptr<const ParseTree>> trees_;
  IoContext io_;
};

TEST_F(RowExprBindTest, RowConstructorIsAnAnonymousRecord) {
  EXPECT_EQ(Column("SELECT ROW(1, 'a')"), "row:record");
  EXPECT_EQ(Shape("SELECT ROW(1, 'a')"), "f1 integer, f2 text");  // the unknown literal is text
  EXPECT_EQ(Shape("SELECT (a, b, 2.5) FROM pairs"), "f1 integer, f2 text, f3 numeric");
  EXPECT_EQ(Column("SELECT CAST(ROW(1, 'a') AS text)"), "row:text");
}

TEST_F(RowExprBindTest, QualifiedStarSpreadsIntoColumns) {
  EXPECT_EQ(Shape("SELECT ROW(p.*, 9) FROM pairs p"), "f1 integer, f2 text, f3 integer");
  EXPECT_EQ(Column("SELECT ROW(p.*, nope) FROM pairs p"), "42703");
}

TEST_F(RowExprBindTest, RowDistinctComparesFieldByField) {
  EXPECT_EQ(Column("SELECT ROW(1, NULL) IS DISTINCT FROM ROW(1, 2)"), "?column?:boolean");
  // The unknown literal is read as the other side's integer, not as text.
  EXPECT_EQ(Column("SELECT ROW(a, b) IS NOT DISTINCT FROM ROW('1', 'x') FROM pairs"), "?column?:boolean");
  EXPECT_EQ(Column("SELECT ROW(p.*) IS NOT DISTINCT FROM ROW(1, 'x') FROM pairs p"), "?column?:boolean");
  EXPECT_EQ(Column("SELECT ROW(1, 2) IS DISTINCT FROM ROW(1)"), "42601");  // unequal entries
  EXPECT_EQ(Column("SELECT ROW(1, 2) IS DISTINCT FROM ROW(1, true)"), "42883");  // integer = boolean
}

}  // namespace
}  // namespace plinth
