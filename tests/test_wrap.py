from rich.cells import cell_len

from tracker.output.wrap import NO_LINE_START, wrap_lines

TEXT = (
    "因本市為臺灣唯一獲亞太分會 2 項提名（UCLG 世界理事及執委）之會員城市，亦即我國唯一一席世界執委提名，"
    "包括接續哥倫比亞波哥大「第 5 屆城市與地方政府聯合會世界大會」後"
)


def test_lines_are_full_and_never_too_wide():
    for width in (12, 20, 31, 48):
        lines = wrap_lines(TEXT, width)
        assert all(cell_len(line) <= width for line in lines)
        assert "".join(lines).replace(" ", "") == TEXT.replace(" ", "")
        # a line ends early only where the next one must not start with closing punctuation or a word
        assert sum(cell_len(line) for line in lines[:-1]) >= (width - 4) * (len(lines) - 1)


def test_latin_words_stay_whole_and_punctuation_never_starts_a_line():
    for width in range(8, 40):
        for line in wrap_lines(TEXT, width):
            assert not line or line[0] not in NO_LINE_START
        assert any("UCLG" in line for line in wrap_lines(TEXT, width))


def test_paragraphs_and_long_words():
    assert wrap_lines("第一段\n第二段", 20) == ["第一段", "第二段"]
    assert wrap_lines("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]
