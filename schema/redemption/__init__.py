"""Redemption (兑换) and dividends (分红): the catalogue, redemptions, distributions."""
