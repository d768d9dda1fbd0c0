"""Writes .xlsx files by hand (zipfile + OOXML), the way other programs write them: inline strings, no
shared-string table, a date style, merged ranges. Used to make workbooks that dangan did not write
(tests/e2e/data/make_planted.py, samples/village-2025/make_workbook.py).

Cells: a str is an inline string; ("n", x) a number; ("d", serial) a date-formatted number;
("e", "#REF!") an error value.
"""
import zipfile
from xml.sax.saxutils import escape


def col(n):
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def cell_xml(ref, value):
    """value: str → inline string; ('n', x) number; ('d', serial) date-styled number; ('e', '#REF!') error."""
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'
    kind, x = value
    if kind == "n":
        return f'<c r="{ref}"><v>{x}</v></c>'
    if kind == "d":
        return f'<c r="{ref}" s="1"><v>{x}</v></c>'
    if kind == "e":
        return f'<c r="{ref}" t="e"><v>{escape(x)}</v></c>'
    raise ValueError(kind)


def sheet_xml(rows, merged=()):
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for r, row in enumerate(rows, 1):
        cells = "".join(cell_xml(f"{col(c)}{r}", v) for c, v in enumerate(row, 1) if v is not None)
        out.append(f'<row r="{r}">{cells}</row>')
    out.append("</sheetData>")
    if merged:
        out.append(f'<mergeCells count="{len(merged)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merged) + "</mergeCells>")
    out.append("</worksheet>")
    return "".join(out)


class _Fixed:
    """zipfile with a fixed time on every entry, so the same sheets give the same bytes."""

    def __init__(self, z):
        self.z = z

    def writestr(self, name, data):
        info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        self.z.writestr(info, data)


def write_xlsx(path, sheets):
    """sheets: [(name, rows, merged ranges)], rows a list of lists of cells (None = empty)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as raw:
        z = _Fixed(raw)
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                             for i in range(1, len(sheets) + 1))
                   + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                   + "".join(f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>' for i, (name, _, _) in enumerate(sheets, 1))
                   + "</sheets></workbook>")
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   + "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
                             for i in range(1, len(sheets) + 1))
                   + f'<Relationship Id="rId{len(sheets) + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>')
        # Style 1 shows a date (built-in number format 14), as Excel stores a typed-in date.
        z.writestr("xl/styles.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                   '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>'
                   '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>')
        for i, (name, rows, merged) in enumerate(sheets, 1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", sheet_xml(rows, merged))
