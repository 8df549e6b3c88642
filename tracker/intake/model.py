"""What intake reads out of a report: plain records, no I/O.

`Found` is what the document states (with where it says it); `Guess` is what the intake
proposes from the text (with the words it came from). The draft and the preview show the
two apart, so that staff can tell what they must check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the document, in reading order.

    `label` is list numbering the format draws itself (Word's and Writer's automatic
    numbering) and so is not part of `text`; `heading` is the outline level a style gives
    (1 = top), None for body text; `bullet` is a list bullet without a number.
    """

    text: str
    label: str = ""
    heading: int | None = None
    bullet: bool = False
    page: int | None = None

    @property
    def full(self) -> str:
        return f"{self.label}{self.text}" if self.label else self.text


@dataclass(frozen=True)
class Document:
    kind: str  # docx, odt, pdf, txt
    paragraphs: tuple[Paragraph, ...]
    pages: int | None = None


@dataclass(frozen=True)
class Found:
    """A value the report states, and the words (label and text) it stands in."""

    value: object
    source: str


@dataclass(frozen=True)
class Guess:
    """A value proposed from the text, and the sentence it came from."""

    value: object
    source: str


@dataclass(frozen=True)
class DateMention:
    """A date or an event named in an item: a full day, a month, a year, or an event alone."""

    text: str  # as written
    year: int | None  # None for an event named without a date
    month: int | None
    day: date | None
    event: str | None  # the event named with it (「…」 of the same sentence), if any
    sentence: str


@dataclass
class ReportMeta:
    title: Found | Guess | None = None
    agency: Found | None = None
    contact: Found | None = None
    report_date: Found | None = None
    trip_start: Found | None = None
    trip_end: Found | None = None
    people: Found | None = None  # a tuple of names


@dataclass
class Item:
    number: int
    text: str  # the recommendation verbatim (sub-points on their own lines)
    marker: str  # the numbering as written (一、, (1), …) or "" for an unnumbered paragraph
    title: Guess | None = None
    dates: list[DateMention] = field(default_factory=list)
    deadline: Guess | None = None  # a full date named in the item: a candidate, never a fact
    owners: list[Guess] = field(default_factory=list)


@dataclass
class Intake:
    path: str
    kind: str
    heading: str  # the heading of the recommendations section, as written
    subheading: str | None  # 二、建議 inside a 心得及建議 section, when that was taken
    meta: ReportMeta
    items: list[Item]
    key: Found | Guess | None = None
