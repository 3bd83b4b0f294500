"""The batch (``extractor run``): every input accounted for, outputs complete, atomic and resumable.

These tests run the real pipeline, in this process (the session's model) or, where a
process must be killed or several work at once, in subprocesses.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor.batch import Options, run_batch
from extractor.outputs import ARTICLES, MEASURES, MEASURES_CSV, RUN, STATE
from extractor.cli import main
from extractor.schema import Article, Measure

REPO = Path(__file__).resolve().parent.parent
DEV = REPO / "corpus" / "dev"
COBALT = ("Congo Extends Cobalt Export Ban\n\n"
          "KINSHASA, June 21 - Congo extended its ban on cobalt exports by three months, the regulator said.\n")
GALLIUM = ("China curbs gallium exports\n\n"
           "BEIJING, July 3 - China will restrict exports of gallium and germanium from August 1, "
           "the commerce ministry said on Monday.\n")


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def run_json(out_dir: Path) -> dict:
    return json.loads((out_dir / RUN).read_text(encoding="utf-8"))


def by_source(out_dir: Path) -> dict[str, dict]:
    return {Path(entry["source"]).name: entry for entry in run_json(out_dir)["inputs"]}


def outputs(out_dir: Path) -> dict[str, bytes]:
    """Every output file except run.json (which holds timings), by relative path."""
    files = {MEASURES: (out_dir / MEASURES).read_bytes(), MEASURES_CSV: (out_dir / MEASURES_CSV).read_bytes()}
    for path in sorted((out_dir / ARTICLES).iterdir()):
        files[f"{ARTICLES}/{path.name}"] = path.read_bytes()
    return files


def cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor.cli", *args], capture_output=True, text=True,
                          cwd=REPO, timeout=600, **kwargs)


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    """A folder of real corpus articles (text and HTML, some with sidecars)."""
    folder = tmp_path_factory.mktemp("articles")
    for path in sorted(DEV.iterdir())[:40]:
        if not path.name.endswith(".gold.json"):
            shutil.copy(path, folder / path.name)
    return folder


# ---------------------------------------------------------------------------------------
# Outputs


def test_outputs_are_articles_measures_jsonl_csv_and_run_json(tmp_path, nlp):
    inputs = tmp_path / "in"
    write(inputs / "cobalt.txt", COBALT)
    write(inputs / "cobalt.meta.json", json.dumps({"published": "2025-06-21"}))
    write(inputs / "gallium.txt", GALLIUM)
    out = tmp_path / "out"
    report = run_batch([inputs], out)

    assert report.exit_code == 0
    assert report.counts == {"inputs": 2, "ok": 2, "skipped": 0, "failed": 0, "measures": report.counts["measures"]}
    articles = {path.name: Article.model_validate_json(path.read_text(encoding="utf-8"))
                for path in (out / ARTICLES).iterdir()}
    assert set(articles) == {"cobalt.json", "gallium.json"}
    cobalt = articles["cobalt.json"]
    assert cobalt.published == "2025-06-21" and cobalt.source == str(inputs / "cobalt.txt")
    assert {(m.actor.country, m.action.type, m.instrument.type) for m in cobalt.measures} == {
        ("COD", "extend", "export_ban")}

    lines = [json.loads(line) for line in (out / MEASURES).read_text(encoding="utf-8").splitlines()]
    expected = [(a.doc_id, a.source, m.id) for a in (cobalt, articles["gallium.json"]) for m in a.measures]
    assert [(line["doc_id"], line["source"], line["id"]) for line in lines] == expected
    assert report.counts["measures"] == len(lines) >= 2
    for line in lines:  # the rest of each line is a valid measure record
        Measure.model_validate({key: value for key, value in line.items() if key not in ("doc_id", "source")})

    raw = (out / MEASURES_CSV).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, so that spreadsheets read UTF-8
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert [(row["doc_id"], row["id"]) for row in rows] == [(doc_id, mid) for doc_id, _, mid in expected]
    assert rows[0]["actor"] == "COD" and rows[0]["instrument"] == "export_ban" and rows[0]["products"] == "cobalt"
    assert rows[0]["evidence"] == cobalt.measures[0].evidence.text

    run = run_json(out)
    assert run["counts"] == report.counts
    assert {entry["status"] for entry in run["inputs"]} == {"ok"}
    assert run["inputs"][0] == {"source": str(inputs / "cobalt.txt"), "doc_id": "cobalt", "status": "ok",
                                "reason": None, "output": "articles/cobalt.json", "measures": len(cobalt.measures),
                                "warnings": [], "seconds": run["inputs"][0]["seconds"]}
    assert run["versions"]["extractor"] and run["versions"]["model"].startswith("en_core_web_sm")
    assert not [path for path in out.rglob("*") if path.name.endswith(".tmp")]  # no temporary files left


def test_csv_cells_that_spreadsheets_would_run_as_formulas_are_quoted(tmp_path, nlp):
    write(tmp_path / "in" / "formula.txt", "=HYPERLINK(\"x\") Indonesia banned nickel ore exports on Monday.\n")
    run_batch([tmp_path / "in"], tmp_path / "out", Options(published=_date("2025-01-08")))
    rows = list(csv.DictReader((tmp_path / "out" / MEASURES_CSV).read_text(encoding="utf-8-sig").splitlines()))
    assert rows and all(row["evidence"].startswith("'=") for row in rows)


def _date(text: str):
    import datetime

    return datetime.date.fromisoformat(text)


# ---------------------------------------------------------------------------------------
# Nothing lost: each kind of bad input is one failed (or warned) input, and the batch goes on


EDGE_CASES = {
    # name: (content, status, words the reason or a warning holds)
    "empty.txt": (b"", "ok", "file is empty"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "failed", "binary content (NUL byte at offset 8)"),
    "latin.txt": ("Chile raised its copper export tax to 5%, the ministry said.".encode("cp1252") + b"\xe9",
                  "ok", "not valid UTF-8 (byte 0xe9 at offset 60); decoded as cp1252"),
    "utf16.txt": ("Chile raised its copper export tax to 5% on Monday.".encode("utf-16"), "ok",
                  "file is UTF-16, not UTF-8"),
    "malformed.html": (b"<html><body><p>Indonesia banned nickel ore exports<div><p>from January, the ministry "
                       b"said.<span></body>", "ok", None),
    "no-text.html": (b"<html><body><nav><a href='/'>Home</a></nav><footer>(c) 2025</footer></body></html>",
                     "ok", "no article text found in the page"),
    "bad.json": (b'{"text": "Chile raised its copper tax",\n "title": }', "failed",
                 "bad.json: not valid JSON (line 2, column 11"),
    "big.txt": (b"Indonesia banned nickel ore exports. " * 40, "failed",
                "big.txt: file is 1.5 kB, over the limit of 1.0 kB; split it or raise --max-bytes"),
}


def test_each_kind_of_bad_input_is_reported_and_the_batch_goes_on(tmp_path, nlp):
    inputs = tmp_path / "in"
    for name, (content, _, _) in EDGE_CASES.items():
        write(inputs / name, content)
    write(inputs / "good.txt", COBALT)
    report = run_batch([inputs], tmp_path / "out", Options(max_bytes=1000))

    entries = by_source(tmp_path / "out")
    assert set(entries) == {*EDGE_CASES, "good.txt"}
    for name, (_, status, words) in EDGE_CASES.items():
        entry = entries[name]
        assert entry["status"] == status, name
        said = entry["reason"] if status == "failed" else " ".join(entry["warnings"])
        if words:
            assert words in said, (name, said)
        if status == "failed":
            assert entry["reason"].startswith(str(inputs / name)), "the reason names the file"
            assert not (tmp_path / "out" / ARTICLES / f"{Path(name).stem}.json").exists()
    malformed = Article.model_validate_json((tmp_path / "out" / ARTICLES / "malformed.json").read_text())
    assert "Indonesia banned nickel ore exports" in malformed.text and malformed.measures
    assert entries["good.txt"]["status"] == "ok" and entries["good.txt"]["measures"] >= 1
    assert report.counts["failed"] == 3 and report.exit_code == 1


def test_json_and_jsonl_inputs_with_a_bad_line_named_by_its_number(tmp_path, nlp):
    inputs = tmp_path / "in"
    write(inputs / "feed.jsonl", "\n".join([
        json.dumps({"doc_id": "cobalt", "text": COBALT, "published": "2025-06-21", "author": "desk"}),
        "",
        '{"text": "broken',
        json.dumps({"html": "<html><head><title>Gallium</title></head><body><article><p>" + GALLIUM
                    + "</p></article></body></html>", "url": "https://news.example/gallium"}),
        json.dumps({"text": COBALT, "publised": "2025-06-21"}),
        json.dumps(["not", "an", "object"]),
    ]) + "\n")
    write(inputs / "pair.json", json.dumps([{"text": GALLIUM, "title": "Gallium curbs"}, {"text": COBALT}]))
    run_batch([inputs], tmp_path / "out", Options(published=_date("2025-07-04")))

    entries = {Path(entry["source"]).name: entry for entry in run_json(tmp_path / "out")["inputs"]}
    assert {name: entry["status"] for name, entry in entries.items()} == {
        "feed.jsonl:1": "ok", "feed.jsonl:3": "failed", "feed.jsonl:4": "ok", "feed.jsonl:5": "failed",
        "feed.jsonl:6": "failed", "pair.json#1": "ok", "pair.json#2": "ok"}
    assert entries["feed.jsonl:3"]["reason"].startswith(f"{inputs / 'feed.jsonl'}:3: not valid JSON")
    assert entries["feed.jsonl:5"]["reason"].endswith("unknown key 'publised'; did you mean 'published'?")
    assert "expected a JSON object" in entries["feed.jsonl:6"]["reason"]
    assert [entries[name]["doc_id"] for name in ("feed.jsonl:1", "feed.jsonl:4", "pair.json#1", "pair.json#2")] == [
        "cobalt", "feed-4", "pair-1", "pair-2"]
    read = {name: json.loads((tmp_path / "out" / entries[name]["output"]).read_text())
            for name in ("feed.jsonl:1", "feed.jsonl:4", "pair.json#1")}
    assert read["feed.jsonl:1"]["published"] == "2025-06-21"  # its own date wins over --published
    assert read["feed.jsonl:4"]["published"] == "2025-07-04"  # --published fills the gap
    assert read["feed.jsonl:4"]["title"] == "Gallium" and read["pair.json#1"]["title"] == "Gallium curbs"
    assert read["feed.jsonl:4"]["source"] == f"{inputs / 'feed.jsonl'}:4"


def test_unreadable_file_is_reported(tmp_path):
    """Permissions do not bind root: as root, the batch runs without the capability to override them."""
    write(tmp_path / "in" / "locked.txt", COBALT).chmod(0)
    write(tmp_path / "in" / "open.txt", GALLIUM)
    command = [sys.executable, "-m", "extractor.cli", "run", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
               "--quiet"]
    if os.geteuid() == 0:
        capabilities = "-dac_override,-dac_read_search"
        command = ["setpriv", f"--inh-caps={capabilities}", f"--bounding-set={capabilities}", *command]
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=300)

    assert result.returncode == 1, result.stderr
    entries = by_source(tmp_path / "out")
    assert entries["open.txt"]["status"] == "ok"
    assert entries["locked.txt"]["status"] == "failed"
    assert entries["locked.txt"]["reason"] == (f"{tmp_path / 'in' / 'locked.txt'}: cannot be read "
                                               "(Permission denied); check its permissions")


def test_symlink_loops_end_and_are_reported(tmp_path, nlp):
    inputs = tmp_path / "in"
    write(inputs / "sub" / "cobalt.txt", COBALT)
    (inputs / "sub" / "back").symlink_to(inputs, target_is_directory=True)  # a folder loop
    (inputs / "a.txt").symlink_to(inputs / "b.txt")
    (inputs / "b.txt").symlink_to(inputs / "a.txt")  # a file loop
    run_batch([inputs], tmp_path / "out")

    entries = by_source(tmp_path / "out")
    assert entries["cobalt.txt"]["status"] == "ok"
    assert entries["back"]["status"] == "skipped" and "symbolic link loop" in entries["back"]["reason"]
    for name in ("a.txt", "b.txt"):
        assert entries[name]["status"] == "failed"
        assert entries[name]["reason"] == f"{inputs / name}: symbolic link loop; the link never reaches a file"


def test_two_inputs_with_the_same_doc_id_both_survive(tmp_path, nlp):
    inputs = tmp_path / "in"
    for name, text in (("a.txt", COBALT), ("b.txt", GALLIUM)):
        write(inputs / name, text)
        write(inputs / f"{Path(name).stem}.meta.json", json.dumps({"doc_id": "Minerals"}))
    write(inputs / "c.jsonl", json.dumps({"doc_id": "minerals", "text": COBALT}) + "\n")
    run_batch([inputs], tmp_path / "out")

    entries = run_json(tmp_path / "out")["inputs"]
    assert [(entry["doc_id"], entry["output"]) for entry in entries] == [
        ("Minerals", "articles/Minerals.json"), ("Minerals-2", "articles/Minerals-2.json"),
        ("minerals-3", "articles/minerals-3.json")]
    renamed = json.loads((tmp_path / "out" / "articles" / "Minerals-2.json").read_text())
    assert renamed["doc_id"] == "Minerals-2" and "GALLIUM" in renamed["text"].upper()
    assert any("already used by another input" in warning for warning in renamed["warnings"])


def test_doc_ids_with_path_parts_never_write_outside_the_output_folder(tmp_path, nlp):
    hostile = ["../../escaped", "/etc/passwd", "..", "a/b\\c", ".hidden", "x" * 300]
    write(tmp_path / "in" / "feed.jsonl",
          "".join(json.dumps({"doc_id": doc_id, "text": COBALT}) + "\n" for doc_id in hostile))
    out = tmp_path / "deep" / "out"
    run_batch([tmp_path / "in"], out)

    entries = run_json(out)["inputs"]
    assert [entry["status"] for entry in entries] == ["ok"] * len(hostile)
    assert [entry["doc_id"] for entry in entries] == hostile  # the ids are kept in the records
    files = sorted(path.relative_to(tmp_path) for path in tmp_path.rglob("*") if path.is_file())
    assert all(path.parts[:2] == ("deep", "out") or path.parts[0] == "in" for path in files)
    names = [Path(entry["output"]).name for entry in entries]
    assert names[:5] == ["escaped.json", "etc_passwd.json", "_.json", "a_b_c.json", "hidden.json"]
    assert len(names[5]) < 130 and all(not name.startswith(".") for name in names)


def test_exit_codes(tmp_path, nlp, capsys):
    write(tmp_path / "good" / "cobalt.txt", COBALT)
    write(tmp_path / "bad" / "binary.txt", b"\x00\x01")
    assert main(["run", str(tmp_path / "good"), "-o", str(tmp_path / "o1"), "--quiet"]) == 0
    assert main(["run", str(tmp_path / "good"), str(tmp_path / "bad"), "-o", str(tmp_path / "o2"), "--quiet"]) == 1
    assert main(["run", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "o3"), "--quiet"]) == 1
    assert "missing.txt: file not found" in capsys.readouterr().err
    for usage in (["--workers", "0"], ["--published", "08/11/2025"], ["--max-bytes", "lots"], ["--engine", "spark"],
                  ["--scheduler", "tcp://127.0.0.1:8786"]):
        assert main(["run", str(tmp_path / "good"), "-o", str(tmp_path / "o4"), *usage]) == 2
    write(tmp_path / "a-file", "")
    assert main(["run", str(tmp_path / "good"), "-o", str(tmp_path / "a-file")]) == 2
    assert "the output folder is a file" in capsys.readouterr().err
    assert main(["run"]) == 2


def test_the_summary_line_and_quiet(tmp_path, nlp, capsys):
    write(tmp_path / "in" / "cobalt.txt", COBALT)
    main(["run", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    measures = run_json(tmp_path / "out")["counts"]["measures"]
    assert capsys.readouterr().out == f"1 inputs: 1 ok, 0 skipped, 0 failed; {measures} measures -> {tmp_path / 'out'}\n"
    main(["run", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--quiet"])
    assert capsys.readouterr() == ("", "")


def test_progress_bar_on_a_terminal(tmp_path):
    """On a terminal, stderr shows a progress bar (a pseudo-terminal stands in for the user's)."""
    import fcntl
    import pty
    import struct
    import termios

    write(tmp_path / "in" / "cobalt.txt", COBALT)
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # 100 columns
    try:
        result = subprocess.run([sys.executable, "-m", "extractor.cli", "run", str(tmp_path / "in"), "-o",
                                 str(tmp_path / "out")], stderr=follower, stdout=subprocess.PIPE, cwd=REPO,
                                timeout=300)
        os.close(follower)
        seen = b""
        with __import__("contextlib").suppress(OSError):
            while chunk := os.read(leader, 4096):
                seen += chunk
    finally:
        os.close(leader)
    assert result.returncode == 0
    assert b"100%" in seen and b"1/1" in seen and b"article" in seen


# ---------------------------------------------------------------------------------------
# Re-runs, resuming after a kill, workers


def test_rerun_skips_unchanged_inputs_and_redoes_changed_ones(tmp_path, nlp):
    inputs = tmp_path / "in"
    write(inputs / "cobalt.txt", COBALT)
    write(inputs / "gallium.txt", GALLIUM)
    out = tmp_path / "out"
    run_batch([inputs], out)
    first = outputs(out)

    again = run_batch([inputs], out)
    assert [entry["status"] for entry in again.inputs] == ["skipped", "skipped"]
    assert again.counts["measures"] == run_json(out)["counts"]["measures"] > 0
    assert outputs(out) == first

    write(inputs / "gallium.txt", GALLIUM.replace("August 1", "September 1"))
    changed = run_batch([inputs], out)
    assert [entry["status"] for entry in changed.inputs] == ["skipped", "ok"]
    assert "September 1" in (out / ARTICLES / "gallium.json").read_text()

    forced = run_batch([inputs], out, Options(force=True))
    assert [entry["status"] for entry in forced.inputs] == ["ok", "ok"]

    (inputs / "cobalt.txt").unlink()  # an input no longer given leaves no article behind
    run_batch([inputs], out)
    assert sorted(path.name for path in (out / ARTICLES).iterdir()) == ["gallium.json"]
    assert {json.loads(line)["doc_id"] for line in (out / MEASURES).read_text().splitlines()} == {"gallium"}


def test_a_run_killed_and_restarted_ends_with_the_outputs_of_an_uninterrupted_run(articles, tmp_path):
    whole = tmp_path / "whole"
    assert cli("run", str(articles), "-o", str(whole), "--quiet").returncode == 0

    resumed = tmp_path / "resumed"
    process = subprocess.Popen([sys.executable, "-m", "extractor.cli", "run", str(articles), "-o", str(resumed),
                                "--quiet", "--batch-size", "1"], cwd=REPO)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list((resumed / ARTICLES).glob("*.json"))) < 3:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    done = len(list((resumed / ARTICLES).glob("*.json")))
    assert 3 <= done < len(run_json(whole)["inputs"]), "the run was killed part-way"
    assert not (resumed / RUN).exists()

    restarted = cli("run", str(articles), "-o", str(resumed), "--quiet")
    assert restarted.returncode == 0
    assert outputs(resumed) == outputs(whole)
    counts = run_json(resumed)["counts"]
    assert counts["skipped"] >= done - 1 and counts["ok"] + counts["skipped"] == counts["inputs"]
    assert (resumed / STATE).read_text() == (whole / STATE).read_text()


def test_two_workers_give_the_outputs_of_one(articles, tmp_path, nlp):
    one = run_batch([articles], tmp_path / "one", Options(batch_size=4))
    two = run_batch([articles], tmp_path / "two", Options(workers=2, batch_size=4))
    assert outputs(tmp_path / "one") == outputs(tmp_path / "two")
    assert [(e["source"], e["status"]) for e in one.inputs] == [(e["source"], e["status"]) for e in two.inputs]


def test_a_crash_inside_the_extraction_fails_one_input_only(tmp_path, nlp, monkeypatch):
    """Fault injection: the assembly step raises on one article of a batch."""
    import extractor.pipeline as pipeline

    real = pipeline.assemble_doc

    def assemble(doc, *args):
        if "POISON" in doc.text:
            raise RuntimeError("injected failure")
        return real(doc, *args)

    monkeypatch.setattr(pipeline, "assemble_doc", assemble)
    write(tmp_path / "in" / "a.txt", COBALT)
    write(tmp_path / "in" / "b.txt", "POISON " + COBALT)
    write(tmp_path / "in" / "c.txt", GALLIUM)
    report = run_batch([tmp_path / "in"], tmp_path / "out")
    assert [entry["status"] for entry in report.inputs] == ["ok", "failed", "ok"]
    assert report.inputs[1]["reason"] == (f"{tmp_path / 'in' / 'b.txt'}: extraction failed: "
                                          "RuntimeError: injected failure")
    assert report.exit_code == 1
