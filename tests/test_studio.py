"""bitext studio against a real Label Studio server started once for the test session.

The first run migrates an empty data dir (~35-80 s) and keeps a copy in pytest's cache; later
sessions start from the copy (~5 s).
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import httpx
import pytest

from bitext.errors import StudioError
from bitext.records import Entity, Finding, PairReport
from bitext.studio import agreement as agr
from bitext.studio import server
from bitext.studio.config import load_config, validate_prediction
from bitext.studio.export import bio, export
from bitext.studio.pull import load_pulled, pull
from bitext.studio.tasks import build_task, push, read_pairs, task_key

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_8326cda90e95f37e.txt"


# ---------------------------------------------------------------- seed pairs (hand-paired)

def _paragraph_after(lines: list[str], heading: str) -> str:
    i = lines.index(heading)
    return next(line for line in lines[i + 1:] if line.strip())


def seed_pairs() -> list[PairReport]:
    """Seed 000's abstract: Özet and Abstract split at sentence ends, paired 1-1 by hand
    (checked: 16 sentences each, in the same order)."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    split = re.compile(r"(?<=\.) ")
    tr = split.split(_paragraph_after(lines, "Özet").strip())
    en = split.split(_paragraph_after(lines, "Abstract").strip())
    assert len(tr) == len(en) == 16
    out = []
    for i, (s, t) in enumerate(zip(tr, en)):
        ents = tuple(_names(s, "tr")), tuple(_names(t, "en"))
        out.append(PairReport(src=s, tgt=t, score=0.1, severity="ok", doc="000_seed", index=i,
                              src_entities=ents[0], tgt_entities=ents[1]))
    return out


_NAMES = {"tr": {"NATO": "ORG", "AGİT": "ORG", "Türkiye": "GPE", "Ermenistan": "GPE",
                 "Ukrayna": "GPE", "Kırım": "GPE", "Türk": "NORP", "BM": "ORG", "1997": "DATE"},
          "en": {"NATO": "ORG", "OSCE": "ORG", "Türkiye": "GPE", "Armenia": "GPE", "Ukraine": "GPE",
                 "Crimea": "GPE", "Turkic": "NORP", "UN": "ORG", "1997": "DATE"}}


def _names(text: str, lang: str) -> list[Entity]:
    found = []
    for name, label in _NAMES[lang].items():
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?![^\W'’])", text):
            found.append(Entity(text=name, label=label, start=m.start(), end=m.end(), source="hand"))
    return sorted(found, key=lambda e: e.start)


# ---------------------------------------------------------------- fast tests (no server)

def test_config_is_valid_and_complete():
    xml = load_config()
    assert 'name="stance"' in xml and 'name="comment"' in xml


def test_invalid_predictions_are_caught():
    xml = load_config()
    rec = seed_pairs()[5]  # "Ukrayna ve Kırım'daki gelişmeler ..."
    task = build_task(rec, target="t")
    validate_prediction(xml, task["predictions"][0], task["data"], "ok")
    bad = json.loads(json.dumps(task))
    bad["predictions"][0]["result"][0]["value"]["end"] += 1
    with pytest.raises(StudioError, match=r"text\[0:8\]"):
        validate_prediction(xml, bad["predictions"][0], bad["data"], "seed pair 5")
    bad = json.loads(json.dumps(task))
    bad["predictions"][0]["result"][0]["value"]["labels"] = ["COUNTRY"]
    with pytest.raises(StudioError, match="Invalid value"):
        validate_prediction(xml, bad["predictions"][0], bad["data"], "seed pair 5")


def test_bio_splits_turkish_apostrophe_suffix():
    text = "Ukrayna ve Kırım'daki gelişmeler İstanbul Okan Üniversitesi'nde"
    org = text.index("İstanbul")
    spans = [{"start": 0, "end": 7, "label": "GPE"}, {"start": 11, "end": 16, "label": "GPE"},
             {"start": org, "end": org + len("İstanbul Okan Üniversitesi"), "label": "ORG"}]
    assert bio(text, spans) == [
        ("Ukrayna", "B-GPE"), ("ve", "O"), ("Kırım", "B-GPE"), ("'daki", "O"), ("gelişmeler", "O"),
        ("İstanbul", "B-ORG"), ("Okan", "I-ORG"), ("Üniversitesi", "I-ORG"), ("'nde", "O")]


def test_kappa_and_alpha_known_values():
    from sklearn.metrics import cohen_kappa_score
    a = ["FAVOR", "FAVOR", "NONE", "AGAINST", "NONE", "FAVOR", "NONE", "NONE"]
    b = ["FAVOR", "NONE", "NONE", "AGAINST", "NONE", "FAVOR", "FAVOR", "NONE"]
    assert agr.cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b))
    # Krippendorff (2011), "Computing Krippendorff's alpha", nominal example with missing data: 0.743
    units = [[1, 1, None, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2],
             [1, 2, 3, 4], [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [None, 5, 5, 5],
             [None, None, 1, 1], [None, None, 3, None]]
    assert agr.krippendorff_alpha(units) == pytest.approx(0.743, abs=0.001)


def test_read_pairs_from_jsonl_and_tmx(tmp_path):
    rec = seed_pairs()[0]
    (tmp_path / "a.jsonl").write_text(json.dumps(
        {"translation": {"tr": rec.src, "en": rec.tgt}, "src_idx": [0], "tgt_idx": [0],
         "score": 0.9, "doc": "000_seed", "kind": "abstract"}, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "b.tmx").write_text(
        '<?xml version="1.0"?><tmx version="1.4"><header srclang="tr"/><body><tu>'
        f'<tuv xml:lang="tr"><seg>{rec.src}</seg></tuv><tuv xml:lang="en-US"><seg>{rec.tgt}</seg></tuv>'
        '</tu></body></tmx>', encoding="utf-8")
    a, = read_pairs(tmp_path / "a.jsonl")
    b, = read_pairs(tmp_path / "b.tmx")
    assert (a.src, a.tgt, a.doc, a.severity) == (b.src, b.tgt, "000_seed", "")  # "": not checked yet
    assert task_key(a) == task_key(PairReport(src=rec.src, tgt=rec.tgt, score=0, severity="ok", doc="000_seed"))


def test_read_pairs_folder_prefers_checker_records(tmp_path):
    from bitext.records import to_dict
    rec = seed_pairs()[5]
    (tmp_path / "000_seed.jsonl").write_text(json.dumps(
        {"translation": {"tr": rec.src, "en": rec.tgt}, "doc": "000_seed"}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    checked = PairReport(src=rec.src, tgt=rec.tgt, score=0.4, severity="minor", doc="000_seed", index=5,
                         findings=(Finding("DEL", "minor", "'hale gelen' is missing", "semantic"),),
                         src_entities=rec.src_entities)
    (tmp_path / "000_seed.check.jsonl").write_text(json.dumps(to_dict(checked), ensure_ascii=False) + "\n",
                                                   encoding="utf-8")
    got, = read_pairs(tmp_path)
    assert got == checked
    task = build_task(got, target="t")
    assert {"from_name": "issues", "to_name": "en", "type": "choices", "id": "issues",
            "value": {"choices": ["DEL"]}} in task["predictions"][0]["result"]


def test_run_output_is_pushed_with_entities_on_both_sides():
    """bitext run's checker records carry no entities: push recognises them before building tasks."""
    from bitext.studio.tasks import analyse
    recs = analyse(read_pairs(Path(__file__).parents[1] / "alignments"))
    assert len(recs) == 21
    task = build_task(next(r for r in recs if "AGİT" in r.src), target="t")
    regions = task["predictions"][0]["result"]
    assert {"tr_entities", "en_entities"} <= {r["from_name"] for r in regions}
    assert "entities=offline" in task["predictions"][0]["model_version"]
    for r in regions:
        if r["type"] == "labels":
            text = task["data"][r["to_name"]]
            assert text[r["value"]["start"]:r["value"]["end"]] == r["value"]["text"]


# ---------------------------------------------------------------- the real server

@pytest.fixture(scope="session")
def studio(tmp_path_factory, request):
    """A real Label Studio for the session: data dir from a cached initialised copy, free port."""
    saved = {k: os.environ.pop(k, None) for k in ("LABEL_STUDIO_URL", "LABEL_STUDIO_API_KEY")}
    old_data = os.environ.get("BITEXT_DATA")
    data = tmp_path_factory.mktemp("bitext-data")
    os.environ["BITEXT_DATA"] = str(data)
    template = Path(request.config.cache.mkdir("bitext-studio-template")) / "studio"
    if (template / "data" / "label_studio.sqlite3").exists():
        shutil.copytree(template, data / "studio")
    state = server.up()
    if not template.exists():
        server.down()
        shutil.copytree(data / "studio", template, ignore=shutil.ignore_patterns("server.*"))
        state = server.up()
    yield state
    server.down()
    os.environ.pop("BITEXT_DATA")
    if old_data is not None:
        os.environ["BITEXT_DATA"] = old_data
    for k, v in saved.items():
        if v is not None:
            os.environ[k] = v


@pytest.fixture(scope="session")
def client(studio):
    return server.connect()


def _annotator(url: str, email: str) -> str:
    """Sign up a second annotator through the organisation's invite link; return their token."""
    link = httpx.get(f"{url}/api/invite", headers={"Authorization": f"Token {server.api_token()}"}).json()["invite_url"]
    with httpx.Client(base_url=url) as web:
        web.get(link)
        web.post(link, data={"email": email, "password": "annotator-pass-1",
                             "csrfmiddlewaretoken": web.cookies.get("csrftoken")},
                 headers={"Referer": f"{url}{link}"})
        return web.get("/api/current-user/token").json()["token"]


def _result(task) -> list[dict]:
    pred = task.predictions[0]
    return pred["result"] if isinstance(pred, dict) else pred.result


def _annotate(ls, task, stance: str, issues: list[str], drop_entity: bool) -> None:
    result = [r for r in _result(task) if r["from_name"].endswith("_entities")]
    if drop_entity and result:
        result = result[1:]
    result.append({"from_name": "stance", "to_name": "tr", "type": "choices", "value": {"choices": [stance]}})
    if issues:
        result.append({"from_name": "issues", "to_name": "en", "type": "choices", "value": {"choices": issues}})
    result.append({"from_name": "comment", "to_name": "tr", "type": "textarea", "value": {"text": ["ok"]}})
    ls.annotations.create(task.id, result=result, lead_time=3.0)


STANCE_A = ["FAVOR", "NONE", "FAVOR", "FAVOR", "FAVOR", "FAVOR", "AGAINST", "AGAINST",
            "AGAINST", "AGAINST", "NONE", "AGAINST", "AGAINST", "AGAINST", "NONE", "FAVOR"]


@pytest.mark.slow
def test_end_to_end_push_annotate_pull_export_agree_learn(studio, client, tmp_path):
    from label_studio_sdk import LabelStudio

    from bitext.studio.learn import learn
    pairs = seed_pairs()
    first = push(client, pairs, project="e2e seeds", batch=8, progress=False)
    assert (first.created, first.skipped) == (16, 0) and "entities=hand" in first.model_version
    again = push(client, pairs, project="e2e seeds", progress=False)
    assert (again.created, again.skipped) == (0, 16)

    second = LabelStudio(base_url=studio.url, api_key=_annotator(studio.url, "ann2@bitext.local"))
    tasks = sorted(client.tasks.list(project=first.project, fields="all", page_size=100),
                   key=lambda t: t.data["index"])
    assert len(tasks) == 16
    for t in tasks:
        i = t.data["index"]
        _annotate(client, t, STANCE_A[i], ["DEL"] if i == 13 else [], drop_entity=False)
        other = STANCE_A[i] if i % 4 else "NONE"  # stance differs on tasks 0, 4, 8, 12
        _annotate(second, t, other, ["DEL", "MEAN"] if i in (13, 7) else [], drop_entity=(i == 5))

    pulled = pull(client, "e2e seeds", out_dir=tmp_path / "pulled")
    assert (pulled.tasks, pulled.annotations, pulled.unchanged) == (16, 32, False)
    assert pull(client, "e2e seeds", out_dir=tmp_path / "pulled").unchanged
    rows = load_pulled(pulled.path)
    assert {a["annotator"] for a in rows[0]["annotations"]} == {"admin@bitext.local", "ann2@bitext.local"}

    conll = export(rows, "conll", tmp_path / "export")
    tr_text = conll.paths[0].read_text(encoding="utf-8")
    assert "Kırım B-GPE\n'daki O" in tr_text.replace(" -X- _ ", " ")
    assert "Crimea -X- _ B-GPE" in conll.paths[1].read_text(encoding="utf-8")
    line = json.loads(export(rows, "jsonl", tmp_path / "export").paths[0].read_text(encoding="utf-8").splitlines()[0])
    assert line["stance"] in ("FAVOR", "AGAINST", "NONE") and "tr" in line["translation"]
    assert len(export(rows, "spacy", tmp_path / "export").paths) == 2

    ag = agr.agreement(rows)
    assert ag.measure == "Cohen's kappa" and ag.tasks == 16
    assert 0.4 < ag.stance < 1.0
    assert ag.spans["all"].f1("exact") < 1.0 and ag.spans["tr:ORG"].f1("exact") == 1.0
    assert {d["index"] for d in ag.disagreements} == {0, 4, 5, 7, 8, 12, 13}

    res = learn(rows)
    assert res.n == 16 and res.folds >= 2 and res.path.exists()
    learned = push(client, pairs[:3], project="e2e learned", progress=False)
    assert "stance=tfidf-char-lr-n16" in learned.model_version
    task = next(iter(client.tasks.list(project=learned.project, fields="all")))
    assert any(r["from_name"] == "stance" for r in _result(task))
    # the annotated project's tasks get the learnt model's prediction beside the first one, once
    refreshed = push(client, pairs, project="e2e seeds", progress=False)
    assert (refreshed.created, refreshed.skipped, refreshed.updated) == (0, 16, 16)
    assert push(client, pairs, project="e2e seeds", progress=False).updated == 0
    task = client.tasks.get(tasks[0].id)
    versions = sorted(p["model_version"] if isinstance(p, dict) else p.model_version for p in task.predictions)
    assert len(versions) == 2 and "stance=tfidf-char-lr-n16" in versions[-1]
    assert len(load_pulled(pull(client, "e2e seeds", out_dir=tmp_path / "pulled").path)) == 16


@pytest.mark.slow
def test_interrupted_push_then_rerun_loses_nothing(client):
    pairs = seed_pairs()

    def stop_after_first(created: int, skipped: int) -> None:
        raise KeyboardInterrupt  # Ctrl-C after the first batch was imported

    with pytest.raises(KeyboardInterrupt):
        push(client, pairs, project="interrupted", batch=6, on_batch=stop_after_first, progress=False)
    rerun = push(client, pairs, project="interrupted", batch=6, progress=False)
    assert (rerun.created, rerun.skipped) == (10, 6)
    keys = [t.data["key"] for t in client.tasks.list(project=rerun.project, page_size=100)]
    assert len(keys) == len(set(keys)) == 16


@pytest.mark.slow
def test_invalid_prediction_rejected_before_sending(client):
    good = seed_pairs()[:2]
    wrong = PairReport(src="Kırım'daki gelişmeler", tgt="Developments in Crimea", score=0.2,
                       severity="minor", doc="bad", index=0,
                       src_entities=(Entity(text="Kırım", label="GPE", start=1, end=6),),
                       findings=(Finding("NE", "minor", "x", "test"),))
    with pytest.raises(StudioError, match="bad pair 0"):
        push(client, good + [wrong], project="rejected", progress=False)
    # the batch was not sent, and the project this push created is gone again
    assert not [p for p in client.projects.list(title="rejected") if p.title == "rejected"]


@pytest.mark.slow
def test_server_down_and_wrong_token(studio, monkeypatch):
    monkeypatch.setenv("LABEL_STUDIO_URL", f"http://127.0.0.1:{server.free_port()}")
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", "whatever-token")
    with pytest.raises(StudioError, match="does not answer"):
        server.connect()
    monkeypatch.setenv("LABEL_STUDIO_URL", studio.url)
    with pytest.raises(StudioError, match="rejected the API token") as err:
        server.connect()
    assert "whatever-token" not in str(err.value)


@pytest.mark.slow
def test_cli_status_and_token_file(studio):
    from typer.testing import CliRunner

    import bitext.cli.studio_cmd  # noqa: F401  (registers `studio` on the app)
    from bitext.cli import app
    res = CliRunner().invoke(app, ["studio", "status"])
    assert res.exit_code == 0 and "UP" in res.output
    token = server.studio_dir() / "token"
    assert oct(token.stat().st_mode & 0o777) == "0o600"
    assert token.read_text().strip() not in (server.studio_dir() / "server.log").read_text()


# last: it restarts the session's server (on a new port)
@pytest.mark.slow
def test_server_killed_during_push_then_rerun(studio, tmp_path):
    """A Label Studio killed in the middle of `bitext studio push` (and before a pull): one line,
    exit 2; restarted, a re-push completes the project without duplicates."""
    import subprocess
    import sys
    import time
    corpus_file = tmp_path / "many.jsonl"
    corpus_file.write_text("".join(json.dumps({"translation": {"tr": f"Bu {i}. cümledir.",
                                                               "en": f"This is sentence {i}."}})
                                   + "\n" for i in range(400)), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(SEED.parent.parent)}
    cmd = [sys.executable, "-m", "bitext", "studio", "push", str(corpus_file), "--project", "killed",
           "--batch", "20", "--no-semantic"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    client = server.connect()
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        found = [p for p in client.projects.list(title="killed") if p.title == "killed"]
        if found and next(iter(client.tasks.list(project=found[0].id, page_size=1)), None):  # one page
            break
        time.sleep(0.2)
    server.down()
    _, err = proc.communicate(timeout=300)
    print(f"push killed: exit {proc.returncode}, {err.strip()[:200]}")
    try:
        if proc.returncode:  # killed mid-push (else it finished first: nothing to check)
            assert proc.returncode == 2 and "Traceback" not in err, err
            assert len(err.strip().splitlines()) == 1 and "Label Studio" in err, err
        pull_cmd = [sys.executable, "-m", "bitext", "studio", "pull", "--project", "killed",
                    "--out", str(tmp_path / "pulled")]
        res = subprocess.run(pull_cmd, env=env, capture_output=True, text=True, timeout=300)
        assert res.returncode == 2 and "Traceback" not in res.stderr, res.stderr
        assert not (tmp_path / "pulled").exists()
    finally:
        server.up()
    res = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    client = server.connect()
    project = next(p for p in client.projects.list(title="killed") if p.title == "killed")
    keys = [t.data["key"] for t in client.tasks.list(project=project.id, page_size=1000)]
    assert len(keys) == len(set(keys)) == 400
