"""Evaluation: ROUGE against human references, side by side with baselines."""
