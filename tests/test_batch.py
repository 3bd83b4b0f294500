"""Tests of extractor.batch: every input accounted for, outputs written atomically and uniquely."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.batch import BatchResult, run_batch
from extractor.ingest import Document
from extractor.schema import Article, ExtractorInfo

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

# The fixture folder holds four inputs that cannot be read; everything else reads.
UNREADABLE = {
    "bad-date.txt": "bad-date.meta.json: key 'published'",
    "bad-json.txt": "bad-json.meta.json: not valid JSON (line 3, column 3",
    "bad-key.txt": "bad-key.meta.json: unknown key 'publisher'",
    "corrupt-download.txt": "corrupt-download.txt: binary content",
}


def article_from(document: Document) -> Article:
    """A stand-in for the NLP pipeline: a valid Article with no measures."""
    return Article(
        doc_id=document.doc_id,
        source=document.source,
        title=document.title,
        published=document.published.isoformat() if document.published else None,
        text=document.text,
        warnings=list(document.warnings),
        extractor=ExtractorInfo(version="0.0-test", model="none"),
    )


def read_manifest(out_dir: Path) -> list[dict]:
    return [json.loads(line) for line in (out_dir / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_every_input_is_accounted_for_including_failures(tmp_path):
    out_dir = tmp_path / "out"
    missing, pdf = FIXTURES / "missing.txt", FIXTURES / "scan.pdf"
    result = run_batch([FIXTURES, missing, pdf], out_dir, article_from)

    manifest = read_manifest(out_dir)
    assert result.inputs == len(manifest) == 17 - 1  # the discover test's list without .draft.txt
    assert result.inputs == result.ok + result.failed
    assert (result.ok, result.failed, result.measures) == (10, 6, 0)
    failed = {Path(entry["source"]).name: entry["error"] for entry in manifest if entry["status"] == "error"}
    assert set(failed) == {*UNREADABLE, "missing.txt", "scan.pdf"}
    for name, start in UNREADABLE.items():
        assert failed[name].startswith(f"{FIXTURES / start}")
    assert failed["missing.txt"] == f"{missing}: file not found; check the path and the current folder"
    assert failed["scan.pdf"].startswith(f"{pdf}: unsupported file type")
    assert result.errors == [(entry["source"], entry["error"]) for entry in manifest if entry["status"] == "error"]

    for entry in manifest:
        if entry["status"] == "ok":
            assert entry["error"] is None
            assert (out_dir / entry["output"]).is_file()
        else:
            assert entry["output"] is None
    outputs = sorted(path.name for path in out_dir.iterdir())
    assert "rice-duty-2024.json" in outputs  # the sidecar's doc_id names the output
    assert not [name for name in outputs if name.startswith(".")]  # no temporary files left


def test_summary_holds_the_counts(tmp_path):
    result = run_batch([FIXTURES / "bad-key.txt", FIXTURES / "empty.txt"], tmp_path, article_from)
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary == {
        "inputs": 2, "ok": 1, "failed": 1, "measures": 0,
        "errors": [{"source": str(FIXTURES / "bad-key.txt"), "error": result.errors[0][1]}],
    }
    assert result == BatchResult(inputs=2, ok=1, failed=1, measures=0, errors=result.errors)


def test_output_is_the_article_json(tmp_path):
    run_batch([FIXTURES / "nickel-ore-ban.html"], tmp_path, article_from)
    written = (tmp_path / "nickel-ore-ban.json").read_text(encoding="utf-8")
    article = Article.model_validate_json(written)
    assert article.published == "2025-03-14"
    assert article.text.startswith("Indonesia halts nickel ore exports for six months\n\n")
    expected = json.dumps(article.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    assert written == expected
    assert "\u201cWe will not export" in written  # UTF-8, not \u escapes
    assert read_manifest(tmp_path) == [{
        "source": str(FIXTURES / "nickel-ore-ban.html"), "doc_id": "nickel-ore-ban", "status": "ok",
        "output": "nickel-ore-ban.json", "measures": 0, "error": None, "warnings": [],
    }]


def test_a_failing_extraction_is_recorded_and_the_batch_goes_on(tmp_path):
    inputs = tmp_path / "in"
    write(inputs / "a.txt", "Tariffs.")
    write(inputs / "b.txt", "Boom.")
    write(inputs / "c.txt", "Quotas.")

    def extract(document: Document) -> Article:
        if document.doc_id == "b":
            raise RuntimeError("model crashed")
        return article_from(document)

    messages: list[str] = []
    result = run_batch([inputs], tmp_path / "out", extract, progress=messages.append)
    assert (result.inputs, result.ok, result.failed) == (3, 2, 1)
    assert result.errors == [(str(inputs / "b.txt"), f"{inputs / 'b.txt'}: extraction failed: RuntimeError: model crashed")]
    assert [entry["status"] for entry in read_manifest(tmp_path / "out")] == ["ok", "error", "ok"]
    assert read_manifest(tmp_path / "out")[1]["doc_id"] == "b"
    assert not (tmp_path / "out" / "b.json").exists()
    assert messages == [
        f"[1/3] {inputs / 'a.txt'}: ok, 0 measures",
        f"[2/3] {inputs / 'b.txt'}: extraction failed: RuntimeError: model crashed",
        f"[3/3] {inputs / 'c.txt'}: ok, 0 measures",
    ]


def test_same_doc_id_never_overwrites(tmp_path):
    inputs = tmp_path / "in"
    for relative in ("a/report.txt", "b/report.html", "c/report-2.txt", "d/Summary.txt"):
        write(inputs / relative, f"<p>{relative}</p>")
    run_batch([inputs], tmp_path / "out", article_from)

    manifest = read_manifest(tmp_path / "out")
    assert [(Path(entry["source"]).relative_to(inputs).as_posix(), entry["output"]) for entry in manifest] == [
        ("a/report.txt", "report.json"),
        ("b/report.html", "report-2.json"),
        ("c/report-2.txt", "report-2-2.json"),
        ("d/Summary.txt", "Summary-2.json"),  # summary.json belongs to the run
    ]
    renamed = json.loads((tmp_path / "out" / "report-2.json").read_text(encoding="utf-8"))
    assert renamed["doc_id"] == "report-2"
    assert renamed["text"] == "b/report.html"
    assert renamed["warnings"] == [
        "doc_id 'report' is already used by another input of this batch; renamed to 'report-2'"]
    assert manifest[1]["warnings"] == renamed["warnings"]
    assert json.loads((tmp_path / "out" / "summary.json").read_text())["inputs"] == 4


def test_a_second_run_describes_itself_and_keeps_other_outputs(tmp_path):
    inputs, out_dir = tmp_path / "in", tmp_path / "out"
    first, second = write(inputs / "first.txt", "One."), write(inputs / "second.txt", "Two.")
    run_batch([first, second], out_dir, article_from)
    kept = (out_dir / "first.json").read_bytes()
    before = (out_dir / "second.json").read_bytes()

    result = run_batch([second], out_dir, article_from)
    assert result.inputs == 1
    assert [entry["doc_id"] for entry in read_manifest(out_dir)] == ["second"]
    assert json.loads((out_dir / "summary.json").read_text())["inputs"] == 1
    assert (out_dir / "first.json").read_bytes() == kept  # not part of this run: left alone
    assert (out_dir / "second.json").read_bytes() == before  # same input, byte-identical output

    def broken(document: Document) -> Article:
        raise ValueError("bad offsets")

    run_batch([second], out_dir, broken)
    assert not (out_dir / "second.json").exists()  # a failed input leaves no stale output behind
    assert (out_dir / "first.json").exists()


@pytest.mark.parametrize("returned", [None, "not an article"])
def test_extractor_returning_garbage_is_an_error(tmp_path, returned):
    write(tmp_path / "in" / "x.txt", "Text.")
    result = run_batch([tmp_path / "in"], tmp_path / "out", lambda document: returned)
    assert (result.ok, result.failed) == (0, 1)
    assert result.errors[0][1] == (f"{tmp_path / 'in' / 'x.txt'}: extraction failed: TypeError: "
                                   f"extract_document returned {type(returned).__name__}, not an Article")


def test_empty_run_writes_an_empty_manifest(tmp_path):
    result = run_batch([], tmp_path / "out", article_from)
    assert result == BatchResult(inputs=0, ok=0, failed=0, measures=0, errors=[])
    assert (tmp_path / "out" / "manifest.jsonl").read_text() == ""
