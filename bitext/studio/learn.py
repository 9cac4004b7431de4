"""Learn from pulled annotations: a stance classifier (and an entity gazetteer).

Stance: TF-IDF character n-grams (2–5, word-bounded) of the Turkish and English sides, logistic
regression with balanced class weights; figures from stratified k-fold cross-validation against
the majority-class baseline. Labels: per task, the majority of its annotators (ties: the latest
annotation). The model is saved under the user data dir and used by the next push for stance
predictions. Entity names annotators marked go into a gazetteer next to it.
"""
from __future__ import annotations

import json
import pickle
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bitext.errors import InputError
from bitext.fileio import write_bytes, write_text
from bitext.studio.server import studio_dir

MIN_PER_CLASS = 2


def model_path() -> Path:
    return studio_dir() / "stance_model.pkl"


def gazetteer_path() -> Path:
    return studio_dir() / "gazetteer.json"


@dataclass
class StanceModel:
    """A fitted pipeline; ``predict`` returns the label and its probability."""

    pipeline: object
    name: str
    labels: tuple[str, ...]

    def predict(self, tr: str, en: str) -> tuple[str, float]:
        probs = self.pipeline.predict_proba([_features(tr, en)])[0]
        best = int(probs.argmax())
        return str(self.pipeline.classes_[best]), float(probs[best])


@dataclass(frozen=True)
class LearnResult:
    n: int
    counts: dict[str, int]
    folds: int
    accuracy: float
    macro_f1: float
    baseline_accuracy: float
    baseline_macro_f1: float
    model: str
    path: Path
    gazetteer: int = 0
    notes: list[str] = field(default_factory=list)


def _features(tr: str, en: str) -> str:
    return f"{tr} ||| {en}"


def stance_label(task: dict) -> str | None:
    votes = [a for a in task["annotations"] if a.get("stance")]
    if not votes:
        return None
    counts = Counter(a["stance"] for a in votes)
    top = max(counts.values())
    tied = {s for s, c in counts.items() if c == top}
    latest = max((a for a in votes if a["stance"] in tied), key=lambda a: a.get("updated_at") or "")
    return latest["stance"]


def _pipeline():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    return make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=1),
        LogisticRegression(max_iter=2000, class_weight="balanced", C=4.0))


def learn(tasks: list[dict], *, seed: int = 0) -> LearnResult:
    """Fit on all labelled tasks, report k-fold figures, save the model and the gazetteer."""
    from sklearn.dummy import DummyClassifier
    from sklearn.model_selection import StratifiedKFold, cross_validate

    rows = [(t, stance_label(t)) for t in tasks]
    rows = [(t, y) for t, y in rows if y]
    counts = dict(Counter(y for _, y in rows))
    usable = {y for y, c in counts.items() if c >= MIN_PER_CLASS}
    if len(usable) < 2:
        raise InputError(f"too few stance labels to learn from: {counts}",
                         fix=f"annotate at least {MIN_PER_CLASS} tasks for each of two stances")
    notes = [f"dropped {y} ({c} example)" for y, c in counts.items() if y not in usable]
    rows = [(t, y) for t, y in rows if y in usable]
    x = [_features(t["tr"], t["en"]) for t, _ in rows]
    y = [label for _, label in rows]
    folds = min(5, min(Counter(y).values()))
    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    scoring = ("accuracy", "f1_macro")
    model_cv = cross_validate(_pipeline(), x, y, cv=cv, scoring=scoring)
    base_cv = cross_validate(DummyClassifier(strategy="most_frequent"), x, y, cv=cv, scoring=scoring)
    pipeline = _pipeline().fit(x, y)
    name = f"tfidf-char-lr-n{len(y)}"
    write_bytes(model_path(), pickle.dumps(StanceModel(pipeline, name, tuple(sorted(set(y))))))
    gaz = gazetteer(tasks)
    write_text(gazetteer_path(), json.dumps(gaz, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return LearnResult(
        n=len(y), counts=counts, folds=folds,
        accuracy=float(model_cv["test_accuracy"].mean()),
        macro_f1=float(model_cv["test_f1_macro"].mean()),
        baseline_accuracy=float(base_cv["test_accuracy"].mean()),
        baseline_macro_f1=float(base_cv["test_f1_macro"].mean()),
        model=name, path=model_path(), gazetteer=sum(len(v) for v in gaz.values()), notes=notes)


def gazetteer(tasks: list[dict]) -> dict[str, dict[str, str]]:
    """Per language, each annotated entity text with its most frequent label."""
    seen: dict[str, Counter] = {}
    for task in tasks:
        for ann in task["annotations"]:
            for side, spans in ann["entities"].items():
                for span in spans:
                    seen.setdefault(f"{side}\x1f{span['text']}", Counter())[span["label"]] += 1
    out: dict[str, dict[str, str]] = {}
    for key, labels in seen.items():
        side, text = key.split("\x1f", 1)
        out.setdefault(side, {})[text] = labels.most_common(1)[0][0]
    return out


def load_stance_model() -> StanceModel | None:
    """The model ``bitext studio learn`` saved, or None."""
    path = model_path()
    if not path.exists():
        return None
    with open(path, "rb") as fh:
        return pickle.load(fh)
