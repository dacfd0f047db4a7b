"""Opening Office Open XML packages (.docx, .xlsx) defensively: size limits, safe XML."""

from __future__ import annotations

import io
import zipfile
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from tracker.errors import DocumentError

#: Limits for untrusted packages: no member or total beyond these, no absurd compression.
MAX_MEMBER_BYTES = 100 * 1024 * 1024
MAX_TOTAL_BYTES = 300 * 1024 * 1024
MAX_RATIO = 300
#: An XML part (document, numbering, sheet) read for its text: the largest real ones are a few
#: MB; 30 MB parse in a few seconds, the 95 MB of an inflated part would take minutes.
MAX_XML_BYTES = 30 * 1024 * 1024


class Package:
    """A zip package whose members are read with limits and parsed as safe XML."""

    def __init__(self, data: bytes, name: str) -> None:
        self.name = name
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, ValueError, OSError) as error:
            raise DocumentError(
                f"“{name}”已损坏,无法打开。", hint="请用 Word/WPS 打开后重新保存,再导入。"
            ) from error
        total = 0
        for info in infos:
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if (
                info.file_size > MAX_MEMBER_BYTES
                or total > MAX_TOTAL_BYTES
                or (info.file_size > 1024 * 1024 and ratio > MAX_RATIO)
            ):
                raise DocumentError(f"“{name}”解压后过大,可能是损坏或恶意构造的文件,已拒绝导入。")
        self.names = {info.filename for info in infos}

    def has(self, member: str) -> bool:
        """Whether the package holds ``member``."""
        return member in self.names

    def read(self, member: str) -> bytes:
        """Read one XML member, never more than the limit whatever its header claims."""
        try:
            with self._zip.open(member) as handle:
                data = handle.read(MAX_XML_BYTES + 1)
        except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError) as error:
            raise DocumentError(f"“{self.name}”已损坏,无法读取。") from error
        if len(data) > MAX_XML_BYTES:
            raise DocumentError(
                f"“{self.name}”解压后过大(其中 {member} 超过 {MAX_XML_BYTES // 1024 // 1024} MB),"
                "不像是一份工作文件,已拒绝导入。"
            )
        return data

    def xml(self, member: str) -> Element | None:
        """Parse a member as XML with entity and DTD expansion forbidden; None if absent."""
        if not self.has(member):
            return None
        data = self.read(member)
        try:
            root: Element = fromstring(data, forbid_dtd=True)
        except DefusedXmlException as error:
            raise DocumentError(
                f"“{self.name}”包含不安全的内容(XML 实体),已拒绝导入。",
                hint="请用 Word/WPS 打开后另存为新的 .docx 再导入。",
            ) from error
        except (ParseError, ValueError) as error:
            raise DocumentError(f"“{self.name}”的内容已损坏,无法读取。") from error
        return root
