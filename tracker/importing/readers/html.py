"""Web pages saved as .html: their visible text, one block element per line."""

from __future__ import annotations

from html.parser import HTMLParser

from tracker.importing.budget import Budget, too_much_text

#: The page is read in pieces of this many characters, the budget checked between them.
_CHUNK = 1 << 20

_BLOCK = {
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "section",
    "article",
    "td",
    "th",
    "dd",
    "dt",
    "pre",
    "blockquote",
    "hr",
    "title",
}
_HIDDEN = {"script", "style", "noscript", "template", "head"}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN and self._hidden:
            self._hidden -= 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data.replace("\n", " "))
            self.length += len(data)


def html_to_text(html: str, budget: Budget | None = None) -> str:
    """Return the visible text of an HTML page with block elements on lines of their own.

    Read piece by piece within ``budget``: a page of megabytes of text (or of markup) is
    refused as soon as it passes the limits, not after being read whole.
    """
    collector = _TextCollector()
    for start in range(0, len(html), _CHUNK):
        collector.feed(html[start : start + _CHUNK])
        if budget is not None:
            if collector.length > budget.remaining_chars():
                raise too_much_text(budget.name, budget.chars + collector.length)
            budget.check_time()
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).split("\n"))
    return "\n".join(line for line in lines if line)
