"""The text a user sees on a page, and the English (or Chinese) in it that should not be there.

Used by the language crawl (``test_language_crawl.py``): a page rendered in zh-Hans must not
show English system text, and a page rendered in English must not show Chinese where an
English label exists.  Data (company names, standard codes, units, numbers) are not system
text and are allowed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "code", "pre"}
# Attributes a user reads (or a screen reader speaks).
TEXT_ATTRS = ("placeholder", "title", "aria-label", "alt")
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP_TAGS:
            self._skip.append(tag)
        if self._skip:
            return
        for name, value in attrs:
            if name in TEXT_ATTRS and value:
                self.parts.append(value)
            if tag == "input" and name == "value" and value and ("type", "submit") in attrs:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> list[str]:
    """The page's text nodes and spoken attributes, in document order."""
    parser = _Text()
    parser.feed(html)
    return parser.parts


# Three or more English words in a row (letters, optional apostrophes/hyphens), or a
# snake_case identifier: the shape of an untranslated sentence or a raw code.
ENGLISH_RUN = re.compile(r"\b[A-Za-z][a-z'’-]+(?:[ ,:;]+[A-Za-z][a-z'’-]+){2,}\b")
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
HAN = re.compile(r"[\u4e00-\u9fff]")


def english_runs(text: str) -> list[str]:
    return [m.group(0) for m in ENGLISH_RUN.finditer(text)] + SNAKE.findall(text)
