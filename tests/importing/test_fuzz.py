"""Any text: no exception but the program's own, and no text silently lost."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.errors import DocumentError
from tracker.importing import parse_bytes, parse_text
from tracker.importing.blocks import Paragraph
from tracker.importing.entries import prepare_entries as _prepare
from tracker.importing.textnorm import split_lines

FRAGMENTS = [
    "一、",
    "二、",
    "十一、",
    "（一）",
    "(二)",
    "1.",
    "2、",
    "3．",
    "１２．",
    "(1)",
    "（2）",
    "①",
    "②",
    "第一部分",
    "第三条",
    "篇2",
    "推进医共体建设",
    "提高服务能力",
    "。",
    ",",
    "，",
    "；",
    ";",
    ":",
    "：",
    "(责任单位:医政医管股、县人民医院)",
    "（牵头单位：疾控股；配合单位：县疾控中心）",
    "(县医院牵头,县中医院配合)",
    "(各县(市、区)卫健局按职责分工负责)",
    "牵头单位:",
    "配合单位:",
    "完成时限:",
    "6月底前",
    "2024年10月31日前",
    "年底前",
    "年内",
    "三季度末",
    "长期坚持",
    "每季度",
    "列第一位的为牵头单位",
    "指导思想",
    "保障措施",
    "首页",
    "分享到",
    "第1页 / 共3页",
    "2024年3月1日",
    "示范县卫生健康局",
    "〔2024〕3号",
    " ",
    "\u3000",
    "\t",
    "(",
    ")",
    "（",
    "）",
    "“",
    "”",
    "《",
    "》",
    "=",
    "+",
    "-",
    "@",
    "\x07",
    "\u200b",
    "𠀀",
]

document_text = st.lists(
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=12).map("".join),
    max_size=25,
).map("\n".join)


def _chars(text: str) -> Counter[str]:
    return Counter(char for char in text if not char.isspace())


def _output_chars(result) -> Counter[str]:  # type: ignore[no-untyped-def]
    parts = list(result.unassigned)
    for document in result.documents:
        for item in document.items:
            parts.append(item.content)
            parts.extend(item.heading_path)
    return _chars("\n".join(parts))


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(document_text)
def test_any_text_parses_and_loses_nothing(text: str) -> None:
    result = parse_text(text)
    prepared = [
        entry
        for entry in _prepare([Paragraph(line) for line in split_lines(text)])
        if isinstance(entry, str)
    ]
    missing = _chars("\n".join(prepared)) - _output_chars(result)
    assert not missing, f"lost {dict(missing)}"
    result.to_json()


@pytest.fixture(autouse=True)
def _no_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    """Converting junk with LibreOffice takes seconds a file; its refusal is tested elsewhere."""
    monkeypatch.setattr("tracker.importing.readers.office.find_soffice", lambda: None)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=4000))
def test_any_bytes_give_a_result_or_a_clear_error(data: bytes) -> None:
    for name in ("x.txt", "x.docx", "x.xlsx", "x.pdf", "x.doc"):
        try:
            parse_bytes(data, name)
        except DocumentError as error:
            assert error.message


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(min_size=1, max_size=2000))
def test_damaged_office_packages_give_clear_errors(tail: bytes) -> None:
    for head in (b"PK\x03\x04", b"%PDF-1.4\n", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        try:
            parse_bytes(head + tail, "damaged.docx")
        except DocumentError as error:
            assert error.message
