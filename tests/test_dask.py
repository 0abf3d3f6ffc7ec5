"""Dask: the same pages, byte for byte, from a LocalCluster of two worker processes (issue 11).

Two seed-sized stories go to the workers whole; a third, bigger one is built by
this process with its sentences' encoding spread over the workers (the path a
story of hundreds of sources takes on a real cluster), forced here by a low
``large_story_sentences``. Kept small: the cluster starts in a few seconds and
each worker loads the model once.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.pipeline import BuildReport, build_pages
from generator.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEED_STORY = ROOT / "seeds" / "met-police-firearms-officers"
TEMPLATES = ROOT / "templates"

distributed = pytest.importorskip("distributed")


def _seeds(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEED_STORY, seeds / "met-police-firearms-officers")
    files = sorted(SEED_STORY.glob("*.txt"))
    for name, chosen in (("two-sources", files[:2]), ("three-sources", files[2:])):
        (seeds / name).mkdir()
        for path in chosen:
            shutil.copy(path, seeds / name / path.name)
    return seeds


def test_local_cluster_gives_the_pages_of_a_local_run(tmp_path: Path) -> None:
    seeds = _seeds(tmp_path)
    settings = Settings()
    local = build_pages(seeds, TEMPLATES, settings)
    report = BuildReport()
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        with distributed.get_task_stream(client) as tasks:
            spread = build_pages(seeds, TEMPLATES, settings, executor=client.get_executor(), report=report,
                                 cache_dir=tmp_path / "cache", large_story_sentences=80)
    names = sorted({str(task["key"]).split("-")[0] for task in tasks.data})
    assert names == ["build_story_cached", "encode_alone"], names  # whole stories, and encoding chunks
    assert sorted(report.computed) == ["met-police-firearms-officers", "three-sources", "two-sources"]
    assert spread == local
    assert sorted(path.name for path in (tmp_path / "cache" / "embeddings").iterdir()) == [
        "met-police-firearms-officers.npz", "three-sources.npz", "two-sources.npz"]
