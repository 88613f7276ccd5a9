// SQL identifiers as PostgreSQL writes them back (quote_ident(), regclass output,
// pg_get_constraintdef, \d): bare when the name would read back unchanged — lower-case
// letters, digits and underscores, not starting with a digit, and not a key word the
// grammar reserves in any way — otherwise double-quoted with inner quotes doubled.
#pragma once

#include <string>
#include <string_view>

namespace plinth {

std::string QuoteIdentifier(std::string_view name);

// Key words of every category but "unreserved" (those cannot stand as a bare name).
bool IsNonUnreservedKeyword(std::string_view word);

}  // namespace plinth
