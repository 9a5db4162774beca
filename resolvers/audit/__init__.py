"""The audit trail (审计日志): what each mutation changed, recorded in its transaction
(`recorder`, `trail`), chained by hashes (`chain`), and read in scope (`reading`)."""
