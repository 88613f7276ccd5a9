#include "host/config/hba.h"

#include <arpa/inet.h>

#include <array>
#include <cctype>
#include <cstring>
#include <fstream>
#include <sstream>

#include "host/config/value_parsers.h"

namespace plinth {
namespace {

constexpr std::array<std::string_view, 4> kConnectionTypes{"host", "hostssl", "hostnossl",
                                                          "local"};
constexpr std::array<std::string_view, 5> kBuiltinMethods{"trust", "reject", "scram-sha-256",
                                                         "md5", "password"};
// PostgreSQL methods Plinth deliberately does not implement; naming them gets a clearer
// message than "unknown method".
constexpr std::array<std::string_view, 10> kUnsupportedPgMethods{
    "ident", "peer", "gss", "sspi", "ldap", "radius", "cert", "pam", "bsd", "krb5"};

template <size_t N>
bool Contains(const std::array<std::string_view, N>& set, std::string_view value) {
  for (std::string_view item : set) {
    if (item == value) return true;
  }
  return false;
}

// A parsed IP address: family plus 4 or 16 bytes in network order.
struct IpAddress {
  int family = 0;
  std::array<unsigned char, 16> bytes{};
  int bits() const { return family == AF_INET ? 32 : 128; }
};

bool ParseIp(std::string_view text, IpAddress* out) {
  std::string copy(text);
  if (inet_pton(AF_INET, copy.c_str(), out->bytes.data()) == 1) {
    out->family = AF_INET;
    return true;
  }
  if (inet_pton(AF_INET6, copy.c_str(), out->bytes.data()) == 1) {
    out->family = AF_INET6;
    return true;
  }
  return false;
}

std::string FormatIp(const IpAddress& ip) {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(ip.family, ip.bytes.data(), buf, sizeof buf);
  return buf;
}

// True when every bit of `ip` after the first `prefix` bits is zero.
bool HostBitsZero(const IpAddress& ip, int prefix) {
  for (int bit = prefix; bit < ip.bits(); ++bit) {
    if (ip.bytes[bit / 8] & (0x80 >> (bit % 8))) return false;
  }
  return true;
}

// --- pg_hba.conf tokenizer ---------------------------------------------------------

// One whitespace-separated field; a field may be a comma list whose items were split by
// the tokenizer already ("a, b" and "a,b" are the same field, as in PostgreSQL).
using Field = std::vector<std::string>;

// Splits one line (comment already stripped) into fields. Double quotes protect spaces,
// commas and '#'. Returns false with *error on an unterminated quote.
bool Tokenize(std::string_view line, std::vector<Field>* fields, std::string* error) {
  size_t i = 0;
  auto skip_space = [&] {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
  };
  while (true) {
    skip_space();
    if (i >= line.size() || line[i] == '#') return true;
    Field field;
    while (true) {  // one item of a comma list
      std::string item;
      bool quoted = false;
      while (i < line.size()) {
        char c = line[i];
        if (c == '"') {
          quoted = !quoted;
          ++i;
          continue;
        }
        if (!quoted && (std::isspace(static_cast<unsigned char>(c)) || c == ',' || c == '#')) break;
        item += c;
        ++i;
      }
      if (quoted) {
        *error = "unterminated quoted string";
        return false;
      }
      field.push_back(item);
      if (i < line.size() && line[i] == ',') {
        ++i;
        skip_space();  // "a, b": the list continues after the comma
        continue;
      }
      break;
    }
    fields->push_back(std::move(field));
  }
}

std::string Joined(const Field& field) {
  std::string out;
  for (size_t k = 0; k < field.size(); ++k) out += (k ? "," : "") + field[k];
  return out;
}

// Builds a rule from the fields of one line; "" on success, else the problem.
std::string RuleFromFields(const std::vector<Field>& fields, HbaRule* rule) {
  const std::string type = Joined(fields[0]);
  if (!Contains(kConnectionTypes, type)) {
    return "invalid connection type \"" + type + "\" (expected host, hostssl, hostnossl or local)";
  }
  rule->type = type;
  const bool local = type == "local";
  const size_t min_fields = local ? 4 : 5;
  if (fields.size() < min_fields) {
    return local ? "a local rule needs: local DATABASE USER METHOD"
                 : "a " + type + " rule needs: " + type + " DATABASE USER ADDRESS METHOD";
  }
  rule->databases = fields[1];
  rule->users = fields[2];
  size_t next = 3;
  if (!local) {
    const std::string address = Joined(fields[next++]);
    // The two-column form "address mask": the mask is an IP address, a method never is.
    IpAddress probe;
    if (address.find('/') == std::string::npos && address != "all" && next < fields.size() &&
        fields[next].size() == 1 && ParseIp(fields[next][0], &probe)) {
      std::string error;
      rule->address = hba::AddressWithMaskToCidr(address, fields[next++][0], &error);
      if (!error.empty()) return error;
    } else {
      rule->address = address;
    }
    if (next >= fields.size()) return "missing authentication method after the address";
  }
  rule->method = Joined(fields[next++]);
  if (next < fields.size()) {
    return "authentication options (\"" + Joined(fields[next]) + "\") are not supported by Plinth";
  }
  return hba::ValidateRule(*rule);
}

}  // namespace

namespace hba {

bool IsBuiltinMethod(std::string_view method) { return Contains(kBuiltinMethods, method); }

std::string NormalizeAddress(std::string_view address, std::string* error) {
  if (address == "all") return "all";
  if (address == "samehost" || address == "samenet") {
    *error = "address keyword \"" + std::string(address) + "\" is not supported by Plinth";
    return "";
  }
  const size_t slash = address.find('/');
  IpAddress ip;
  if (!ParseIp(address.substr(0, slash), &ip)) {
    *error = "invalid IP address \"" + std::string(address.substr(0, slash)) +
             "\" (expected an address such as 127.0.0.1/32 or ::1/128, or \"all\"; host names "
             "are not supported)";
    return "";
  }
  int prefix = ip.bits();
  if (slash != std::string_view::npos) {
    auto parsed = config::ParseInteger(address.substr(slash + 1), 0, ip.bits());
    if (config::IsError(parsed) || address.substr(slash + 1).empty() ||
        !std::isdigit(static_cast<unsigned char>(address[slash + 1]))) {
      *error = "invalid CIDR mask in address \"" + std::string(address) + "\" (expected /0../" +
               std::to_string(ip.bits()) + ")";
      return "";
    }
    prefix = static_cast<int>(config::ValueOf(parsed));
  }
  if (!HostBitsZero(ip, prefix)) {
    *error = "invalid CIDR address \"" + std::string(address) +
             "\": bits to the right of the mask are set";
    return "";
  }
  return FormatIp(ip) + "/" + std::to_string(prefix);
}

std::string AddressWithMaskToCidr(std::string_view address, std::string_view mask,
                                  std::string* error) {
  IpAddress ip, netmask;
  if (!ParseIp(address, &ip)) {
    *error = "invalid IP address \"" + std::string(address) + "\"";
    return "";
  }
  if (!ParseIp(mask, &netmask) || netmask.family != ip.family) {
    *error = "invalid IP mask \"" + std::string(mask) + "\" for address \"" +
             std::string(address) + "\"";
    return "";
  }
  int prefix = 0;
  while (prefix < ip.bits() && (netmask.bytes[prefix / 8] & (0x80 >> (prefix % 8)))) ++prefix;
  if (!HostBitsZero(netmask, prefix)) {
    *error = "invalid IP mask \"" + std::string(mask) + "\": the one bits must be contiguous";
    return "";
  }
  return NormalizeAddress(std::string(address) + "/" + std::to_string(prefix), error);
}

std::string ValidateRule(const HbaRule& rule) {
  if (!Contains(kConnectionTypes, rule.type)) {
    return "invalid connection type \"" + rule.type +
           "\" (expected host, hostssl, hostnossl or local)";
  }
  for (const auto* list : {&rule.databases, &rule.users}) {
    const char* what = list == &rule.databases ? "database" : "user";
    if (list->empty()) return std::string("missing ") + what + " list";
    for (const std::string& name : *list) {
      if (name.empty()) return std::string("empty ") + what + " name in list";
      if (name[0] == '@' || name[0] == '+') {
        return std::string(what) + " \"" + name +
               "\": @file and +group references are not supported by Plinth";
      }
    }
  }
  if (rule.type == "local") {
    if (!rule.address.empty()) return "a local rule takes no address";
  } else {
    std::string error;
    NormalizeAddress(rule.address, &error);
    if (!error.empty()) return error;
  }
  if (rule.method.empty()) return "missing authentication method";
  if (Contains(kUnsupportedPgMethods, rule.method)) {
    return "authentication method \"" + rule.method + "\" is not supported by Plinth";
  }
  if (!IsBuiltinMethod(rule.method)) {
    bool plausible = std::islower(static_cast<unsigned char>(rule.method[0]));
    for (char c : rule.method) {
      plausible = plausible && (std::islower(static_cast<unsigned char>(c)) ||
                                std::isdigit(static_cast<unsigned char>(c)) || c == '-');
    }
    if (!plausible) {
      return "invalid authentication method \"" + rule.method +
             "\" (expected trust, reject, scram-sha-256, md5, password, or a method of an auth "
             "plugin: lower-case letters, digits and '-')";
    }
  }
  return "";
}

Status CheckMethodsProvided(const std::vector<HbaRule>& rules,
                            const std::set<std::string>& provided_methods) {
  for (const HbaRule& rule : rules) {
    if (rule.method == "reject" || provided_methods.count(rule.method)) continue;
    std::string known;
    for (const std::string& m : provided_methods) known += (known.empty() ? "" : ", ") + m;
    return Status::Error("F0000", rule.source + ": method: no loaded auth plugin provides \"" +
                                      rule.method + "\" (loaded plugins provide: " +
                                      (known.empty() ? "nothing" : known) +
                                      "); add the plugin to [plugins] auth");
  }
  return Status::OK();
}

}  // namespace hba

Result<std::vector<HbaRule>> ParseHbaText(std::string_view text, std::string_view file_name) {
  std::vector<HbaRule> rules;
  std::istringstream in{std::string(text)};
  std::string line;
  for (int line_number = 1; std::getline(in, line); ++line_number) {
    const std::string where = std::string(file_name) + ":" + std::to_string(line_number);
    std::vector<Field> fields;
    std::string error;
    if (Tokenize(line, &fields, &error)) {
      if (fields.empty()) continue;  // blank or comment
      HbaRule rule;
      rule.source = where;
      error = RuleFromFields(fields, &rule);
      if (error.empty()) {
        if (rule.type != "local") {
          rule.address = hba::NormalizeAddress(rule.address, &error);
        }
        rules.push_back(std::move(rule));
        continue;
      }
    }
    return Status::Error("F0000", where + ": " + error);
  }
  return rules;
}

Result<std::vector<HbaRule>> ParseHbaFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::Error("58P01", path + ": could not open hba file: " + std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return ParseHbaText(text.str(), path);
}

std::vector<HbaRule> DefaultHbaRules() {
  std::vector<HbaRule> rules;
  for (const char* address : {"127.0.0.1/32", "::1/128"}) {
    rules.push_back(HbaRule{"host", {"all"}, {"all"}, address, "trust", "built-in default"});
  }
  return rules;
}

}  // namespace plinth
