"""Topics (议题): raised at a building, climbing to the grid and community, decided there."""
