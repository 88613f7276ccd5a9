// Helpers shared by the DDL files (ddl_table.cc, ddl_index.cc, ddl_sequence.cc,
// ddl_alter.cc, ddl_schema.cc). Every DDL statement validates first and mutates the
// transaction's catalog copy last, so a failing statement leaves the catalog unchanged.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/binder/binder.h"
#include "engine/session/sequences.h"
#include "engine/session/session.h"
#include "engine/session/utility.h"
#include "engine/storage/keys.h"
#include "engine/types/identifier.h"

struct PgQuery__Node;
struct PgQuery__RangeVar;
struct PgQuery__Constraint;
struct PgQuery__RoleSpec;
struct PgQuery__AlterTableStmt;

namespace plinth::ddl {

Status ErrorAt(const char* sqlstate, std::string message, int location);

BindContext MakeBindContext(UtilityContext& ctx);
ExecContext MakeExecContext(UtilityContext& ctx);

// The schema a new object goes to: the given one, or the first existing schema of
// search_path (42P01-free: 3F000 "no schema has been selected" when none exists).
Result<std::string> CreationSchema(UtilityContext& ctx, const char* schemaname, int location);

void WriteTable(Transaction& txn, const TableDef& t);
void WriteSequence(Transaction& txn, const SequenceDef& s);
// Deletes every key under IndexPrefix(table, index) in the transaction.
Status DeleteIndexEntries(Transaction& txn, Oid table, uint32_t index);

// PostgreSQL's ChooseRelationName: "<table>_<cols>_<suffix>", numbered on collision
// with any relation in the schema or any name in `taken`.
std::string ChooseName(const Catalog& cat, const std::string& schema, const std::string& table,
                       const std::vector<std::string>& cols, const std::string& suffix,
                       const std::vector<std::string>& taken = {});

// Resolves a RangeVar to a table, 42P01 "relation ... does not exist" otherwise.
Result<const TableDef*> ResolveTable(UtilityContext& ctx, const PgQuery__RangeVar* rv, bool with_position);

std::vector<std::string> KeyNames(PgQuery__Node* const* keys, size_t n);

// Adds a constraint made at CREATE TABLE or ALTER TABLE ADD: PRIMARY KEY, UNIQUE,
// FOREIGN KEY or CHECK. `self` resolves a foreign key that references the table itself.
// New indexes are only declared here; the caller builds them over existing rows.
Status AddTableConstraint(UtilityContext& ctx, Binder& binder, TableDef& t, const PgQuery__Constraint* c,
                          const std::string& column, std::vector<std::string>* taken_names);

// Owned sequence for serial/identity columns; options from IDENTITY (...) if any.
Result<SequenceDef> MakeOwnedSequence(UtilityContext& ctx, const TableDef& t, const ColumnDef& col,
                                      PgQuery__Node* const* options, size_t n_options, std::vector<std::string>* taken);
// Applies CREATE/ALTER SEQUENCE options (START, INCREMENT, MINVALUE, MAXVALUE, CYCLE,
// AS, CACHE, OWNED BY NONE...) to s. *restart receives a RESTART [WITH] value.
Status ApplySequenceOptions(UtilityContext& ctx, SequenceDef& s, PgQuery__Node* const* options, size_t n, bool is_create,
                            std::optional<int64_t>* restart);

// The default of a serial/identity column: nextval('<sequence>'::regclass).
std::string NextvalDefault(const SequenceDef& s);

// OWNER TO (ddl_owner.cc): checks the role exists; owners are not recorded yet, so a
// role other than the current user gets a WARNING saying so.
Status CheckNewOwner(UtilityContext& ctx, const PgQuery__RoleSpec* spec, const std::string& relation,
                     std::vector<Notice>* notices);
// Runs an ALTER TABLE/SEQUENCE/VIEW/INDEX whose only commands are OWNER TO (pg_dump
// writes ALTER TABLE for sequences and views too); false when it has other commands.
Result<bool> AlterOwnerOnly(UtilityContext& ctx, const PgQuery__AlterTableStmt* at, std::vector<Notice>* notices);

}  // namespace plinth::ddl

namespace plinth::ddl {

void DropTableNow(UtilityContext& ctx, Oid oid);
std::vector<std::pair<Oid, std::string>> ForeignKeysInto(const Catalog& cat, const std::set<Oid>& victims);
void DropForeignKey(UtilityContext& ctx, Oid table, const std::string& name);
Status DependencyError(const std::string& what, const std::vector<std::string>& dependents);
void CascadeNotice(const std::vector<std::string>& dropped, std::vector<Notice>* notices);

}  // namespace plinth::ddl
