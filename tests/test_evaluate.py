"""Scoring, gold loading, sample pairing and the floors logic, on small hand-built cases."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from extractor import evaluate, floors
from extractor.evaluate import (
    Counts, CorpusError, GoldError, Report, find_samples, format_diff, format_report, load_gold,
    score_document,
)
from extractor.schema import GoldFile, GoldMeasure, Measure, direction_of

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seed"


def rec(actor: str | None, action: str, instrument: str, **slots) -> GoldMeasure:
    """A gold record; ``slots`` are schema fields (partners as country codes for brevity)."""
    slots["partners"] = [{"country": c} for c in slots.get("partners", [])]
    slots["products"] = [{"id": p} for p in slots.get("products", [])]
    return GoldMeasure.model_validate({
        "actor": {"country": actor}, "action": {"type": action}, "instrument": {"type": instrument},
        "modality": "asserted", "historical": False, "evidence": {"text": "..."}, **slots})


def pred(actor: str | None, action: str, instrument: str, **slots) -> Measure:
    """A predicted record, as the pipeline emits it (direction and confidence required)."""
    gold = rec(actor, action, instrument, **slots).model_dump(exclude={"note"})
    gold["direction"] = direction_of(action, instrument)
    return Measure.model_validate({**gold, "id": "m", "confidence": 0.9})


A = ("CHN", "impose", "export_control")
B = ("USA", "increase", "tariff")
C = ("JPN", "lift", "export_ban")

# (case, gold, predicted, metric, expected counts)
SCORING_CASES = [
    ("perfect match", [rec(*A)], [pred(*A)], "measure", Counts(1, 0, 0)),
    ("missing record", [rec(*A), rec(*B)], [pred(*A)], "measure", Counts(1, 0, 1)),
    ("extra record", [rec(*A)], [pred(*A), pred(*B)], "measure", Counts(1, 1, 0)),
    ("wrong actor is a miss and an extra", [rec(*A)], [pred("USA", *A[1:])], "measure", Counts(0, 1, 1)),
    ("unknown actor is a value of its own", [rec(None, *A[1:])], [pred(None, *A[1:])], "measure", Counts(1, 0, 0)),
    ("duplicates merge", [rec(*A), rec(*A)], [pred(*A), pred(*A), pred(*A)], "measure", Counts(1, 0, 0)),
    ("merged slots are unioned",
     [rec(*A, partners=["USA"]), rec(*A, partners=["JPN"])],
     [pred(*A, partners=["USA", "JPN"]), pred(*A, partners=["USA"])], "slot.partners", Counts(2, 0, 0)),
    ("hypothetical dropped on both sides",
     [rec(*A), rec(*B, modality="hypothetical")], [pred(*A), pred(*B, modality="hypothetical")],
     "measure", Counts(1, 0, 0)),
    ("negated prediction dropped", [rec(*A)], [pred(*A), pred(*B, modality="negated")], "measure", Counts(1, 0, 0)),
    ("gold hypothetical emitted as factual is an extra",
     [rec(*B, modality="hypothetical")], [pred(*B)], "measure", Counts(0, 1, 0)),
    ("product ids outside the vocabulary ignored",
     [rec(*A, products=["rare_earths", None])], [pred(*A, products=["rare_earths", "made_up_metal"])],
     "product", Counts(1, 0, 0)),
    ("wrong product id", [rec(*A, products=["gallium"])], [pred(*A, products=["germanium"])],
     "product", Counts(0, 1, 1)),
    ("product tuple carries the measure", [rec(*A, products=["gallium"])], [pred(*C, products=["gallium"])],
     "product", Counts(0, 1, 1)),
    ("lenient: tariff and trade remedy group", [rec("USA", "impose", "tariff")],
     [pred("USA", "increase", "trade_remedy")], "lenient", Counts(1, 0, 0)),
    ("lenient: export types group", [rec("CHN", "impose", "export_ban")],
     [pred("CHN", "impose", "export_quota")], "lenient", Counts(1, 0, 0)),
    ("lenient: quota direction inverts", [rec("IND", "reduce", "import_quota")],
     [pred("IND", "impose", "import_ban")], "lenient", Counts(1, 0, 0)),
    ("lenient: direction must agree", [rec("CHN", "impose", "export_ban")],
     [pred("CHN", "lift", "export_control")], "lenient", Counts(0, 1, 1)),
    ("lenient: other types stand alone", [rec("USA", "impose", "entity_list")],
     [pred("USA", "impose", "sanction")], "lenient", Counts(0, 1, 1)),
    ("lenient: gold direction given is used", [rec("CHN", "ease", "export_ban", direction="restrictive")],
     [pred("CHN", "impose", "export_ban")], "lenient", Counts(1, 0, 0)),
    ("number tolerance", [rec(*B, magnitudes=[{"value": 300000000, "unit": "USD", "kind": "coverage"}])],
     [pred(*B, magnitudes=[{"value": 3e8, "unit": "USD", "kind": "coverage"}])], "slot.magnitudes", Counts(1, 0, 0)),
    ("float noise within tolerance", [rec(*B, magnitudes=[{"value": 0.3, "unit": "percent", "kind": "rate"}])],
     [pred(*B, magnitudes=[{"value": 0.1 + 0.2, "unit": "percent", "kind": "rate"}])], "slot.magnitudes", Counts(1, 0, 0)),
    ("different numbers differ", [rec(*B, magnitudes=[{"value": 25, "unit": "percent", "kind": "rate"}])],
     [pred(*B, magnitudes=[{"value": 25.1, "unit": "percent", "kind": "rate"}])], "slot.magnitudes", Counts(0, 1, 1)),
    ("unit matters", [rec(*B, magnitudes=[{"value": 10, "unit": "percent", "kind": "change"}])],
     [pred(*B, magnitudes=[{"value": 10, "unit": "percentage_point", "kind": "change"}])], "slot.magnitudes", Counts(0, 1, 1)),
    ("slots only on matched tuples",
     [rec(*A, dates=[{"role": "effective", "value": "2025-10-09"}]), rec(*B, dates=[{"role": "announced", "value": "2025-11"}])],
     [pred(*A, dates=[{"role": "effective", "value": "2025-10-09"}]), pred(*C, dates=[{"role": "until", "value": "2026"}])],
     "slot.dates", Counts(1, 0, 0)),
    ("date role matters", [rec(*A, dates=[{"role": "effective", "value": "2025-10-09"}])],
     [pred(*A, dates=[{"role": "announced", "value": "2025-10-09"}])], "slot.dates", Counts(0, 1, 1)),
    ("duration", [rec(*A, duration={"value": "P1Y"})], [pred(*A, duration={"value": "P12M"})],
     "slot.duration", Counts(0, 1, 1)),
    ("no duration on either side", [rec(*A)], [pred(*A)], "slot.duration", Counts(0, 0, 0)),
    ("historical is the set of flags", [rec(*A, historical=True), rec(*A)], [pred(*A, historical=True)],
     "slot.historical", Counts(1, 0, 1)),
    ("unknown partner country not scored", [rec(*A, partners=["USA"])], [pred(*A, partners=["USA", None])],
     "slot.partners", Counts(1, 0, 0)),
]


@pytest.mark.parametrize("gold, predicted, metric, expected",
                         [case[1:] for case in SCORING_CASES], ids=[case[0] for case in SCORING_CASES])
def test_scoring_counts(gold, predicted, metric, expected):
    assert score_document(gold, predicted).counts[metric] == expected


# (case, gold, predicted, expected tuples emitted as factual)
HYPOTHETICAL_CASES = [
    ("hypothetical emitted as factual", [rec(*B, modality="hypothetical")], [pred(*B)], [B]),
    ("negated emitted as factual", [rec(*B, modality="negated")], [pred(*B, modality="planned")], [B]),
    ("hypothetical kept hypothetical", [rec(*B, modality="hypothetical")], [pred(*B, modality="hypothetical")], []),
    ("gold also has it as factual", [rec(*B, modality="hypothetical"), rec(*B)], [pred(*B)], []),
    ("counted once per tuple", [rec(*B, modality="hypothetical"), rec(*B, modality="negated")],
     [pred(*B), pred(*B)], [B]),
    ("other tuple not counted", [rec(*B, modality="hypothetical")], [pred(*A)], []),
]


@pytest.mark.parametrize("gold, predicted, expected",
                         [case[1:] for case in HYPOTHETICAL_CASES], ids=[case[0] for case in HYPOTHETICAL_CASES])
def test_hypothetical_as_factual(gold, predicted, expected):
    assert score_document(gold, predicted).hypothetical_as_factual == expected


# (case, gold modalities, predicted modalities, correct)
MODALITY_CASES = [
    ("same", ["asserted"], ["asserted"], True),
    ("different", ["planned"], ["asserted"], False),
    ("same set, different counts", ["planned", "asserted"], ["asserted", "planned", "planned"], True),
    ("one mention missing its modality", ["planned", "asserted"], ["asserted"], False),
    ("hypothetical mention does not count", ["agreed"], ["agreed", "hypothetical"], True),
]


@pytest.mark.parametrize("gold, predicted, correct",
                         [case[1:] for case in MODALITY_CASES], ids=[case[0] for case in MODALITY_CASES])
def test_modality_compares_sets_of_merged_records(gold, predicted, correct):
    score = score_document([rec(*A, modality=m) for m in gold], [pred(*A, modality=m) for m in predicted])
    assert (score.modality_correct, score.modality_total) == (int(correct), 1)
    assert any(w.slot == "modality" for w in score.wrong_slots) is not correct


def test_details_name_missing_extra_and_wrong_slots():
    gold = [rec(*A, partners=["USA"]), rec(*B)]
    score = score_document(gold, [pred(*A, partners=["JPN"]), pred(*C)], doc_id="d1")
    assert score.missing == [B] and score.extra == [C]
    [wrong] = score.wrong_slots
    assert (wrong.tuple, wrong.slot, wrong.gold, wrong.predicted) == (A, "partners", ["USA"], ["JPN"])
    diff = format_diff(Report([score]))
    assert "missing  USA/increase/tariff" in diff and "extra    JPN/lift/export_ban" in diff
    assert "CHN/impose/export_control partners: gold ['USA'] predicted ['JPN']" in diff


def test_report_micro_averages_documents():
    report = Report([score_document([rec(*A)], [pred(*A)]),
                     score_document([rec(*A), rec(*B), rec(*C)], [pred(*A)])])
    assert report.totals()["measure"] == Counts(2, 0, 2)
    headline = report.headline()
    assert headline["measure.precision"] == 1.0 and headline["measure.recall"] == 0.5
    assert headline["measure.f1"] == pytest.approx(2 / 3)
    json.dumps(report.to_dict())
    assert "measure" in format_report(report)


@pytest.mark.parametrize("counts, expected", [
    (Counts(0, 0, 0), (1.0, 1.0, 1.0)),   # nothing to find, nothing found
    (Counts(0, 0, 3), (0.0, 0.0, 0.0)),   # nothing found
    (Counts(0, 2, 0), (0.0, 0.0, 0.0)),   # nothing to find, something found
    (Counts(1, 1, 2), (0.5, 1 / 3, 0.4)),
])
def test_precision_recall_f1(counts, expected):
    assert (counts.precision, counts.recall, counts.f1) == pytest.approx(expected)


@pytest.mark.skipif(not SEED.is_dir(), reason="shared/seed is not beside the repository")
def test_seed_gold_against_itself_scores_one_everywhere():
    gold = load_gold(SEED / "seed-article.gold.json")
    headline = Report([score_document(gold.measures, gold.measures)]).headline()
    assert headline.pop("hypothetical_as_factual") == 0
    assert headline == {name: 1.0 for name in headline}
    assert len(headline) == 11


# -- load_gold ---------------------------------------------------------------------------

def _good_gold() -> dict:
    return {"doc_id": "x", "published": "2025-11-08", "measures": [
        {"actor": {"country": "CHN"}, "action": {"type": "impose"}, "instrument": {"type": "export_ban"},
         "modality": "asserted", "historical": False, "evidence": {"text": "China banned exports."}}]}


def _broken(edit) -> dict:
    gold = _good_gold()
    edit(gold)
    return gold


BAD_GOLD = [
    ("bad action", lambda g: g["measures"][0]["action"].update(type="impose_more"),
     "measures[0].action.type: Input should be 'impose'"),
    ("missing historical", lambda g: g["measures"][0].pop("historical"), "measures[0].historical: Field required"),
    ("unknown key", lambda g: g["measures"][0].update(colour="red"), "measures[0].colour: Extra inputs are not permitted"),
    ("bad date", lambda g: g.update(published="8 Nov 2025"), "published: String should match pattern"),
    ("magnitude without unit", lambda g: g["measures"][0].update(magnitudes=[{"value": 1, "kind": "rate"}]),
     "measures[0].magnitudes[0].unit: Field required"),
    ("no doc_id", lambda g: g.pop("doc_id"), "doc_id: Field required"),
]


@pytest.mark.parametrize("edit, expected", [c[1:] for c in BAD_GOLD], ids=[c[0] for c in BAD_GOLD])
def test_load_gold_names_file_and_field(tmp_path, edit, expected):
    path = tmp_path / "x.gold.json"
    path.write_text(json.dumps(_broken(edit)))
    with pytest.raises(GoldError) as error:
        load_gold(path)
    assert str(error.value).startswith(f"{path}: ")
    assert expected in str(error.value)


def test_load_gold_reports_json_syntax_position(tmp_path):
    path = tmp_path / "x.gold.json"
    path.write_text('{"doc_id": "x",\n "measures": [,]}')
    with pytest.raises(GoldError, match=r"x\.gold\.json:2:\d+: invalid JSON"):
        load_gold(path)


def test_load_gold_accepts_a_valid_file(tmp_path):
    path = tmp_path / "x.gold.json"
    path.write_text(json.dumps(_good_gold()))
    assert isinstance(load_gold(path), GoldFile)


# -- find_samples ------------------------------------------------------------------------

def _files(root: Path, *names: str) -> Path:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("{}" if name.endswith(".json") else "text")
    return root


def test_find_samples_pairs_recursively(tmp_path):
    _files(tmp_path, "a.gold.json", "a.txt", "sub/b.gold.json", "sub/b.html", "c.gold.json", "c.htm", "README.md")
    samples = find_samples(tmp_path)
    assert [(s.name, s.article_path.name) for s in samples] == [("a", "a.txt"), ("c", "c.htm"), ("b", "b.html")]
    assert samples[2].gold_path == tmp_path / "sub" / "b.gold.json"


@pytest.mark.parametrize("names, expected", [
    (["a.gold.json"], "a.gold.json: no article beside it"),
    (["a.gold.json", "a.txt", "b.html"], "b.html: no gold file (b.gold.json)"),
    (["a.gold.json", "a.txt", "a.html"], "a.gold.json: several articles"),
    ([], "no *.gold.json files"),
])
def test_find_samples_pairing_errors(tmp_path, names, expected):
    _files(tmp_path, *names)
    with pytest.raises(CorpusError, match=re.escape(expected)):
        find_samples(tmp_path)


def test_find_samples_missing_folder(tmp_path):
    with pytest.raises(CorpusError, match="not a folder"):
        find_samples(tmp_path / "nowhere")


# -- evaluate_corpus and the command -----------------------------------------------------

def test_invalid_gold_files_are_all_listed_before_extraction(tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text("text")
        (tmp_path / f"{name}.gold.json").write_text(json.dumps(_broken(lambda g: g.pop("measures"))))

    def never(document):
        raise AssertionError("the extractor ran before the gold files were validated")

    with pytest.raises(GoldError) as error:
        evaluate.evaluate_corpus(tmp_path, extract=never)
    assert [line.split(":")[0] for line in str(error.value).splitlines()] == [
        str(tmp_path / "a.gold.json"), str(tmp_path / "b.gold.json")]


def test_main_exits_2_on_bad_input(tmp_path, capsys):
    _files(tmp_path, "a.gold.json")
    assert evaluate.main([str(tmp_path)]) == 2
    assert "a.gold.json: no article beside it" in capsys.readouterr().err


@pytest.mark.skipif(not SEED.is_dir(), reason="shared/seed is not beside the repository")
def test_evaluate_corpus_with_gold_as_predictions(tmp_path):
    pytest.importorskip("extractor.ingest", reason="the ingest stage is not in the tree yet")
    shutil.copy(SEED / "seed-article.txt", tmp_path / "seed-article.txt")
    shutil.copy(SEED / "seed-article.gold.json", tmp_path / "seed-article.gold.json")
    gold = load_gold(tmp_path / "seed-article.gold.json")
    anchors = []

    def extract(document):
        anchors.append(str(document.published))
        return gold

    report = evaluate.evaluate_corpus(tmp_path, extract=extract)
    assert anchors == ["2025-11-08"]
    assert report.headline()["measure.f1"] == 1.0 and report.hypothetical_as_factual == 0


# -- floors ------------------------------------------------------------------------------

class FakeReport:
    def __init__(self, metrics: dict[str, float]):
        self.metrics = metrics

    def headline(self) -> dict[str, float]:
        return dict(self.metrics)


@pytest.fixture
def gate(tmp_path, monkeypatch):
    """A tiny corpus, a floors path, and ``measured[split]`` standing in for evaluation."""
    corpus = _files(tmp_path / "corpus", "dev/a.txt", "test/b.txt")
    measured = {"dev": {"measure.f1": 0.8129, "hypothetical_as_factual": 0},
                "test": {"measure.f1": 0.7, "hypothetical_as_factual": 1}}
    monkeypatch.setattr(evaluate, "evaluate_corpus", lambda path: FakeReport(measured[Path(path).name]))
    path = tmp_path / "floors.json"
    run = lambda *flags: floors.main(["--corpus", str(corpus), "--floors", str(path), *flags])
    return corpus, measured, path, run


def test_floors_first_run_writes_rounded_down_values(gate):
    corpus, _, path, run = gate
    assert run() == 0
    written = json.loads(path.read_text())
    assert written["metrics"]["dev"] == {"measure.f1": 0.812, "hypothetical_as_factual": 0}
    assert written["corpus_sha256"] == floors.corpus_sha256(corpus)


@pytest.mark.parametrize("split, metric, value", [
    ("dev", "measure.f1", 0.8),
    ("test", "hypothetical_as_factual", 2),  # a ceiling going up loosens the gate
])
def test_floors_refuse_to_loosen_without_flag(gate, capsys, split, metric, value):
    _, measured, path, run = gate
    run()
    before = path.read_text()
    measured[split][metric] = value
    assert run() == 1
    assert path.read_text() == before
    assert f"{split} {metric}:" in capsys.readouterr().err
    assert run("--allow-lower") == 0
    assert json.loads(path.read_text())["metrics"][split][metric] == value


def test_floors_raise_without_flag(gate):
    _, measured, path, run = gate
    run()
    measured["dev"]["measure.f1"] = 0.9
    measured["test"]["hypothetical_as_factual"] = 0
    assert run() == 0
    assert json.loads(path.read_text())["metrics"]["dev"]["measure.f1"] == 0.9
    assert json.loads(path.read_text())["metrics"]["test"]["hypothetical_as_factual"] == 0


def test_floors_detect_corpus_change(gate, capsys):
    corpus, _, path, run = gate
    run()
    old_hash = json.loads(path.read_text())["corpus_sha256"]
    (corpus / "dev" / "a.txt").write_text("edited")
    assert floors.corpus_sha256(corpus) != old_hash
    assert run() == 0
    assert "corpus changed" in capsys.readouterr().out
    assert json.loads(path.read_text())["corpus_sha256"] == floors.corpus_sha256(corpus)


def test_corpus_hash_covers_paths(tmp_path):
    corpus = _files(tmp_path, "dev/a.txt")
    before = floors.corpus_sha256(corpus)
    (corpus / "dev" / "a.txt").rename(corpus / "dev" / "b.txt")
    assert floors.corpus_sha256(corpus) != before


@pytest.mark.parametrize("measured, expected", [
    ({"dev": {"measure.f1": 0.5, "hypothetical_as_factual": 0}}, []),
    ({"dev": {"measure.f1": 0.4999, "hypothetical_as_factual": 0}}, ["dev measure.f1: 0.5 -> 0.4999"]),
    ({"dev": {"measure.f1": 0.6, "hypothetical_as_factual": 1}}, ["dev hypothetical_as_factual: 0 -> 1 (a ceiling)"]),
    ({"dev": {"hypothetical_as_factual": 0}}, ["dev measure.f1: 0.5 -> (not measured)"]),
])
def test_regressions(measured, expected):
    assert floors.regressions({"dev": {"measure.f1": 0.5, "hypothetical_as_factual": 0}}, measured) == expected


@pytest.mark.parametrize("value, floor", [(0.8129, 0.812), (0.123, 0.123), (1.0, 1.0), (0.0, 0.0), (0.99999, 0.999)])
def test_floor_rounds_down_to_three_decimals(value, floor):
    assert floors.to_floor("measure.f1", value) == floor
