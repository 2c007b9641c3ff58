"""The threshold engine: a pure, framework-free evaluation of THRESHOLD.md."""
