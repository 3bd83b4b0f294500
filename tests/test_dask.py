"""The Dask engine: the same outputs as the local engine, and no input lost when a worker dies.

The clusters are real ``dask.distributed`` LocalClusters of worker processes on loopback.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="the 'dask' extra is not installed")

from extractor.batch import Options, run_batch  # noqa: E402
from extractor.outputs import ARTICLES, MEASURES, RUN  # noqa: E402
from extractor.dask_engine import dask_engine  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def run_json(out_dir: Path) -> dict:
    return json.loads((out_dir / RUN).read_text(encoding="utf-8"))


def test_the_corpus_on_a_two_worker_cluster_gives_the_local_engines_outputs(tmp_path, nlp):
    local = run_batch([CORPUS], tmp_path / "local")
    on_dask = run_batch([CORPUS], tmp_path / "dask", engine=dask_engine(workers=2))

    assert sorted((tmp_path / "dask" / MEASURES).read_text().splitlines()) == sorted(
        (tmp_path / "local" / MEASURES).read_text().splitlines())
    assert on_dask.counts == local.counts and local.counts["ok"] >= 98
    statuses = [(entry["source"], entry["status"], entry["reason"]) for entry in run_json(tmp_path / "local")["inputs"]]
    assert [(entry["source"], entry["status"], entry["reason"])
            for entry in run_json(tmp_path / "dask")["inputs"]] == statuses
    for path in (tmp_path / "local" / ARTICLES).iterdir():
        assert (tmp_path / "dask" / ARTICLES / path.name).read_bytes() == path.read_bytes()


def test_failures_are_reported_the_same_way_on_the_cluster(tmp_path, nlp):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "binary.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "in" / "feed.jsonl").write_text('{"text": "Chile raised its copper export tax."}\n{"text": \n')
    local = run_batch([tmp_path / "in"], tmp_path / "local")
    on_dask = run_batch([tmp_path / "in"], tmp_path / "dask", engine=dask_engine(workers=1))
    assert on_dask.inputs == [{**entry, "seconds": on_dask.inputs[number].get("seconds")}
                              if "seconds" in entry else entry for number, entry in enumerate(local.inputs)]
    assert [entry["status"] for entry in on_dask.inputs] == ["failed", "ok", "failed"]


def test_a_worker_killed_mid_run_loses_no_input(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for path in sorted((CORPUS / "dev").glob("*.txt"))[:24]:
        shutil.copy(path, inputs / path.name)
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=None)
    killed = []
    try:
        with distributed.Client(cluster) as client:
            pids = client.run(os.getpid)

            def kill_a_worker(entry: dict, total: int) -> None:
                if not killed:  # after the first article is back, while the others are being extracted
                    victim = sorted(pids.values())[0]
                    os.kill(victim, signal.SIGKILL)
                    killed.append(victim)

            report = run_batch([inputs], tmp_path / "out", Options(batch_size=1),
                               engine=dask_engine(scheduler=cluster.scheduler_address), progress=kill_a_worker)
            assert set(client.run(os.getpid).values()) != set(pids.values()), "the nanny started a new worker"
    finally:
        cluster.close()

    assert killed
    sources = [entry["source"] for entry in run_json(tmp_path / "out")["inputs"]]
    assert sorted(sources) == sorted(str(path) for path in inputs.iterdir())  # each input once
    assert report.counts == {"inputs": 24, "ok": 24, "skipped": 0, "failed": 0,
                             "measures": report.counts["measures"]}
    assert len(list((tmp_path / "out" / ARTICLES).iterdir())) == 24
