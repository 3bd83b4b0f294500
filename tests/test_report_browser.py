"""The HTML report in a real browser: Debian's Chromium, headless, driven by Playwright.

``scripts/ensure-chromium`` installs the browser when it is missing (once per session).
Playwright uses that browser (``executable_path``); it never downloads one of its own.
The report is opened from a file:// URL and every expectation is computed from
``measures.jsonl`` in Python, not from the page.
"""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from extractor.cli import main
from extractor.report import write_report

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTICLES = ["tf-china-farm-tariffs-march2025.txt", "cm-heavy-rare-earths-april.html",
            "lw-argentina-milei-export-tax-cuts.txt", "rn-neg-cobalt-prices.txt"]
FILTER_WAIT_MS = 400  # the filter box waits 120 ms after the last key


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium, installed first by scripts/ensure-chromium when missing."""
    setup = subprocess.run(["bash", str(ROOT / "scripts" / "ensure-chromium")], capture_output=True, text=True,
                           check=False)
    if setup.returncode != 0:
        pytest.fail(f"scripts/ensure-chromium failed:\n{setup.stderr[-3000:]}")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """(report file, measure records, articles by doc_id) for four corpus articles run by ``extractor run``."""
    folder = tmp_path_factory.mktemp("browser") / "out"
    assert main(["run", *(str(ROOT / "corpus" / "dev" / name) for name in ARTICLES), "-o", str(folder), "--quiet"]) == 0
    lines = (folder / "measures.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    articles = {article["doc_id"]: article for article in
                (json.loads(path.read_text(encoding="utf-8")) for path in (folder / "articles").glob("*.json"))}
    return write_report(folder), records, articles


@pytest.fixture
def page(browser, report):
    """The report opened from its file:// URL; the test fails on script errors or any fetch."""
    tab = browser.new_page(viewport={"width": 1400, "height": 1000})
    tab.set_default_timeout(5000)  # a missing element fails in seconds, not Playwright's 30
    problems = []
    tab.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    tab.on("console", lambda message: message.type == "error" and problems.append(f"console: {message.text}"))
    tab.on("request", lambda request: request.url.startswith("file:") or problems.append(f"fetch: {request.url}"))
    tab.goto(report[0].as_uri())
    yield tab
    tab.close()
    assert problems == []


def visible_rows(page) -> int:
    return page.locator("#measures tbody tr:not([hidden])").count()


def values(record: object) -> list[str]:
    """Every text value of a record, nested ones too, lowercased."""
    if isinstance(record, str):
        return [record.lower()]
    if isinstance(record, dict):
        return [text for value in record.values() for text in values(value)]
    if isinstance(record, list):
        return [text for value in record for text in values(value)]
    return []


def test_table_counts_and_timeline_match_the_records(page, report):
    _, records, articles = report
    assert len(records) > 10
    assert page.locator("#measures tbody tr").count() == len(records) == visible_rows(page)
    assert page.locator("#shown-count").inner_text() == str(len(records))
    keys = {"actor": lambda r: [r["actor"]["country"] or "unknown"], "action": lambda r: [r["action"]["type"]],
            "instrument": lambda r: [r["instrument"]["type"]],
            "product": lambda r: {p["id"] or f"\u201c{p['text']}\u201d" for p in r["products"]}}
    for field, key in keys.items():
        expected = Counter(value for record in records for value in key(record))
        shown = page.eval_on_selector_all(f'.count[data-field="{field}"] li[data-key]',
                                          "items => items.map(li => [li.dataset.key, Number(li.dataset.count)])")
        assert dict(shown) == dict(expected), field
    dated = [r for r in records if any(d["role"] in {"effective", "announced"} and d["value"] for d in r["dates"])
             or articles[r["doc_id"]]["published"]]
    assert page.locator("#timeline-svg .dot").count() == len(dated)
    assert page.locator("#timeline-svg .dot title").first.text_content()


def test_filter_box_and_selects(page, report):
    _, records, _ = report
    term = "soybeans"
    expected = sum(any(term in text for text in values(record)) for record in records)
    assert 0 < expected < len(records)
    page.fill("#filter-text", term)
    page.wait_for_timeout(FILTER_WAIT_MS)
    assert visible_rows(page) == expected
    assert page.locator("#shown-count").inner_text() == str(expected)

    page.fill("#filter-text", "")
    page.wait_for_timeout(FILTER_WAIT_MS)
    actor = Counter(r["actor"]["country"] for r in records).most_common(1)[0][0]
    page.select_option("#filter-actor", actor)
    assert visible_rows(page) == sum(r["actor"]["country"] == actor for r in records)
    page.select_option("#filter-instrument", "tariff")
    both = sum(r["actor"]["country"] == actor and r["instrument"]["type"] == "tariff" for r in records)
    assert 0 < both < len(records) and visible_rows(page) == both
    hidden_dots = page.locator("#timeline-svg .dot.off").count()
    assert hidden_dots == len(records) - both, "the timeline shows only the measures the table shows"

    page.click("#filter-clear")
    assert visible_rows(page) == len(records)


def test_header_click_sorts(page, report):
    confidences = 'rows => rows.map(row => Number(row.cells[row.cells.length - 1].dataset.sort))'
    page.click("#measures th.col-confidence")
    ascending = page.eval_on_selector_all("#measures tbody tr", confidences)
    assert ascending == sorted(ascending) and ascending != sorted(ascending, reverse=True)
    page.click("#measures th.col-confidence")
    assert page.eval_on_selector_all("#measures tbody tr", confidences) == sorted(ascending, reverse=True)


def test_a_row_leads_to_its_highlighted_article(page, report, tmp_path):
    _, records, articles = report
    record = next(r for r in reversed(records) if r["action"]["text"] and len(r["products"]) > 0)
    page.click(f'#row-{record["id"]} td:nth-child(3)')
    assert page.evaluate("location.hash") == f"#m-{record['id']}"
    trigger = page.locator(f"#m-{record['id']}")
    assert trigger.evaluate("el => el.tagName") == "MARK"
    assert trigger.get_attribute("class") == "hl hl-trigger current"
    assert trigger.text_content() == record["action"]["text"]
    assert trigger.is_visible() and _in_viewport(page, trigger)
    section = page.locator("article.article.current")
    assert section.count() == 1
    assert record["doc_id"] in section.locator(".meta").inner_text()
    assert articles[record["doc_id"]]["title"] == section.locator("h3").inner_text()
    marked = section.locator(f'mark.current[data-m~="{record["id"]}"]')
    kinds = set(marked.evaluate_all("marks => marks.map(m => m.className)"))
    assert {"hl hl-trigger current", "hl hl-product current"} <= kinds

    page.screenshot(path=str(tmp_path / "article.png"))
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(tmp_path / "report.png"))
    for name in ("article.png", "report.png"):
        shot = (tmp_path / name).read_bytes()
        assert shot.startswith(b"\x89PNG\r\n\x1a\n") and len(shot) > 30_000


def test_a_timeline_dot_leads_to_its_measure(page, report):
    _, records, _ = report
    record = next(r for r in records if r["action"]["text"])
    page.locator(f'#timeline-svg .dot[data-m="{record["id"]}"]').click()
    trigger = page.locator(f"#m-{record['id']}")
    assert "current" in trigger.get_attribute("class") and _in_viewport(page, trigger)
    assert "current" in page.locator(f"#row-{record['id']}").get_attribute("class")


def _in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and 0 <= box["y"] and box["y"] + box["height"] <= page.viewport_size["height"]
