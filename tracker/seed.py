"""Read a report file (seed_recommendations.yaml and others like it) into plain specs.

Every problem names the file, the line and the field, in the user's language, so that
staff editing the YAML by hand can find what to fix. Nothing is written here: the
service imports the specs in one transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from tracker.dates import parse_date, parse_deadline
from tracker.domain import (
    ITEM_NUMBER_LIMIT,
    SHORT_TEXT_LIMIT,
    UNASSIGNED,
    Adoption,
    DeadlineSource,
    InputError,
    Level,
    check_owner,
    clean_line,
    clean_text,
    parse_choice,
)
from tracker.i18n import t

_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,39}")
MAX_DEPTH = 20  # a report file nests six deep (the file, items, an item, its owner, supporting units, a unit)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"


@dataclass(frozen=True)
class ReportSpec:
    key: str
    title_zh: str
    title_en: str | None = None
    agency_zh: str | None = None
    agency_en: str | None = None
    contact: str | None = None
    trip_start: date | None = None
    trip_end: date | None = None
    report_date: date | None = None
    source: str | None = None


@dataclass(frozen=True)
class EventSpec:
    key: str
    name_zh: str
    name_en: str | None = None
    place: str | None = None
    start: date | None = None
    end: date | None = None
    source: str | None = None
    remark: str | None = None


@dataclass(frozen=True)
class ItemSpec:
    number: int
    title_zh: str
    text_zh: str
    owner_zh: str
    owner_en: str | None = None
    supporting_units: tuple[tuple[str, str | None], ...] = ()
    officer: str | None = None
    title_en: str | None = None
    summary_en: str | None = None
    event: str | None = None
    deadline: date | None = None
    deadline_source: DeadlineSource = DeadlineSource.ASSIGNED
    level: Level = Level.SELF
    adoption: Adoption = Adoption.ADOPTED


@dataclass(frozen=True)
class SeedDocument:
    path: Path
    report: ReportSpec
    events: tuple[EventSpec, ...]
    items: tuple[ItemSpec, ...]


REPORT_FIELDS = {
    "key",
    "title_zh",
    "title_en",
    "agency_zh",
    "agency_en",
    "contact",
    "trip_start",
    "trip_end",
    "report_date",
    "source",
    "level",  # the follow-up level of the report's items, unless an item says otherwise
    "adoption",  # 採行 of the report's items when they come in, unless an item says otherwise
}
EVENT_FIELDS = {"key", "name_zh", "name_en", "place", "start", "end", "source", "remark"}
ITEM_FIELDS = {
    "number",
    "title_zh",
    "title_en",
    "summary_en",
    "text_zh",
    "owner",
    "event",
    "deadline",
    "deadline_source",
    "level",
    "adoption",
}
OWNER_FIELDS = {"zh", "en", "supporting", "officer"}


def load_seed(path: Path) -> SeedDocument:
    path = Path(path)
    return _Reader(path, _read_text(path)).read()


def _read_text(path: Path) -> str:
    """The file as UTF-8 text (a BOM is fine); anything else is refused with its line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("error.file_missing", path=path) from None
    except IsADirectoryError:
        raise InputError("error.not_a_file", path=path) from None
    except OSError as exc:
        raise InputError("error.file_unreadable", path=path, reason=exc.strerror or exc) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("error.file_not_utf8", path=path, line=data[: exc.start].count(b"\n") + 1) from None


class _Problem(Exception):
    """A problem met while reading the YAML, in our words: a message key, its params, and where."""

    def __init__(self, mark, message: str, **params) -> None:
        super().__init__(message)
        self.mark, self.message, self.params = mark, message, params


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, strict where it is lenient or where it crashes.

    Dates stay text, read by tracker.dates as dates are everywhere else: PyYAML would make
    `2016-10-12 10:00` a datetime (a changed deadline on every re-import) and raise a bare
    ValueError for 2016-02-30. A key written twice in one mapping is refused (PyYAML keeps
    the last one without a word). Nesting is capped, since PyYAML composes recursively and
    10,000 `[` overflow the stack. A value its tag cannot hold (`!!int abc`) is a problem
    with a line, not a ValueError.
    """

    yaml_implicit_resolvers = {
        first: [(tag, pattern) for tag, pattern in resolvers if tag != _TIMESTAMP]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _depth = 0

    def compose_node(self, parent, index):
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Problem(self.peek_event().start_mark, "yaml.too_deep", limit=MAX_DEPTH)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, KeyError, OverflowError):
            raise _Problem(
                node.start_mark, "yaml.bad_value", value=node.value, tag="!!" + node.tag.split(":")[-1]
            ) from None

    def construct_mapping(self, node, deep=False):
        first_line: dict[str, int] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != _MERGE:
                if key_node.value in first_line:
                    line = first_line[key_node.value]
                    raise _Problem(key_node.start_mark, "yaml.duplicate_field", key=key_node.value, first=line)
                first_line[key_node.value] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep)


def _as_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    """`!!timestamp 2016-02-30` stays text too, for tracker.dates to read."""
    return str(loader.construct_scalar(node))


_Loader.add_constructor(_TIMESTAMP, _as_text)


class _Reader:
    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        try:
            loader = _Loader(text)  # refuses control characters (NUL, ESC) at once
        except yaml.reader.ReaderError as exc:
            raise self.at_line(
                text.count("\n", 0, exc.position) + 1, "yaml.control_char", char=f"U+{exc.character:04X}"
            ) from None
        try:
            self.root = loader.get_single_node()
            self.data = loader.construct_document(self.root) if self.root is not None else None
        except _Problem as found:
            raise self.at_line(found.mark.line + 1, found.message, **found.params) from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark else 1
            problem = getattr(exc, "problem", None) or str(exc)
            raise InputError("error.yaml_syntax", path=path, line=line, problem=problem) from None
        finally:
            loader.dispose()

    def at_line(self, line: int, problem: str, **params) -> InputError:
        return InputError("error.yaml_line", path=self.path, line=line, problem=t(problem, **params))

    # -- locating problems -------------------------------------------------
    def _node(self, where: tuple):
        node = self.root
        for step in where:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == step), None) or next(
                    (k for k, _ in node.value if k.value == step), node
                )
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
                node = node.value[step]
        return node

    def fail(self, where: tuple, problem: str, *, missing: str | None = None, **params) -> InputError:
        """The error for the node at `where`; for a missing field, its parent's line and the field's name."""
        node = self._node(where)
        line = node.start_mark.line + 1 if node is not None else 1
        path = (*where, missing) if missing else where
        field = ".".join(f"[{s + 1}]" if isinstance(s, int) else str(s) for s in path).replace(".[", "[")
        return InputError(
            "error.yaml_field", path=self.path, line=line, field=field or "-", problem=t(problem, **params)
        )

    # -- typed fields ------------------------------------------------------
    def mapping(self, value, where: tuple, known: set[str]) -> dict:
        if not isinstance(value, dict):
            raise self.fail(where, "yaml.not_mapping")
        for key in value:
            if key not in known:
                raise self.fail((*where, key), "yaml.unknown_field", fields=", ".join(sorted(known)))
        return value

    def text(
        self, mapping: dict, name: str, where: tuple, *, required: bool = False, one_line: bool = True, limit=None
    ):
        value = mapping.get(name)
        if value is None:
            if required and name not in mapping:
                raise self.fail(where, "yaml.missing", missing=name)
            if required:
                raise self.fail((*where, name), "yaml.empty")
            return None
        if isinstance(value, (dict, list, bytes)):  # bytes: a `!!binary` value
            raise self.fail((*where, name), "yaml.not_text")
        cleaned = clean_line(str(value)) if one_line else clean_text(str(value)).strip()
        if not cleaned:
            if required:
                raise self.fail((*where, name), "yaml.empty")
            return None
        if limit is not None and len(cleaned) > limit:
            raise self.fail((*where, name), "yaml.too_long", limit=limit)
        return cleaned

    def unit(self, mapping: dict, name: str, where: tuple, what: str, *, required: bool = False) -> str | None:
        """A lead or supporting unit, or an officer: the rule of `tracker assign` (check_owner)."""
        value = self.text(mapping, name, where, required=required)
        return None if value is None else self.checked_unit(value, (*where, name), what)

    def checked_unit(self, value: str, where: tuple, what: str) -> str:
        if not clean_line(value):
            raise self.fail(where, "yaml.empty")
        try:
            return check_owner(value, what=what)
        except InputError as exc:
            raise self.fail(where, exc.key, **exc.params) from None

    def day(self, mapping: dict, name: str, where: tuple, *, allow_none: bool = False) -> date | None:
        """A date in any accepted form; for a deadline also `none` (as on the command line)."""
        value = mapping.get(name)
        if value is None:
            return None
        try:
            return parse_deadline(str(value)) if allow_none else parse_date(str(value))
        except InputError as exc:
            raise self.fail((*where, name), exc.key, **exc.params) from None

    def key(self, mapping: dict, where: tuple) -> str:
        value = self.text(mapping, "key", where, required=True)
        if not _KEY.fullmatch(value):
            raise self.fail((*where, "key"), "yaml.bad_key")
        return value.lower()

    # -- the document ------------------------------------------------------
    def read(self) -> SeedDocument:
        top = self.mapping(self.data if self.data is not None else {}, (), {"report", "events", "items"})
        if "report" not in top:
            raise self.fail((), "yaml.missing", missing="report")
        report = self.read_report(top["report"])
        level = self.choice(Level, top["report"], ("report",), "level", Level.SELF)
        adoption = self.choice(Adoption, top["report"], ("report",), "adoption", Adoption.ADOPTED)
        events = self.read_events(top.get("events") or [])
        items = self.read_items(top.get("items"), {e.key for e in events}, level, adoption)
        return SeedDocument(self.path, report, events, items)

    def read_report(self, value) -> ReportSpec:
        where = ("report",)
        raw = self.mapping(value, where, REPORT_FIELDS)
        return ReportSpec(
            key=self.key(raw, where),
            title_zh=self.text(raw, "title_zh", where, required=True),
            title_en=self.text(raw, "title_en", where),
            agency_zh=self.text(raw, "agency_zh", where, limit=SHORT_TEXT_LIMIT),
            agency_en=self.text(raw, "agency_en", where, limit=SHORT_TEXT_LIMIT),
            contact=self.text(raw, "contact", where, limit=SHORT_TEXT_LIMIT),
            trip_start=self.day(raw, "trip_start", where),
            trip_end=self.day(raw, "trip_end", where),
            report_date=self.day(raw, "report_date", where),
            source=self.text(raw, "source", where),
        )

    def read_events(self, value) -> tuple[EventSpec, ...]:
        if not isinstance(value, list):
            raise self.fail(("events",), "yaml.not_list")
        events, seen = [], set()
        for index, entry in enumerate(value):
            where = ("events", index)
            raw = self.mapping(entry, where, EVENT_FIELDS)
            key = self.key(raw, where)
            if key in seen:
                raise self.fail((*where, "key"), "yaml.duplicate_key", key=key)
            seen.add(key)
            events.append(
                EventSpec(
                    key=key,
                    name_zh=self.text(raw, "name_zh", where, required=True),
                    name_en=self.text(raw, "name_en", where),
                    place=self.text(raw, "place", where, limit=SHORT_TEXT_LIMIT),
                    start=self.day(raw, "start", where),
                    end=self.day(raw, "end", where),
                    source=self.text(raw, "source", where),
                    remark=self.text(raw, "remark", where, one_line=False),
                )
            )
        return tuple(events)

    def choice(self, kind, raw: dict, where: tuple, key: str, default):
        """列管層級 (self/city) or 採行 (adopted/partial/not_adopted), by code or label."""
        text = self.text(raw, key, where)
        if text is None:
            return default
        try:
            return parse_choice(kind, text, "error.unknown_level")
        except InputError:
            raise self.fail((*where, key), "yaml.bad_choice", choices=", ".join(m.value for m in kind)) from None

    def read_items(
        self, value, event_keys: set[str], level: Level = Level.SELF, adoption: Adoption = Adoption.ADOPTED
    ) -> tuple[ItemSpec, ...]:
        if value is None:
            raise self.fail((), "yaml.no_items", missing="items")
        if not isinstance(value, list):
            raise self.fail(("items",), "yaml.not_list")
        if not value:
            raise self.fail(("items",), "yaml.no_items")
        items, numbers = [], set()
        for index, entry in enumerate(value):
            where = ("items", index)
            raw = self.mapping(entry, where, ITEM_FIELDS)
            number = raw.get("number")
            if "number" not in raw:
                raise self.fail(where, "yaml.missing", missing="number")
            if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= ITEM_NUMBER_LIMIT:
                raise self.fail((*where, "number"), "yaml.not_number", limit=ITEM_NUMBER_LIMIT)
            if number in numbers:
                raise self.fail((*where, "number"), "yaml.duplicate_number", number=number)
            numbers.add(number)
            items.append(self.read_item(raw, where, number, event_keys, level, adoption))
        return tuple(items)

    def read_item(
        self, raw: dict, where: tuple, number: int, event_keys: set[str], level: Level, adoption: Adoption
    ) -> ItemSpec:
        owner_zh, owner_en, supporting, officer = self.read_owner(raw, where)
        event = self.text(raw, "event", where)  # None when absent or blank (`event: ""`)
        if event is not None:
            event = event.lower()
            if event not in event_keys:
                raise self.fail((*where, "event"), "yaml.unknown_event", event=event)
        source_text = self.text(raw, "deadline_source", where)
        if source_text is None:
            source = DeadlineSource.EVENT if event else DeadlineSource.ASSIGNED
        else:
            try:
                source = DeadlineSource(source_text.lower())
            except ValueError:
                raise self.fail(
                    (*where, "deadline_source"), "yaml.bad_choice", choices=", ".join(s.value for s in DeadlineSource)
                ) from None
        return ItemSpec(
            number=number,
            title_zh=self.text(raw, "title_zh", where, required=True),
            text_zh=self.text(raw, "text_zh", where, required=True, one_line=False),
            owner_zh=owner_zh,
            owner_en=owner_en,
            supporting_units=supporting,
            officer=officer,
            title_en=self.text(raw, "title_en", where),
            summary_en=self.text(raw, "summary_en", where, one_line=False),
            event=event,
            deadline=self.day(raw, "deadline", where, allow_none=True),
            deadline_source=source,
            level=self.choice(Level, raw, where, "level", level),
            adoption=self.choice(Adoption, raw, where, "adoption", adoption),
        )

    def read_owner(self, raw: dict, where: tuple):
        if raw.get("owner") is None or raw.get("owner") == "":
            # Not yet known (a draft from `tracker intake`): the item comes in unassigned (未指派)
            # and every view says so until `tracker assign` names a unit.
            return UNASSIGNED, None, (), None
        owner = raw["owner"]
        where = (*where, "owner")
        if isinstance(owner, str):
            return self.unit(raw, "owner", where[:-1], "owner", required=True), None, (), None
        owner = self.mapping(owner, where, OWNER_FIELDS)
        supporting: list[tuple[str | None, str | None]] = []
        units = owner.get("supporting") or []
        if not isinstance(units, list):
            raise self.fail((*where, "supporting"), "yaml.not_list")
        for index, unit in enumerate(units):
            if isinstance(unit, str):
                supporting.append((self.checked_unit(unit, (*where, "supporting", index), "supporting"), None))
            else:
                unit_raw = self.mapping(unit, (*where, "supporting", index), {"zh", "en"})
                supporting.append(
                    (
                        self.unit(unit_raw, "zh", (*where, "supporting", index), "supporting", required=True),
                        self.unit(unit_raw, "en", (*where, "supporting", index), "supporting"),
                    )
                )
        return (
            self.unit(owner, "zh", where, "owner", required=True),
            self.unit(owner, "en", where, "owner"),
            tuple(supporting),
            self.unit(owner, "officer", where, "officer"),
        )
