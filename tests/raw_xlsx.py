"""Workbooks built byte by byte: every part, path and attribute is written as the test says, so that
a hostile shape (single quotes, `./` paths, duplicate names) reaches the reader exactly as sent."""

from __future__ import annotations

import io
import zipfile

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
WORKSHEET = REL_NS + "/worksheet"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_NS}">'
    f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)


def cell(ref: str, value: str | float, quote: str = '"') -> str:
    """One cell: a number as <v>, text as an inline string; `ref` written with `quote`."""
    where = f" r={quote}{ref}{quote}" if ref else ""
    if isinstance(value, str):
        return f'<c{where} t="inlineStr"><is><t>{value}</t></is></c>'
    return f"<c{where}><v>{value}</v></c>"


def sheet_xml(rows: list[list[tuple[str, str | float]]] | str, extra: str = "") -> str:
    """A worksheet: rows of (reference, value) cells (row numbers from the first reference), or
    the inside of <sheetData> as a string, written as it is."""
    if isinstance(rows, str):
        data = rows
    else:
        data = ""
        for number, cells in enumerate(rows, start=1):
            data += f'<row r="{number}">' + "".join(cell(r, v) for r, v in cells) + "</row>"
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{NS}" '
        f'xmlns:r="{REL_NS}"><sheetData>{data}</sheetData>{extra}</worksheet>'
    )


def workbook_xml(sheets: list[tuple[str, str]]) -> str:
    """workbook.xml naming (sheet name, relationship id) in order."""
    body = "".join(
        f'<sheet name="{name}" sheetId="{i}" r:id="{rid}"/>'
        for i, (name, rid) in enumerate(sheets, start=1)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{NS}" '
        f'xmlns:r="{REL_NS}"><sheets>{body}</sheets></workbook>'
    )


def rels_xml(targets: list[tuple[str, str]]) -> str:
    """xl/_rels/workbook.xml.rels: (relationship id, target) worksheets, in order."""
    body = "".join(
        f'<Relationship Id="{rid}" Type="{WORKSHEET}" Target="{target}"/>'
        for rid, target in targets
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_NS}">{body}</Relationships>'


def build(
    sheets: dict[str, str],
    targets: dict[str, str] | None = None,
    parts: dict[str, str | bytes] | None = None,
    order: list[tuple[str, str]] | None = None,
) -> bytes:
    """A workbook of `sheets` (name → worksheet XML) stored at xl/worksheets/sheetN.xml.
    `targets` (name → relationship target) overrides where workbook.xml.rels points,
    `parts` adds or replaces entries (path → content, written in this order, duplicates kept),
    `order` gives workbook.xml's (name, relationship id) list as it is (duplicates allowed)."""
    names = list(sheets)
    rids = {name: f"rId{i}" for i, name in enumerate(names, start=1)}
    entries: list[tuple[str, str | bytes]] = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", workbook_xml(order or [(n, rids[n]) for n in names])),
        (
            "xl/_rels/workbook.xml.rels",
            rels_xml(
                [
                    (rids[n], (targets or {}).get(n, f"worksheets/sheet{i}.xml"))
                    for i, n in enumerate(names, start=1)
                ]
            ),
        ),
    ]
    entries += [(f"xl/worksheets/sheet{i}.xml", sheets[n]) for i, n in enumerate(names, start=1)]
    replaced = dict(parts or {})
    out = []
    for path, content in entries:
        if path in replaced:
            content = replaced.pop(path)
        out.append((path, content))
    out += list(replaced.items())
    return zip_entries(out)


def zip_entries(entries: list[tuple[str, str | bytes]]) -> bytes:
    """A deflated zip of (path, content) written in order; a repeated path is written twice."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in entries:
            data = content.encode() if isinstance(content, str) else content
            info = zipfile.ZipInfo(path, (2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            if any(i.filename == path for i in archive.infolist()):
                import warnings

                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    archive.writestr(info, data)
            else:
                archive.writestr(info, data)
    return buffer.getvalue()
