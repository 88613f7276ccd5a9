// What binding SQL kept in the catalog (CHECK constraints, defaults, view queries) needs
// outside a statement: reg* names (regclass, regtype...) resolved in that catalog, and
// the session's search_path (public without a session). Not copyable: the I/O context
// points at the names, the bind context at the I/O context.
#pragma once

#include "engine/binder/binder.h"
#include "engine/session/settings.h"
#include "engine/system/reg_names.h"

namespace plinth {

class CatalogBinding {
 public:
  CatalogBinding(const Catalog& cat, const SessionSettings* settings)
      : names_(Source(cat, settings)),
        ctx_{&cat, settings ? settings->search_path() : std::vector<std::string>{"public"}, &io_} {
    io_.reg_names = &names_;
  }
  CatalogBinding(const CatalogBinding&) = delete;
  CatalogBinding& operator=(const CatalogBinding&) = delete;

  const IoContext& io() const { return io_; }
  const BindContext& context() const { return ctx_; }

 private:
  static RegNameSource Source(const Catalog& cat, const SessionSettings* settings) {
    RegNameSource source;
    source.catalog = [&cat]() -> const Catalog& { return cat; };
    source.settings = settings;
    return source;
  }
  CatalogRegNames names_;
  IoContext io_;
  BindContext ctx_;
};

}  // namespace plinth
