"""The work behind each field. No strawberry types are defined here."""
