"""Scoring against gold sets (shared/eval format): pairing events, per-field figures and
the CASE-style one-label-per-document measures."""
