"""Reads of the consolidation's own settings."""

from __future__ import annotations

from dxtrack.consolidation.evaluation import DEFAULT_SCORE_WEIGHTS, ScoreWeights
from dxtrack.consolidation.models import ScoreSettings


def score_weights_current() -> ScoreWeights:
    """The weights of the agencies' score in force: the province's, else the defaults."""
    row = ScoreSettings.objects.filter(key="default").first()
    return row.weights if row is not None else DEFAULT_SCORE_WEIGHTS
