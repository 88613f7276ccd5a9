// regclass: relation names as values. A literal ('seq'::regclass, nextval('seq')) is
// resolved while binding, so an unknown name fails with the literal's position and a
// stored default keeps working by name; a computed text goes through regclass(text).
#include "engine/binder/binder.h"
#include "engine/functions/functions.h"
#include "engine/system/system_catalog.h"

namespace plinth {

Result<ExprPtr> Binder::RegclassLiteral(ExprPtr literal) {
  std::string text(literal->value.as_bytes());
  auto position = [&](Status s) {
    if (literal->location >= 0) s.with_position(literal->location + 1);
    return s;
  };
  // A number is an OID, as regclassin accepts.
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos)
    return Expr::MakeConst(Value::Int(std::stoll(text)), oids::kRegclass);
  auto parts = SplitQualifiedName(text);
  if (!parts.ok()) return position(parts.status());
  std::string schema = parts->size() >= 2 ? (*parts)[parts->size() - 2] : "";
  const std::string& name = parts->back();
  Oid oid = 0;
  if (const SequenceDef* s = ctx_.catalog->LookupSequence(schema, name, ctx_.search_path)) oid = s->oid;
  else if (const TableDef* t = ctx_.catalog->LookupTable(schema, name, ctx_.search_path)) oid = t->oid;
  else if (const ViewDef* v = ctx_.catalog->LookupView(schema, name, ctx_.search_path)) oid = v->oid;
  else if (ctx_.system && (schema.empty() || schema == kPgCatalog || schema == kInformationSchema))
    if (const SystemRelation* r = ctx_.system->FindRelation(schema, name)) oid = r->table->oid;  // 'pg_class'::regclass
  if (!oid) return position(Status::Error("42P01", "relation \"" + text + "\" does not exist"));
  auto c = Expr::MakeConst(Value::Int(oid), oids::kRegclass);
  c->name = literal->name;
  return c;
}

Result<ExprPtr> Binder::RegclassOfText(ExprPtr text) {
  const FunctionDef* fn = nullptr;
  for (const FunctionDef* d : FunctionCandidates("regclass"))
    if (d->args.size() == 1 && d->args[0] == oids::kText) fn = d;
  if (!fn) return Status::Error("42883", "function regclass(text) does not exist");
  if (text->type != oids::kText) { PLINTH_ASSIGN_OR_RETURN(text, CoerceTo(std::move(text), oids::kText, -1, CastContext::Implicit, "argument")); }
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::Func;
  e->fn = fn;
  e->type = oids::kRegclass;
  e->name = "regclass";
  e->location = text->location;
  e->args.push_back(std::move(text));
  return e;
}

}  // namespace plinth
