// Unicode simple case mapping for UTF-8 text, as PostgreSQL does under the C.UTF-8
// (or any UTF-8) LC_CTYPE: through the C library's wide-character tables of the
// C.UTF-8 locale, held in a locale_t so the process-wide locale is never touched.
#pragma once

#include <string>
#include <string_view>

namespace plinth::functions {

std::string Utf8Lower(std::string_view s);
std::string Utf8Upper(std::string_view s);
std::string Utf8Initcap(std::string_view s);  // first letter of each alphanumeric run upper

}  // namespace plinth::functions
