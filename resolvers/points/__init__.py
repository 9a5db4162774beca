"""The points system (积分制): the ledger, rules, periods and rankings, redemption."""
