"""Households, residents, their masking and accounts, and spreadsheets of residents."""

PEOPLE_REFUSED = "You may not change people here."
