"""Meetings (议事会): reading them in scope (reading.py), convening and running them (running.py),
and their resolutions with votes (resolutions.py). The workflow is models/workflows/meetings.py."""
