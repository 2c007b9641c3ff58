"""Linking partner agencies' reports to the people who made them, with Splink on DuckDB.

`normalise` turns reports into the table Splink links, `settings` holds the model's
comparisons and blocking rules, `model` trains and keeps versioned models, `run` links a
partnership (clusters, stable person ids, pairs to check). See docs/linkage.md."""
