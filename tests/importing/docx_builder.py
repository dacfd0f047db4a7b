"""Build real .docx files for tests: paragraphs with Word automatic numbering, tables, styles.

The package is what Word writes at minimum (content types, relationships, document, styles,
numbering), so LibreOffice and Word open it too.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
</Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""

DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
</Relationships>"""


@dataclass
class Level:
    fmt: str
    text: str
    start: int = 1


@dataclass
class DocxBuilder:
    """Collects body XML, list definitions and styles; ``save`` writes the package."""

    body: list[str] = field(default_factory=list)
    abstracts: list[list[Level]] = field(default_factory=list)
    nums: list[tuple[int, dict[int, int]]] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    prolog: str = ""

    def list_definition(self, *levels: Level) -> int:
        """Define a multi-level list; return its numId."""
        self.abstracts.append(list(levels))
        return self.list_instance(len(self.abstracts) - 1)

    def list_instance(self, abstract_id: int, start_overrides: dict[int, int] | None = None) -> int:
        self.nums.append((abstract_id, start_overrides or {}))
        return len(self.nums)

    def numbered_style(self, style_id: str, num_id: int, ilvl: int) -> None:
        self.styles.append(
            f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{style_id}"/>'
            f'<w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
            "</w:pPr></w:style>"
        )

    def paragraph(
        self,
        text: str,
        *,
        num_id: int | None = None,
        ilvl: int = 0,
        style: str | None = None,
        extra_ppr: str = "",
        runs: str | None = None,
    ) -> None:
        ppr = ""
        if style:
            ppr += f'<w:pStyle w:val="{style}"/>'
        if num_id is not None:
            ppr += f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
        ppr += extra_ppr
        content = (
            runs
            if runs is not None
            else f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
        )
        self.body.append(f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{content}</w:p>")

    def table(self, rows: list[list[str | tuple[str, dict[str, str]]]]) -> None:
        """Rows of cells; a cell is text, or (text, {"span": "2"} / {"vmerge": "restart"|""})."""
        xml = ["<w:tbl>"]
        for row in rows:
            xml.append("<w:tr>")
            for cell in row:
                text, props = (cell, {}) if isinstance(cell, str) else cell
                tcpr = ""
                if "span" in props:
                    tcpr += f'<w:gridSpan w:val="{props["span"]}"/>'
                if "vmerge" in props:
                    tcpr += (
                        '<w:vMerge w:val="restart"/>'
                        if props["vmerge"] == "restart"
                        else "<w:vMerge/>"
                    )
                inner = props.get("xml") or (
                    f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
                )
                xml.append(f"<w:tc>{'<w:tcPr>' + tcpr + '</w:tcPr>' if tcpr else ''}{inner}</w:tc>")
            xml.append("</w:tr>")
        xml.append("</w:tbl>")
        self.body.append("".join(xml))

    def raw(self, xml: str) -> None:
        self.body.append(xml)

    def _numbering(self) -> str:
        parts = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {NS}>']
        for index, levels in enumerate(self.abstracts):
            parts.append(f'<w:abstractNum w:abstractNumId="{index}">')
            for ilvl, level in enumerate(levels):
                parts.append(
                    f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{level.start}"/>'
                    f'<w:numFmt w:val="{level.fmt}"/><w:lvlText w:val="{escape(level.text)}"/>'
                    '<w:suff w:val="nothing"/></w:lvl>'
                )
            parts.append("</w:abstractNum>")
        for num_id, (abstract_id, overrides) in enumerate(self.nums, start=1):
            parts.append(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>')
            for ilvl, start in overrides.items():
                parts.append(
                    f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/>'
                    "</w:lvlOverride>"
                )
            parts.append("</w:num>")
        parts.append("</w:numbering>")
        return "".join(parts)

    def document_xml(self) -> str:
        return (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{self.prolog}'
            f"<w:document {NS}><w:body>{''.join(self.body)}</w:body></w:document>"
        )

    def save(self, path: Path) -> Path:
        styles = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {NS}>'
            f"{''.join(self.styles)}</w:styles>"
        )
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
            package.writestr("[Content_Types].xml", CONTENT_TYPES)
            package.writestr("_rels/.rels", ROOT_RELS)
            package.writestr("word/_rels/document.xml.rels", DOC_RELS)
            package.writestr("word/document.xml", self.document_xml())
            package.writestr("word/styles.xml", styles)
            package.writestr("word/numbering.xml", self._numbering())
        return path


def official_outline(builder: DocxBuilder) -> int:
    """The usual 一、/（一）/1./（1）/① list of a county document; returns its numId."""
    return builder.list_definition(
        Level("chineseCounting", "%1、"),
        Level("chineseCounting", "（%2）"),
        Level("decimal", "%3."),
        Level("decimal", "（%4）"),
        Level("decimalEnclosedCircle", "%5"),
    )
