// DDL statements, applied to the transaction's private catalog copy and written into its
// batch (see catalog/catalog.h for why that makes DDL transactional). One file per
// family: ddl_table.cc (CREATE/DROP TABLE, TRUNCATE), ddl_index.cc, ddl_sequence.cc,
// ddl_alter.cc (ALTER TABLE), ddl_schema.cc (schemas, COMMENT ON).
//
// Sequence counters are the exception to transactional DDL, as in PostgreSQL: nextval
// and setval commit at once, and so does ALTER SEQUENCE ... RESTART here.
#pragma once

#include <string>
#include <vector>

#include "engine/session/utility.h"

struct PgQuery__CreateStmt;
struct PgQuery__DropStmt;
struct PgQuery__TruncateStmt;
struct PgQuery__IndexStmt;
struct PgQuery__CreateSeqStmt;
struct PgQuery__AlterSeqStmt;
struct PgQuery__AlterTableStmt;
struct PgQuery__RenameStmt;
struct PgQuery__CreateSchemaStmt;
struct PgQuery__CommentStmt;

namespace plinth {

Status CreateTable(UtilityContext& ctx, const PgQuery__CreateStmt* cs, std::vector<Notice>* notices);
// DROP TABLE / INDEX / SEQUENCE / SCHEMA; *tag is set to the statement's tag.
Status DropObjects(UtilityContext& ctx, const PgQuery__DropStmt* ds, std::string* tag, std::vector<Notice>* notices);
Status Truncate(UtilityContext& ctx, const PgQuery__TruncateStmt* ts, std::vector<Notice>* notices);

Status CreateIndex(UtilityContext& ctx, const PgQuery__IndexStmt* is, std::vector<Notice>* notices);
Status DropIndexes(UtilityContext& ctx, const PgQuery__DropStmt* ds, std::vector<Notice>* notices);

Status CreateSequence(UtilityContext& ctx, const PgQuery__CreateSeqStmt* cs, std::vector<Notice>* notices);
Status AlterSequence(UtilityContext& ctx, const PgQuery__AlterSeqStmt* as, std::vector<Notice>* notices);
Status DropSequences(UtilityContext& ctx, const PgQuery__DropStmt* ds, std::vector<Notice>* notices);

Status AlterTable(UtilityContext& ctx, const PgQuery__AlterTableStmt* at, std::string* tag, std::vector<Notice>* notices);
// ALTER TABLE/INDEX/SEQUENCE ... RENAME [COLUMN|CONSTRAINT] ... TO ...
Status Rename(UtilityContext& ctx, const PgQuery__RenameStmt* rs, std::string* tag, std::vector<Notice>* notices);

Status CreateSchema(UtilityContext& ctx, const PgQuery__CreateSchemaStmt* cs, std::vector<Notice>* notices);
Status DropSchemas(UtilityContext& ctx, const PgQuery__DropStmt* ds, std::vector<Notice>* notices);
Status Comment(UtilityContext& ctx, const PgQuery__CommentStmt* cs);

}  // namespace plinth
