"""LibreOffice converts a document without reaching any network.

The .odt below links a picture and an object from a listener on 127.0.0.1; an
unguarded LibreOffice 7.4 fetches both while converting (OPTIONS, HEAD and GET
requests). The conversion must send none and still keep the text.
"""

from __future__ import annotations

import http.server
import io
import re
import threading
import zipfile
from collections.abc import Iterator

import pytest

from tracker.importing.readers import office

TEXT = "一、加强基层卫生服务。(牵头单位:县卫生健康局)"


class _Listener(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Recorder)
        self.requests: list[str] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Recorder(http.server.BaseHTTPRequestHandler):
    server: _Listener

    def _answer(self) -> None:
        self.server.requests.append(f"{self.command} {self.path}")
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD = do_OPTIONS = do_PROPFIND = do_POST = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def listener() -> Iterator[_Listener]:
    server = _Listener()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _odt_linking_to(url: str) -> bytes:
    """A text document whose picture and object live at ``url``, not in the file."""
    frame = (
        '<draw:frame draw:name="{name}" text:anchor-type="as-char" svg:width="2cm" svg:height="2cm">'
        '<draw:{kind} xlink:href="{url}/{file}" xlink:type="simple" xlink:show="embed"'
        ' xlink:actuate="onLoad"/></draw:frame>'
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content office:version="1.2"'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
        ' xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"'
        ' xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"'
        ' xmlns:xlink="http://www.w3.org/1999/xlink">'
        f"<office:body><office:text><text:p>{TEXT}</text:p><text:p>"
        + frame.format(name="picture", kind="image", url=url, file="pic.png")
        + frame.format(name="object", kind="object", url=url, file="obj.ods")
        + "</text:p></office:text></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest manifest:version="1.2"'
        ' xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        # ODF wants the media type first and stored uncompressed.
        package.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.text",
            compress_type=zipfile.ZIP_STORED,
        )
        package.writestr("META-INF/manifest.xml", manifest)
        package.writestr("content.xml", content)
    return buffer.getvalue()


def _docx_text(docx: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        document = package.read("word/document.xml").decode("utf-8")
    return "".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", document))


@pytest.fixture
def soffice() -> str:
    found = office.find_soffice()
    if found is None:
        pytest.skip("LibreOffice is not installed")
    return found


@pytest.mark.slow
def test_conversion_fetches_nothing_linked(soffice: str, listener: _Listener) -> None:
    docx = office.convert(_odt_linking_to(listener.url), "要点.odt", "docx")
    assert TEXT in _docx_text(docx)
    assert listener.requests == []


@pytest.mark.slow
def test_profile_settings_alone_fetch_nothing(
    soffice: str, listener: _Listener, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As on Windows: no network sandbox, only the settings of the fresh profile."""
    monkeypatch.setattr(office, "_network_sandbox", lambda soffice: ())
    docx = office.convert(_odt_linking_to(listener.url), "要点.odt", "docx")
    assert TEXT in _docx_text(docx)
    assert listener.requests == []
