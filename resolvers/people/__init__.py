"""Households, residents, their masking and accounts, and spreadsheets of residents."""

PEOPLE_REFUSED = "people.refused"
