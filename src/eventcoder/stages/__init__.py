"""The per-mention stages of the pipeline: clean, detect, classify, dates, casualties,
sources and assembly of the frozen records (with ACLED-style notes)."""
