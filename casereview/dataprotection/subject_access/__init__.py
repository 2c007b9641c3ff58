"""Subject access: finding everything held about one person, letting the officer leave items
out, and exporting the rest as a ZIP (JSON, letter PDFs and the files the applicant added).
Callers import from the module: `record` (the request), `matching` (who is who), `search`,
`items` (what the officer is shown) and `export`.

A record is theirs only when it names them (their full name, the same once case and spacing
are set aside: never a part of a name) **and** something else in it is theirs too: their
email address or their postcode. No record here holds a date of birth. So:

- an application is theirs as its victim (the victim's name, and the victim's email or
  postcode) or as its advocate (the advocate's name, and the advocate's email or the postcode
  in the advocate's address); the whole application, its complaints, contributions, contact
  log, letters, the files the applicant added from their status page and the decision on
  sharing (the victim's wishes, the lawful basis, the Chair's decision and reason), is about
  them;
- a complaint in another case is theirs when they are its named reporter and the case's
  address has their postcode (a complaint holds no address of its own);
- a partner's note in another case mentions them when it names them in full and holds their
  email or postcode, or the case's address has their postcode.

- a person named on a case (an alleged perpetrator, household member or witness) is theirs
  when the name or one of its aliases is theirs in full and the email or postcode held for
  that person is theirs too; the export gives the record with the recommendations and
  actions that name them.

The officer sees every item found, and may leave any out with a reason; the export holds
only the items kept, and the export and every exclusion are audited. The officer records
the exemptions applied (DPA 2018 s.45(4)) and how: kept on the request, written into the
disclosure's audit entry and told to the requester in the export.
"""
