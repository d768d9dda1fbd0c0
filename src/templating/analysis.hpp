// What a parsed template may read, decided from its tree without rendering it.
#pragma once

#include "templating/ast.hpp"

#include <string>
#include <vector>

namespace dangan::templating {

/// Whether rendering `tpl` may read the value of a key named in `keys`, of any object, through the
/// template and everything it includes or imports (macro bodies too). Conservative: false only when
/// no such read is possible — the keys are written nowhere (as `x.key`, a variable, or inside any
/// text literal, which covers `x["key"]` and key paths such as `map("item.key")`) and nothing reads
/// keys it cannot name in advance: `x[expression]`, `for k, v in object`, a key path computed while
/// rendering (`map(name)`), a filter the application added, or ==, !=, in, not in between two non-literals (objects compare by their values).
/// A book uses it to skip rendering a record's template a second time when it cannot print the
/// record's place (item.first_page …).
bool may_read_keys(const Template& tpl, const std::vector<std::string>& keys);

}  // namespace dangan::templating
