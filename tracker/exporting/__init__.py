"""Writing the ledger out: formatted Excel workbooks (督办台账). Pure: no database, no Qt."""
