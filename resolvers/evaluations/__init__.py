"""Evaluations (评选): campaigns and their criteria (campaigns.py), candidates and the ranking
(candidates.py, points.py), reviewers and scores (reviews.py), stages (stages.py), objections
(objections.py) and awards (awards.py). The workflow is models/workflows/evaluations.py."""
