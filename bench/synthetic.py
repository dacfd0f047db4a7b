"""Synthetic but realistic documents and ledgers for the benchmarks."""

from __future__ import annotations

import random
from pathlib import Path

CHAPTERS = [
    "深化医药卫生体制改革",
    "加强公共卫生体系建设",
    "提升医疗服务质量",
    "加强行业治理",
    "推进中医药传承创新",
    "强化卫生健康人才队伍",
    "推进数字健康建设",
    "做好重点人群健康服务",
]
VERBS = ["推进", "完善", "强化", "落实", "健全", "提升", "加强", "深化"]
OBJECTS = [
    "医共体运行机制",
    "县级医院服务能力",
    "基层卫生服务能力",
    "公立医院绩效考核",
    "传染病监测预警",
    "免疫规划工作",
    "慢性病综合防控",
    "卫生应急预案体系",
    "医疗质量安全管理",
    "平安医院建设",
    "就医体验",
    "综合监督执法",
    "安全生产工作",
]
DETAILS = [
    "健全议事规则,推进人员、财务、药械统一管理",
    "对照推荐标准补齐短板,新建胸痛、卒中中心",
    "持续开展优质服务基层行活动",
    "组织开展年度绩效考核自评,按时报送数据",
    "完善多点触发监测预警机制,开展风险研判",
    "开展专项检查,全面落实核心制度",
    "加强院感防控,落实闭环管理要求",
    "建立问题线索台账,持续推进整改",
]
DEADLINES = [
    "6月底前",
    "年底前",
    "三季度末前",
    "9月30日前",
    "上半年",
    "11月15日前",
    "年内",
    "2024年10月底前",
]


def unit_names(count: int) -> list[str]:
    """A few hundred plausible unit names."""
    offices = [
        "医政医管股",
        "疾控股",
        "基层卫生股",
        "规划财务股",
        "办公室",
        "人事股",
        "法规股",
        "妇幼健康股",
        "职业健康股",
        "中医股",
        "综合监督股",
        "应急办",
    ]
    bodies = ["人民医院", "中医院", "妇幼保健院", "疾控中心", "卫生院", "社区卫生服务中心"]
    names = list(offices)
    index = 1
    while len(names) < count:
        names.append(f"第{index}片区{bodies[index % len(bodies)]}")
        index += 1
    return names[:count]


def document_text(items: int, seed: int = 1, units: int = 300) -> str:
    """A 工作要点 with chapters, sections and ``items`` tagged items."""
    rng = random.Random(seed)
    names = unit_names(units)
    lines = [
        "示范县卫生健康局",
        "示卫发〔2024〕3号",
        "2024年2月20日",
        f"示范县卫生健康局2024年工作要点(第{seed}号)",
    ]
    per_chapter = max(1, items // 40)
    written = 0
    chapter = 0
    while written < items:
        chapter += 1
        lines.append(f"{_cn(chapter)}、{CHAPTERS[chapter % len(CHAPTERS)]}")
        for section in range(1, 6):
            if written >= items:
                break
            lines.append(f"({_cn(section)}){CHAPTERS[(chapter + section) % len(CHAPTERS)]}")
            for number in range(1, per_chapter + 1):
                if written >= items:
                    break
                written += 1
                lead, *support = rng.sample(names, rng.randint(1, 4))
                title = f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}"
                tag = "、".join([lead, *support])
                lines.append(
                    f"{number}.{title}。{rng.choice(DETAILS)},{rng.choice(DEADLINES)}完成。"
                    f"(责任单位:{tag})"
                )
    return "\n".join(lines) + "\n"


def _cn(value: int) -> str:
    digits = "零一二三四五六七八九"
    if value < 10:
        return digits[value]
    tens, ones = divmod(value, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def write_document(path: Path, items: int, seed: int = 1) -> Path:
    """Write a synthetic document of ``items`` items."""
    path.write_text(document_text(items, seed), encoding="utf-8")
    return path
