"""Writes of the review, one module per step: `partners`, `contributions`, `meeting`,
`minutes` (recording the action plan), `actions` (agencies' progress on it), `conclusion`
and `withdrawal`. Callers import from the step's module. Each service checks the
application's state first (`NotAllowedNow`, nothing written), validates (`InvalidInput`),
then writes and audits in one transaction, re-checking the state under the application's
row lock."""
