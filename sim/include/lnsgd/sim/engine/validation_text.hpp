#pragma once
// The wording of every validation message: "field = value (accepted: ...)".
#include <initializer_list>
#include <sstream>
#include <string>

namespace lnsgd::sim::detail {

template <class T>
std::string show(const T& v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

inline std::string bad(const std::string& field, const std::string& value, const std::string& accepted) {
  return field + " = " + value + " (accepted: " + accepted + ")";
}

inline bool one_of(const std::string& s, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (s == n) return true;
  return false;
}

}  // namespace lnsgd::sim::detail
