"""The benchmark command keeps working: a quick run measures every benchmark and reports it.

Speed itself is not asserted here (shared machines are noisy); ``python -m bench`` reports it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.synthetic import document_text
from tracker.importing import parse_text

ROOT = Path(__file__).resolve().parent.parent


def test_synthetic_documents_parse_into_exactly_the_items_written() -> None:
    result = parse_text(document_text(250, seed=3))
    [document] = result.documents
    assert len(document.items) == 250
    assert all(item.units for item in document.items)
    assert all(item.heading_path for item in document.items)
    assert sum(1 for item in document.items if item.due_date) > 200


@pytest.mark.slow
def test_quick_benchmark_run_reports_every_measurement(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TRACKER_HOME": str(tmp_path)}
    completed = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--json", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    payload = json.loads(out.read_text(encoding="utf-8"))
    names = [result["name"] for result in payload["results"]]
    for expected in ("解析", "导入", "台账查询", "导出 Excel", "导出填报表", "内存峰值", "打开主窗口", "搜索框",
                     "排序", "--version", "首次绘制", "台账显示", "创建调度", "收回"):
        assert any(expected in name for name in names), f"no measurement of {expected}"
    for result in payload["results"]:
        assert result["value"] > 0, result
        assert result["baseline"] is None or result["baseline"] > 0, result
    assert "| 项目 | 结果 |" in completed.stdout
    assert payload["machine"]["python"]
