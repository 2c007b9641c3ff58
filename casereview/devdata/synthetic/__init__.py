"""Synthetic case histories at county or national scale, for `casereview seed_bench`.

Ten partnerships (the two demo ones among them, so demo users see realistic volumes), each
with years of applications in every state: complaints, decisions, partner requests and
contributions, meetings, minutes with recommendations and actions, conclusions, appeals,
withdrawals, letters, and the audit entries those acts would have written, sealed.

What is synthetic, plainly: names, addresses and text are generated; letters hold a short
HTML body and one tiny shared PDF (not 100,000 WeasyPrint renders); the audit history is
appended after whatever the log already holds, so ids follow load order, and its
`occurred_at` times are the historical ones. Rows are built as plain tuples with explicit
primary keys and written per table (COPY on PostgreSQL, executemany on SQLite), one
transaction per chunk of applications. The random draws keep their order, so a given seed
gives the same rows whichever way they are written.

`seeder` runs it; `tenants` the partnerships, `cases`, `reviews`, `appeals` and `letters`
each step of a case, `tables` how rows are written, `chain` the audit chain.
"""
