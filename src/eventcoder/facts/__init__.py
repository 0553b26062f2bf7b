"""One home for each domain fact shared across stages: ACLED event-type families,
interaction codes, distances on the globe and text folding. Imports nothing from the project."""
