"""Batch inputs (extractor.inputs): discovery, planning, JSON objects, unique safe names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.inputs import check_record, discover, load, plan, safe_name

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def test_discover_walks_folders_and_keeps_explicit_paths():
    found = discover([
        FIXTURES,
        FIXTURES / "scan.pdf",  # unsupported, but given explicitly: kept for the batch to report
        FIXTURES / "missing.txt",  # missing, but given explicitly: kept
        FIXTURES / "archive" / ".." / "empty.txt",  # the same file twice
        FIXTURES / ".draft.txt",  # hidden, but given explicitly
    ])
    names = [path.relative_to(FIXTURES).as_posix() for path, _ in found]
    assert names == [
        ".draft.txt", "archive/2024/canola-surtax.txt", "bad-date.txt", "bad-json.txt", "bad-key.txt",
        "bom-crlf.txt", "broken-jsonld.html", "corrupt-download.txt", "empty.txt", "gallium-notes.md",
        "missing.txt", "navigation-only.html", "nickel-ore-ban.html", "rice-export-duty.html", "scan.pdf",
        "steel-safeguard.html", "windows-1252.txt",
    ]
    assert all(problem is None for _, problem in found)
    assert discover([FIXTURES]) == discover([FIXTURES, FIXTURES])


def test_discover_skips_hidden_gold_sidecar_and_unsupported_files_inside_folders():
    names = {path.name for path, _ in discover([FIXTURES])}
    assert not names & {".draft.txt", "copy.txt", "canola-surtax.gold.json", "bad-key.meta.json", "scan.pdf",
                        ".gitattributes"}
    assert "canola-surtax.txt" in names
    assert json.loads((FIXTURES / "archive" / "2024" / "canola-surtax.gold.json").read_text())["doc_id"]


def test_discover_leaves_out_the_output_folder_and_reports_notes_files(tmp_path):
    (tmp_path / "out" / "articles").mkdir(parents=True)
    (tmp_path / "out" / "articles" / "a.json").write_text('{"text": "old output"}')
    (tmp_path / "a.txt").write_text("An article.")
    (tmp_path / "README.md").write_text("# What this folder is")
    found = {path.name: problem for path, problem in discover([tmp_path], exclude=[tmp_path / "out"])}
    assert set(found) == {"a.txt", "README.md"}
    assert found["a.txt"] is None and "notes file, not an article" in found["README.md"]
    assert discover([tmp_path / "README.md"]) == [(tmp_path / "README.md", None)]  # given explicitly: an article


def test_plan_gives_sidecar_ids_and_digests_that_follow_the_content(tmp_path):
    (tmp_path / "a.txt").write_text("First text.")
    (tmp_path / "a.meta.json").write_text(json.dumps({"doc_id": "alpha"}))
    (tmp_path / "b.txt").write_text("First text.")
    first = plan([tmp_path])
    assert [(item.doc_id, item.file) for item in first] == [("alpha", "alpha.json"), ("b", "b.json")]
    assert first[0].digest != first[1].digest  # same text, different sidecar
    (tmp_path / "b.txt").write_text("Second text.")
    assert plan([tmp_path])[1].digest != first[1].digest
    assert plan([tmp_path])[0].digest == first[0].digest


def test_a_jsonl_over_the_size_limit_is_judged_line_by_line(tmp_path):
    lines = [json.dumps({"text": "short"}), json.dumps({"text": "long " * 400})]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n")
    items = plan([tmp_path], max_bytes=1000)
    assert [item.error is None for item in items] == [True, False]
    assert items[1].error == f"{tmp_path / 'feed.jsonl'}:2: line is over the limit of 1.0 kB; split it or raise --max-bytes"


@pytest.mark.parametrize("value, problem", [
    ({"title": "No body"}, "needs exactly one of 'text' or 'html'"),
    ({"text": "a", "html": "<p>a</p>"}, "needs exactly one of 'text' or 'html', not both"),
    ({"text": 12}, "key 'text': expected a string, got 12"),
    ({"text": "a", "published": "yesterday"}, "key 'published': expected a date YYYY-MM-DD"),
    ({"text": "a", "doc_id": " "}, "key 'doc_id': expected a non-empty string"),
    ({"txt": "a"}, "unknown key 'txt'; did you mean 'text'?"),
    ("just a string", "expected a JSON object with 'text' or 'html', got str"),
])
def test_bad_json_objects(value, problem):
    with pytest.raises(ValueError, match=None) as caught:
        check_record(value)
    assert str(caught.value).startswith(problem)


def test_json_objects_keep_known_keys_and_ignore_others():
    assert check_record({"text": "a", "author": "desk", "url": "https://x.example/a"}) == {
        "text": "a", "url": "https://x.example/a"}


def test_loading_an_html_object_reads_the_page(tmp_path):
    page = ("<html><head><meta property='article:published_time' content='2025-03-14'></head>"
            "<body><article><h1>Nickel halt</h1><p>Indonesia halted nickel ore exports.</p></article></body></html>")
    (tmp_path / "pages.json").write_text(json.dumps([{"html": page, "doc_id": "nickel"}]))
    (item,) = plan([tmp_path])
    document = load(item)
    assert (document.doc_id, document.title, str(document.published)) == ("nickel", "Nickel halt", "2025-03-14")
    assert document.text == "Nickel halt\n\nIndonesia halted nickel ore exports."
    assert document.source == f"{tmp_path / 'pages.json'}#1"


@pytest.mark.parametrize("doc_id, name", [
    ("plain-id_2.x", "plain-id_2.x"),
    ("../../up", "up"),
    ("/abs/path", "abs_path"),
    ("..", "_"),
    ("a b:c*d", "a_b_c_d"),
    ("Ünïcode", "_n_code"),
])
def test_safe_names(doc_id, name):
    assert safe_name(doc_id) == name


def test_a_sidecar_beside_a_json_file_gives_defaults_to_its_objects(tmp_path):
    (tmp_path / "feed.jsonl").write_text(json.dumps({"text": "First."}) + "\n"
                                         + json.dumps({"text": "Second.", "published": "2025-02-03"}) + "\n")
    (tmp_path / "feed.meta.json").write_text(json.dumps({"published": "2025-01-01", "url": "https://x.example/feed"}))
    first, second = [load(item) for item in plan([tmp_path])]
    assert (str(first.published), first.url) == ("2025-01-01", "https://x.example/feed")
    assert str(second.published) == "2025-02-03"  # the object's own value wins
    assert (first.doc_id, second.doc_id) == ("feed-1", "feed-2")


def test_urls_are_listed_and_read_through_fsspec(tmp_path):
    """A folder URL (here file://, as s3:// or gs:// would be) gives the items a local folder gives."""
    (tmp_path / "news" / "sub").mkdir(parents=True)
    (tmp_path / "news" / "a.txt").write_text("Chile raises copper tax\n\nChile raised its copper export tax.")
    (tmp_path / "news" / "a.meta.json").write_text(json.dumps({"published": "2025-03-04"}))
    (tmp_path / "news" / "sub" / "feed.jsonl").write_text(json.dumps({"text": "Peru banned ore exports."}) + "\n")
    (tmp_path / "news" / ".hidden.txt").write_text("draft")
    (tmp_path / "news" / "notes.pdf").write_text("not an article")
    url = (tmp_path / "news").as_uri()

    items = plan([url])
    assert [item.source for item in items] == [f"{url}/a.txt", f"{url}/sub/feed.jsonl:1"]
    assert [item.doc_id for item in items] == ["a", "feed-1"]
    local = {item.doc_id: item.digest for item in plan([tmp_path / "news"])}
    assert {item.doc_id: item.digest for item in items} == local  # same content, same digests
    article = load(items[0])
    assert (article.text, str(article.published)) == ("Chile raises copper tax\n\nChile raised its copper export tax.",
                                                      "2025-03-04")
    assert article.source == f"{url}/a.txt"


def test_a_missing_or_unsupported_url_is_a_failed_item(tmp_path):
    (tmp_path / "scan.pdf").write_text("x")
    missing, pdf = (tmp_path / "gone.txt").as_uri(), (tmp_path / "scan.pdf").as_uri()
    errors = [item.error for item in plan([missing, pdf])]
    assert errors == [f"{missing}: file not found at this URL",
                      f"{pdf}: unsupported file type ('.pdf'); save it as one of .htm, .html, .json, .jsonl, .md, .text, .txt"]
