"""Ranking interpreters for a request: hard filters, scores and their reasons."""
