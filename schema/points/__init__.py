"""The points system (积分制): rules, the ledger, rankings and quarterly notices."""
