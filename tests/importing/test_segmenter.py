"""Headings, items, documents and unassigned text: the rules of LABELLING.md, one by one."""

from __future__ import annotations

from datetime import date

from tracker.importing import parse_text
from tracker.importing.model import ParsedItem


def items(text: str) -> list[ParsedItem]:
    return [item for document in parse_text(text).documents for item in document.items]


def test_chapters_sections_items_and_restarts() -> None:
    found = items(
        "一、医疗服务\n（一）急救\n1．提升急救能力。\n2．新建胸痛中心。\n"
        "（二）护理\n1．发展护理服务。\n二、公共卫生\n1．强化监测。\n"
    )
    assert [(i.number, i.heading_path) for i in found] == [
        ("1", ["一、医疗服务", "（一）急救"]),
        ("2", ["一、医疗服务", "（一）急救"]),
        ("1", ["一、医疗服务", "（二）护理"]),
        ("1", ["二、公共卫生"]),
    ]


def test_entries_with_sub_items_are_headings() -> None:
    found = items("1.加强质量管理\n(1)开展专项检查。\n(2)落实核心制度。\n2.改善服务。\n")
    assert [(i.number, i.title, i.heading_path) for i in found] == [
        ("(1)", "开展专项检查", ["1.加强质量管理"]),
        ("(2)", "落实核心制度", ["1.加强质量管理"]),
        ("2", "改善服务", []),
    ]


def test_unnumbered_paragraphs_and_label_lines_belong_to_the_item_before() -> None:
    [item] = items("1.做好统计工作。\n按时报送月报。\n牵头单位:规划信息股\n完成时限:每月\n")
    assert item.content == "1.做好统计工作。\n按时报送月报。\n牵头单位:规划信息股\n完成时限:每月"
    assert [(u.name, u.role.value) for u in item.units] == [("规划信息股", "lead")]
    assert (item.deadline_text, item.deadline_kind.value) == ("每月", "periodic")


def test_first_listed_leads_after_the_rule_is_stated() -> None:
    text = (
        "关于印发工作要点的通知\n各项任务列第一位的为牵头单位,其他为配合单位。\n"
        "1.甲。(责任单位:医政医管股、县人民医院)\n2.乙。(牵头单位:疾控股)\n"
    )
    first, second = items(text)
    assert [(u.name, u.role.value) for u in first.units] == [
        ("医政医管股", "lead"),
        ("县人民医院", "support"),
    ]
    assert [(u.name, u.role.value) for u in second.units] == [("疾控股", "lead")]


def test_title_is_the_lead_sentence_or_first_clause_and_content_is_unchanged() -> None:
    long_sentence = (
        "全面推进县域医共体建设" + "和各项改革任务落实" * 6 + ",确保取得实效。其余内容。"
    )
    short, long = items(
        f"1．提高县级医院服务能力；完善设施。（责任单位：医政医管股）\n2.{long_sentence}\n"
    )
    assert short.title == "提高县级医院服务能力"
    assert short.content == "1．提高县级医院服务能力；完善设施。（责任单位：医政医管股）"
    assert long.title == long_sentence.split(",")[0]


def test_framing_sections_hold_no_items_unless_tagged() -> None:
    found = items(
        "一、指导思想\n坚持以人民健康为中心。\n二、重点任务\n1.推进医共体建设。\n"
        "三、保障措施\n(一)加强组织领导。各单位要高度重视。\n"
        "(二)强化督导。(责任单位:办公室)\n"
    )
    assert [i.title for i in found] == ["推进医共体建设", "强化督导"]


def test_web_noise_is_dropped_and_unplaced_text_is_returned() -> None:
    result = parse_text(
        "首页 > 通知公告 > 正文\n发布时间:2024-03-01 浏览次数:88\n分享到:\n"
        "2024年工作要点\n现将要点印发如下。\n1.做好工作。\n上一篇:关于…\n版权所有 某某局 ICP备12345号\n"
    )
    [document] = result.documents
    assert document.title == "2024年工作要点"
    assert [i.title for i in document.items] == ["做好工作"]
    assert result.unassigned == ["2024年工作要点", "现将要点印发如下。"]


def test_several_documents_in_one_file() -> None:
    result = parse_text(
        "网站导航\n某某方案(精选2篇)\n卫生工作方案 篇1\n1.甲任务。\n卫生工作方案 篇2\n一、总体要求\n"
        "1.乙任务。\n二、重点任务\n1.丙任务。\n"
    )
    assert [d.title for d in result.documents] == ["卫生工作方案 篇1", "卫生工作方案 篇2"]
    assert [[i.title for i in d.items] for d in result.documents] == [["甲任务"], ["丙任务"]]


def test_document_details_and_deadline_year() -> None:
    result = parse_text(
        "示范县卫生健康局\n关于印发《示范县2023年工作要点》的通知\n示卫发〔2023〕7号\n"
        "示范县卫生健康局\n2023年3月1日\n示范县2023年工作要点\n1.完成摸底。2月底前完成。\n"
    )
    [document] = result.documents
    assert (document.title, document.doc_number, document.date, document.issuer) == (
        "示范县2023年工作要点",
        "示卫发〔2023〕7号",
        date(2023, 3, 1),
        "示范县卫生健康局",
    )
    assert document.items[0].due_date == date(2023, 2, 28)
    assert any("早于成文日期" in w for w in result.warnings)


def test_year_from_the_title_when_there_is_no_date() -> None:
    [item] = items("2022年医政工作要点\n1.做好工作。年底前完成。\n")
    assert item.due_date == date(2022, 12, 31)


def test_no_year_keeps_the_phrase_and_warns() -> None:
    result = parse_text("1.做好工作。6月底前完成。\n")
    item = result.documents[0].items[0]
    assert (item.deadline_text, item.due_date) == ("6月底前", None)
    assert any("年份" in w for w in result.warnings)


def test_page_counters_of_a_web_copy_are_removed() -> None:
    text = (
        "1、2017年工作要点 总体要求是做好各项工作。 一、采取综\n\n2、合措施推进改革\n"
        "全面推进。(一)优化配置资源。做好规划,支持社会力量兴办医养结合机\n\n3、构。"
        "(二)严格控制规模。原则上不再增设。(三)促进医联体发展。年内覆盖全省。\n"
    )
    found = items(text)
    assert [i.number for i in found] == ["(一)", "(二)", "(三)"]
    assert found[0].content == "(一)优化配置资源。做好规划,支持社会力量兴办医养结合机构。"
    assert found[0].heading_path == ["一、采取综合措施推进改革"]
    assert found[2].due_date == date(2017, 12, 31)


def test_news_without_numbered_tasks_has_no_items() -> None:
    result = parse_text("会议要求,一是加强领导,二是狠抓落实。三是强化督查。\n")
    assert result.item_count == 0
    assert result.warnings
