// The workbook's sheets and columns live in records/schema.hpp, because the JSON loader reads their
// Chinese headers as Chinese keys; the workbook code keeps using them under its own namespace.
#pragma once

#include "records/schema.hpp"

namespace dangan::workbook {

using records::Column;
using records::find_sheet;
using records::month_header;
using records::normalise_header;
using records::paid_header;
using records::sheets;
using records::SheetSchema;
using records::Type;

}  // namespace dangan::workbook
