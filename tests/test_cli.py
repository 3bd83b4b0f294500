"""The ``extractor`` command line: schema, run, extract, and errors a user can act on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.schema import Article

TXT_ARTICLE = ("Congo Extends Cobalt Export Ban\n"
               "KINSHASA, June 21 - Congo extended its ban on cobalt exports by three months, the regulator said.\n")
HTML_ARTICLE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Canada scraps retaliatory tariffs</title>
<meta property="article:published_time" content="2025-06-03T08:00:00Z"></head>
<body><nav>Home | Markets | Politics</nav>
<article><h1>Canada scraps retaliatory tariffs</h1>
<p>OTTAWA, June 3 - Canada removed its retaliatory tariffs on U.S. steel on Tuesday, the finance ministry said.</p>
<p>Ottawa said the move would ease costs for manufacturers in Ontario.</p></article>
<footer>Copyright 2025</footer></body></html>
"""


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "cobalt.txt").write_text(TXT_ARTICLE, encoding="utf-8")
    (folder / "cobalt.meta.json").write_text(json.dumps({"published": "2025-06-21", "doc_id": "congo-cobalt"}),
                                             encoding="utf-8")
    (folder / "canada.html").write_text(HTML_ARTICLE, encoding="utf-8")
    (folder / "garbled.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    return folder


def test_schema_prints_the_article_json_schema(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert set(schema["properties"]) == set(Article.model_fields)
    assert {"measures", "text", "doc_id", "published"} <= set(schema["properties"])


def test_run_writes_an_article_per_good_input_and_accounts_for_all(inputs, tmp_path, capsys, nlp):
    out = tmp_path / "out"
    code = main(["run", str(inputs), "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 1
    assert "3 inputs: 2 ok, 0 skipped, 1 failed" in captured.out
    assert f"failed: {inputs / 'garbled.txt'}: binary content" in captured.err

    written = sorted(p.name for p in (out / "articles").glob("*.json"))
    assert written == ["canada.json", "congo-cobalt.json"]
    cobalt = Article.model_validate_json((out / "articles" / "congo-cobalt.json").read_text(encoding="utf-8"))
    assert cobalt.published == "2025-06-21"
    assert {(m.actor.country, m.action.type, m.instrument.type) for m in cobalt.measures} >= {("COD", "extend", "export_ban")}
    canada = Article.model_validate_json((out / "articles" / "canada.json").read_text(encoding="utf-8"))
    assert canada.published == "2025-06-03"
    assert ("CAN", "lift", "tariff") in {(m.actor.country, m.action.type, m.instrument.type) for m in canada.measures}
    assert "Copyright" not in canada.text

    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert [(Path(entry["source"]).name, entry["status"]) for entry in run["inputs"]] == [
        ("canada.html", "ok"), ("cobalt.txt", "ok"), ("garbled.txt", "failed")]


def test_extract_prints_an_article(inputs, capsys, nlp):
    assert main(["extract", str(inputs / "cobalt.txt")]) == 0
    article = Article.model_validate_json(capsys.readouterr().out)
    assert article.doc_id == "congo-cobalt"
    assert article.published == "2025-06-21"
    assert article.text == TXT_ARTICLE
    assert article.measures


def test_extract_with_published_overrides_the_date(tmp_path, capsys, nlp):
    path = tmp_path / "bare.txt"
    path.write_text("Congo extended its ban on cobalt exports on Friday.\n", encoding="utf-8")
    assert main(["extract", str(path), "--published", "2025-06-01"]) == 0
    article = Article.model_validate_json(capsys.readouterr().out)
    assert article.published == "2025-06-01"
    assert [d.value for m in article.measures for d in m.dates] == ["2025-05-30"]


def test_extract_of_a_missing_file_exits_2_naming_it(tmp_path, capsys):
    missing = tmp_path / "nowhere" / "missing-article.txt"
    assert main(["extract", str(missing)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert str(missing) in captured.err
    assert "not found" in captured.err


def test_report_and_show_commands(inputs, tmp_path, capsys, nlp):
    out = tmp_path / "out"
    main(["run", str(inputs), "-o", str(out), "--quiet"])
    assert main(["report", str(out), "-o", str(tmp_path / "r.html")]) == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") or page.lower().startswith("<!doctype html>")
    assert "congo-cobalt" in page
    assert main(["show", str(out / "articles" / "congo-cobalt.json")]) == 0
    shown = capsys.readouterr().out
    assert "COD" in shown and "export ban" in shown
    assert main(["report", str(tmp_path / "missing")]) == 2
    assert capsys.readouterr().err.startswith("extractor: ")
