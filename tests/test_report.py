"""The HTML report and the terminal table, without a browser (see test_report_browser.py).

The output folder is made by the real pipeline (``extractor run``) over a few corpus files;
hand-made articles test what the corpus does not hold: hostile text, broken files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from extractor import report, show
from extractor.cli import main
from extractor.report import (
    ReportError,
    build_report,
    date_point,
    highlight_article,
    locate,
    write_report,
)
from extractor.schema import Article, Measure, Party

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "dev"
ARTICLES = ["tf-china-farm-tariffs-march2025.txt", "cm-heavy-rare-earths-april.html",
            "lw-argentina-milei-export-tax-cuts.txt", "rn-neg-cobalt-prices.txt"]


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory) -> Path:
    """An output folder written by ``extractor run`` over four corpus articles (one without measures)."""
    folder = tmp_path_factory.mktemp("report") / "out"
    assert main(["run", *(str(CORPUS / name) for name in ARTICLES), "-o", str(folder), "--quiet"]) == 0
    return folder


def records(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / "measures.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


class Page(HTMLParser):
    """The parts of a page the tests look at: its tags (with attributes) and its text."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def with_attr(self, name: str) -> list[tuple[str, dict]]:
        return [(tag, attrs) for tag, attrs in self.tags if name in attrs]


# ---------------------------------------------------------------------------------------
# A real output folder


def test_report_has_a_row_and_a_target_for_every_measure(out_dir):
    page = Page(build_report(out_dir))
    lines = records(out_dir)
    rows = [attrs["data-m"] for tag, attrs in page.tags if tag == "tr" and "data-m" in attrs]
    assert len(lines) > 10
    assert rows == [line["id"] for line in lines]
    targets = Counter(attrs["id"] for _, attrs in page.with_attr("id"))
    assert all(targets[f"m-{line['id']}"] == 1 for line in lines)
    assert max(targets.values()) == 1, "HTML ids must be unique"


def test_report_counts_match_the_records(out_dir):
    page = Page(build_report(out_dir))
    shown = {(attrs["data-key"], int(attrs["data-count"]))
             for tag, attrs in page.tags if tag == "li" and "data-count" in attrs}
    lines = records(out_dir)
    expected = Counter(line["actor"]["country"] or "unknown" for line in lines)
    expected.update(line["action"]["type"] for line in lines)
    assert set(expected.items()) <= shown
    figures = {attrs["data-figure"]: None for _, attrs in page.with_attr("data-figure")}
    assert set(figures) == {"measures", "articles", "restrictive", "liberalizing", "actors"}


def test_report_needs_no_network(out_dir):
    page = Page(build_report(out_dir))
    assert not [tag for tag, _ in page.tags if tag in {"link", "img", "iframe", "object", "embed"}]
    assert all("src" not in attrs for tag, attrs in page.tags)
    assert all(attrs["href"].startswith("#") for _, attrs in page.with_attr("href"))
    assert any(attrs.get("http-equiv") == "Content-Security-Policy" and "default-src 'none'" in attrs["content"]
               for tag, attrs in page.tags if tag == "meta")


def test_write_report_writes_the_default_file_atomically(out_dir, capsys):
    assert report.run(argparse.Namespace(out_dir=str(out_dir), output=None)) == 0
    target = out_dir / "report.html"
    assert str(target) in capsys.readouterr().out
    assert target.read_text(encoding="utf-8") == build_report(out_dir)
    assert not [path.name for path in out_dir.iterdir() if path.name.endswith(".tmp")]
    assert build_report(out_dir) == build_report(out_dir), "the same folder gives the same page"


def test_write_report_to_another_file_or_folder(out_dir, tmp_path):
    target = write_report(out_dir, tmp_path / "sub" / "page.html")
    assert target == tmp_path / "sub" / "page.html"
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert write_report(out_dir, tmp_path / "sub") == tmp_path / "sub" / "report.html"


# ---------------------------------------------------------------------------------------
# Hand-made folders

HOSTILE_TEXT = ('Ruritania <script>alert("x")</script> & "Co" bans <b>widgets</b>\n\n'
                "Ruritania imposed a 25 pct tariff on widgets & <gadgets> from Friday, officials said.")
HOSTILE_ID = 'evil"><img src=x onerror=alert(1)>'


def hostile_article() -> Article:
    text = HOSTILE_TEXT
    sentence = text.index("Ruritania imposed")
    trigger = text.index("imposed")
    measure = Measure(
        id="abc123", actor={"country": None, "text": "Ruritania"},
        action={"type": "impose", "text": "imposed", "start": trigger, "end": trigger + len("imposed")},
        direction="restrictive", instrument={"type": "tariff", "text": "tariff"},
        products=[{"id": None, "text": "<gadgets>"}, {"id": None, "text": "widgets"}],
        magnitudes=[{"value": 25, "unit": "percent", "kind": "rate", "text": "25 pct"}],
        dates=[{"role": "effective", "value": None, "text": "Friday"}],
        evidence={"start": sentence, "end": len(text), "text": text[sentence:]}, confidence=0.9)
    return Article(doc_id=HOSTILE_ID, title='<script>alert("title")</script>', text=text, measures=[measure],
                   published="2025-06-01", extractor={"version": "0", "model": "test"})


def write_folder(folder: Path, articles: list[Article]) -> Path:
    (folder / "articles").mkdir(parents=True)
    lines = []
    for number, article in enumerate(articles):
        (folder / "articles" / f"a{number}.json").write_text(article.model_dump_json(), encoding="utf-8")
        lines += [json.dumps({**m.model_dump(mode="json"), "doc_id": article.doc_id, "source": article.source})
                  for m in article.measures]
    (folder / "measures.jsonl").write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return folder


def test_hostile_text_is_shown_as_text_not_markup(tmp_path):
    page = Page(build_report(write_folder(tmp_path / "out", [hostile_article()])))
    assert [tag for tag, _ in page.tags if tag in {"script", "img", "b"}] == ["script"]  # the page's own script
    assert not [attrs for _, attrs in page.tags if any(name.startswith("on") for name in attrs)]
    text = "".join(page.text)
    assert 'Ruritania <script>alert("x")</script> & "Co" bans <b>widgets</b>' in text
    assert '<script>alert("title")</script>' in text and HOSTILE_ID in text
    marks = [attrs for tag, attrs in page.tags if tag == "mark"]
    kinds = {"hl hl-trigger", "hl hl-product", "hl hl-magnitude", "hl hl-date", "hl hl-actor"}
    assert kinds <= {attrs["class"] for attrs in marks}


def test_hostile_product_is_highlighted_where_it_is_written():
    article = hostile_article()
    page = highlight_article(article.text, article.measures)
    assert '<mark class="hl hl-product" data-m="abc123" title="product of 1 measure(s)">&lt;gadgets&gt;</mark>' in page
    assert '<mark class="hl hl-trigger" id="m-abc123" data-m="abc123"' in page


def test_measures_sharing_a_trigger_get_one_mark_and_both_targets():
    article = hostile_article()
    twin = article.measures[0].model_copy(update={"id": "def456", "actor": Party(country="USA")})
    page = Page(highlight_article(article.text, [article.measures[0], twin]))
    triggers = [attrs for tag, attrs in page.tags if attrs.get("class") == "hl hl-trigger"]
    assert len(triggers) == 1 and triggers[0]["data-m"] == "abc123 def456" and triggers[0]["id"] == "m-abc123"
    assert ("span", {"class": "anchor", "id": "m-def456"}) in page.tags


def test_overlapping_marks_take_the_colour_of_the_more_important_slot():
    text = "China taxed U.S. soybeans."
    measure = Measure(id="m1", actor={"country": "USA", "text": "U.S."}, direction="restrictive",
                      action={"type": "impose", "text": "taxed", "start": 6, "end": 11},
                      instrument={"type": "tariff"}, products=[{"id": "soybeans", "text": "U.S. soybeans"}],
                      evidence={"start": 0, "end": len(text), "text": text}, confidence=0.5)
    page = highlight_article(text, [measure])
    assert '<mark class="hl hl-product" data-m="m1" title="product of 1 measure(s)">U.S. soybeans</mark>' in page
    assert "hl-actor" not in page


def test_empty_folder_says_there_are_no_measures(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    page = build_report(folder)
    assert 'id="no-measures"' in page and "is it the output folder of" in page
    (folder / "measures.jsonl").write_text("", encoding="utf-8")
    assert "holds 0 article(s) and no trade-policy measures" in build_report(folder)
    quiet = hostile_article().model_copy(update={"measures": []})
    assert 'id="no-measures"' in build_report(write_folder(tmp_path / "quiet", [quiet]))


def test_missing_folder_is_a_usage_error_naming_it(tmp_path, capsys):
    missing = tmp_path / "nowhere"
    with pytest.raises(ReportError, match="nowhere: no such output folder"):
        build_report(missing)
    assert report.run(argparse.Namespace(out_dir=str(missing), output=None)) == 2
    assert capsys.readouterr().err.startswith(f"extractor: {missing}: no such output folder")
    assert not missing.exists()


def test_a_broken_measures_line_is_named(tmp_path):
    folder = write_folder(tmp_path / "out", [hostile_article()])
    with (folder / "measures.jsonl").open("a", encoding="utf-8") as lines:
        lines.write('{"id": "x"}\n')
    with pytest.raises(ReportError, match=r"measures.jsonl, line 2: not a measure record with a doc_id"):
        build_report(folder)
    (folder / "measures.jsonl").write_bytes(b"\xff\xfe{}\n")
    with pytest.raises(ReportError, match=r"measures.jsonl: cannot be read"):
        build_report(folder)
    (folder / "articles" / "a0.json").write_text('{"doc_id": "x"}', encoding="utf-8")
    with pytest.raises(ReportError, match=r"a0.json: not an Article JSON \(text: Field required\)"):
        build_report(folder)


@pytest.mark.parametrize("value, mod, expected", [
    ("2025-04-04", None, dt.date(2025, 4, 4)),
    ("2025-04-04", "approx", dt.date(2025, 4, 4)),
    ("2025-11", None, dt.date(2025, 11, 15)),
    ("2025-02", "start", dt.date(2025, 2, 5)),
    ("2024", None, dt.date(2024, 7, 1)),
    ("2024", "end", dt.date(2024, 10, 31)),
    ("2024-Q4", None, dt.date(2024, 11, 16)),
    ("2025-W44", None, dt.date(2025, 10, 30)),
    ("2025-13", None, None),
    ("late 2024", None, None),
    (None, None, None),
])
def test_date_point(value, mod, expected):
    assert date_point(value, mod) == expected


def test_locate_finds_whole_words_nearest_the_trigger():
    text = "Tin continued to fall. Congo banned tin exports; tin prices rose on tin."
    scope = (23, len(text))
    assert locate(text, "tin", scope, text.index("banned")) == (36, 39)
    assert locate(text, "TIN", (23, 30), 10) == (0, 3), "falls back to the text around the trigger, any case"
    assert locate(text, "copper", scope, 30) is None


# ---------------------------------------------------------------------------------------
# show


def test_show_table_lists_every_measure(out_dir):
    article = Article.model_validate_json((out_dir / "articles" / "tf-china-farm-tariffs-march2025.json").read_text())
    table = show.format_article(article, width=110)
    lines = table.splitlines()
    assert lines[0] == article.title
    assert all(len(line) <= 110 for line in lines)
    assert f"{len(article.measures)} measures:" in table
    for number, measure in enumerate(article.measures, start=1):
        assert any(line.startswith(f"{number} ") for line in lines)
        assert f"\u201c{measure.action.text.split()[0]}" in table  # long triggers wrap
    assert "rate 15%" in table and "2025-03-10" in table and "agricultural" in table


def test_show_says_when_an_article_has_no_measures(out_dir, capsys):
    assert show.run(argparse.Namespace(file=str(out_dir / "articles" / "rn-neg-cobalt-prices.json"), model=None)) == 0
    assert "No trade-policy measures found." in capsys.readouterr().out


def test_show_runs_the_pipeline_on_an_article_file(capsys):
    assert show.run(argparse.Namespace(file=str(CORPUS / "cm-heavy-rare-earths-april.html"), model=None)) == 0
    out = capsys.readouterr().out
    assert "cm-heavy-rare-earths-april" in out and "\u201crestricts\u201d" in out and "rare earths" in out


@pytest.mark.parametrize("content, message", [
    (None, "no such file"),
    ("{not json", "not valid JSON"),
    ('{"doc_id": "x"}', "not an Article JSON (text: Field required)"),
])
def test_show_usage_errors(tmp_path, capsys, content, message):
    path = tmp_path / "article.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert show.run(argparse.Namespace(file=str(path), model=None)) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"extractor: {path}: ") and message in err


@pytest.mark.parametrize("magnitude, phrase", [
    ({"value": 25, "unit": "percent", "kind": "rate"}, "rate 25%"),
    ({"value": 12.5, "unit": "percentage_point", "kind": "change"}, "change 12.5 pp"),
    ({"value": 300e6, "unit": "USD", "kind": "coverage"}, "coverage USD 300 mln"),
    ({"value": 1.25e9, "unit": "EUR", "kind": "coverage"}, "coverage EUR 1.25 bn"),
    ({"value": 25000, "unit": "tonne", "kind": "quota"}, "quota 25,000 tonne"),
    ({"value": 20, "unit": "percent", "kind": "previous_rate"}, "previous rate 20%"),
])
def test_describe_magnitude(magnitude, phrase):
    from extractor.schema import Magnitude

    assert show.describe_magnitude(Magnitude(**magnitude)) == phrase
