"""Text helpers shared by the loader and the lint: word lists, and line numbers found in a TOML file's text."""

from __future__ import annotations

import re


def normalise(text: str) -> str:
    """Curly apostrophes as straight ones, so patterns need only one spelling."""
    return text.replace("\u2019", "'").replace("\u2018", "'")


def words_of(text: str) -> list[str]:
    """Lowercase words and numbers, in order."""
    return re.findall(r"[a-z0-9]+", normalise(text).lower())


_ID_LINE = re.compile(r"""^\s*["']?id["']?\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SAMPLE_HEADER = re.compile(r"^\s*\[\[\s*questions\s*\.\s*samples\s*\]\]")
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")


class SourceText:
    """The raw text of a TOML file, searched for line numbers.

    tomllib reports a line only for syntax errors, so for everything else we scan the text: a question is
    the block from its ``[[questions]]`` header to the next one, and a field is the first ``key =`` line in
    that block. Best effort: a file written with inline tables or odd layout just gets no line (None).
    """

    def __init__(self, raw: str):
        self.lines = raw.splitlines()
        self._blocks: dict[str, list[tuple[int, int]]] = {}

    def _header(self, i: int) -> tuple[str, str] | None:
        m = _HEADER.match(self.lines[i])
        return (m.group(1), re.sub(r"[\s\"']", "", m.group(2))) if m else None

    def blocks(self, table: str) -> list[tuple[int, int]]:
        """0-based [start, end) line ranges of each ``[[table]]`` entry, including its sub-tables."""
        if table not in self._blocks:
            self._blocks[table] = self._scan_blocks(table)
        return self._blocks[table]

    def _scan_blocks(self, table: str) -> list[tuple[int, int]]:
        result: list[tuple[int, int]] = []
        start = None
        for i in range(len(self.lines)):
            header = self._header(i)
            if header is None:
                continue
            brackets, name = header
            if brackets == "[[" and name == table:
                if start is not None:
                    result.append((start, i))
                start = i
            elif start is not None and not name.startswith(table + "."):
                result.append((start, i))
                start = None
        if start is not None:
            result.append((start, len(self.lines)))
        return result

    def _first_header(self) -> int:
        return next((i for i in range(len(self.lines)) if self._header(i)), len(self.lines))

    def _find(self, pattern: re.Pattern, start: int = 0, end: int | None = None) -> int | None:
        end = len(self.lines) if end is None else end
        for i in range(start, min(end, len(self.lines))):
            if pattern.search(self.lines[i]):
                return i + 1
        return None

    @staticmethod
    def _key(key: str) -> str:
        return rf"^\s*[\"']?{re.escape(key)}[\"']?\s*="

    def top_key_line(self, key: str | None) -> int | None:
        """The line of a top-level ``key =`` (before the first table header)."""
        if not key:
            return None
        return self._find(re.compile(self._key(key)), 0, self._first_header())

    def key_line(self, key: str | None, block: tuple[int, int] | None) -> int | None:
        if block is None:
            return None
        if key:
            found = self._find(re.compile(self._key(key)), *block)
            if found:
                return found
        return block[0] + 1

    def value_line(self, key: str, value: str, block: tuple[int, int] | None,
                   after_first_block: str | None = None) -> int | None:
        """The line of ``key = "value"``, within a block if given."""
        pattern = re.compile(self._key(key) + rf"\s*[\"']{re.escape(value)}[\"']")
        if block is not None:
            return self._find(pattern, *block)
        start = 0
        if after_first_block:
            blocks = self.blocks(after_first_block)
            start = blocks[0][0] if blocks else 0
        return self._find(pattern, start)

    def block_of_id(self, table: str, item_id, occurrence: int = 0) -> tuple[int, int] | None:
        """The block of the ``occurrence``-th ``[[table]]`` entry whose ``id`` is ``item_id``."""
        if not isinstance(item_id, str) or not item_id:
            return None
        hits = self._id_blocks(table).get(item_id, [])
        if occurrence < len(hits):
            return hits[occurrence]
        line = self.value_line("id", item_id, None, after_first_block=table)
        return (line - 1, line) if line else None

    def _id_blocks(self, table: str) -> dict[str, list[tuple[int, int]]]:
        """Each ``[[table]]`` block by the value of its first ``id =`` line, read once per file."""
        key = "#ids:" + table
        if key not in self._blocks:
            index: dict[str, list[tuple[int, int]]] = {}
            for block in self.blocks(table):
                for i in range(*block):
                    if m := _ID_LINE.match(self.lines[i]):
                        index.setdefault(m.group(1) or m.group(2), []).append(block)
                        break
            self._blocks[key] = index  # type: ignore[assignment]
        return self._blocks[key]  # type: ignore[return-value]

    def field_line(self, block: tuple[int, int] | None, field: str | None, snippet: str | None = None):
        """The line of a question field: "text", "probe 2", "anchor 3", ... (the block's start if missing)."""
        if block is None:
            return None
        if not field:
            return block[0] + 1
        kind, _, number = field.partition(" ")
        if kind == "probe":
            return self._item_line(self.key_line("probes", block), int(number), snippet, block[1])
        if kind == "anchor":
            start = self.anchors_line(block)
            found = self._find(re.compile(self._key(number)), start - 1, block[1])
            return found or start
        if kind == "anchors":
            return self.anchors_line(block)
        if kind == "sample" and number.isdigit():
            headers = [i + 1 for i in range(*block) if _SAMPLE_HEADER.match(self.lines[i])]
            return headers[int(number) - 1] if int(number) <= len(headers) else block[0] + 1
        if kind == "samples":
            found = self._find(_SAMPLE_HEADER, *block)
            return found or self.key_line("samples", block)
        return self.key_line(field, block)

    def _item_line(self, start: int, number: int, snippet: str | None, end: int) -> int:
        """The line of the number-th item of a list that opens on line ``start`` (1-based).

        Found by its text when it has any, else by counting one item per line in a multi-line list.
        """
        if snippet and snippet.strip():
            found = self._find(re.compile(re.escape(snippet.strip()[:40])), start - 1, end)
            if found:
                return found
        if not self.lines[start - 1].split("#")[0].rstrip().endswith("["):
            return start  # an inline list: the items share the key's line
        count = 0
        for i in range(start, min(end, len(self.lines))):
            item = self.lines[i].strip()
            if item.startswith("]"):
                break
            if item and not item.startswith("#"):
                count += 1
                if count == number:
                    return i + 1
        return start

    def anchors_line(self, block: tuple[int, int]) -> int:
        """The ``[questions.anchors]`` header, or an inline ``anchors = {...}``, or the block's start."""
        sub = self._find(re.compile(r"^\s*\[\s*questions\s*\.\s*anchors\s*\]"), *block)
        return sub or self.key_line("anchors", block)

    def question_line(self, question_id: str, field: str | None, snippet: str | None = None) -> int | None:
        return self.field_line(self.block_of_id("questions", question_id), field, snippet)

