"""Web-page chrome in copied documents: navigation, counters, sharing, copyright lines."""

from __future__ import annotations

import re

from tracker.importing.textnorm import fold

_NOISE_LINE = re.compile(
    r"""^(?:
        首页|网站导航|网站首页|当前位置.*|您(?:现在)?的位置.*|位置[:].*
      | 上传人[:].*|文档编号[:].*|上传时间[:].*|页数[:].*
      | 第\s*\d+\s*页\s*/?\s*共\s*\d+\s*页|共\s*\d+\s*页|第\s*\d+\s*页
      | [-—–]+\s*\d{1,3}\s*[-—–]+|\d{1,3}\s*/\s*\d{1,3}
      | .*_第\d+页
      | 点击查看更多.*|展开阅读全文.*|阅读全文.*|查看全文.*|资源描述|相关资源|相关搜索|相关推荐|相关阅读.*
      | 返回\s*下载\s*相关\s*举报|下载.*文档.*|举报|收藏|打印本页|关闭窗口|打印|关闭|【?字号.*|字体[:].*
      | 分享到.*|分享[:].*|扫一扫.*|微信扫一扫.*|责任编辑[:].*|编辑[:].*|来源[:].*|作者[:].*
      | 发布(?:日期|时间)[:].*|浏览(?:次数)?[:].*|阅读(?:次数|量)?[:].*|点击(?:数|量)?[:].*|访问量.*
      | 上一篇[:].*|下一篇[:].*|上一篇|下一篇
      | .*版权所有.*|.*ICP备.*|.*公网安备.*|电脑版.*|手机版.*|经营许可证.*|联系我们.*|网站地图.*
      | 《.*》由会员分享.*|.*请在.*文库上搜索.*|.*整理的.*希望.*帮助到大家.*
      | 延伸阅读.*|相关链接.*|相关文章.*|政策解读[:].*|建议使用.*浏览器.*|.*分辨率.*浏览器.*
      | 主办单位[:].*承办单位[:].*|主办[:].*|网站标识码.*|附件下载.*
      | \S{1,80}\.(?:pdf|docx?|xlsx?|wps|et|zip|rar)
      | (?:【[^】]{1,8}】\s*){1,4}
      | \d{4}/\d{1,2}/\d{1,2}\S{0,8}
      | [^。;]{0,60}?\s>\s[^。;]{0,60}
    )$""",
    re.VERBOSE,
)

#: A navigation word glued before a title ("首页 划重点!…").
_NOISE_PREFIX = re.compile(r"^(?:首页|网站首页|当前位置[:]?)\s+")


#: Lines that only ever come after a web page's article: everything below them is the footer.
_FOOTER = re.compile(
    r"^(?:上一篇|下一篇|相关链接|相关资源|相关搜索|相关文章|相关阅读|网站地图|附件下载|"
    r".*版权所有|.*ICP备|.*公网安备|【?打印本页|【?关闭窗口|【关闭】|【打印】)"
)


def starts_footer(line: str) -> bool:
    """Tell whether a line begins a web page's footer (nothing after it is document text)."""
    return bool(_FOOTER.match(fold(line).strip()))


#: A table-of-contents line: a heading, a dot leader or a tab, a page number
#: (``第一章 引言……6``, ``一、总体要求\t3``).
_CONTENTS_LINE = re.compile(r"^\S[^\t]{0,80}?(?:[.…·•]{2,}\s*|\t+|\s{3,})\d{1,3}$")


_NUMBERED = re.compile(r"[(]?[一二三四五六七八九十\d]{1,4}[)、.]")
#: No line of web chrome is longer than this.
_LONGEST_CHROME = 300


def is_noise(line: str) -> bool:
    """Tell whether a whole line is web-page chrome (or a contents line) rather than text."""
    folded = fold(line).strip()
    if not folded:
        return True
    if len(folded) > _LONGEST_CHROME:
        return False  # a whole page glued into one line starts with its breadcrumbs
    if _CONTENTS_LINE.match(folded):
        return True
    if len(folded) > 60 and _NUMBERED.match(folded):
        return False  # a numbered paragraph of the text, not a line of web chrome
    return bool(_NOISE_LINE.match(folded))


def strip_noise_prefix(line: str) -> str:
    """Remove a navigation word glued before the real text of a line."""
    match = _NOISE_PREFIX.match(fold(line))
    return line[match.end() :] if match else line
