"""Level 4 (issue #13): fees paid online and reconciled.

- ``fees``: the amount due for a dossier from the procedure's fee items;
- ``registry``: payment plugins (start / return / webhook), as Open Forms' payments registry;
  ``plugins/`` holds the ones that ship (``vietqr``: bank transfer), ``views`` their public steps;
- ``vietqr``: NAPAS's VietQR bank-transfer code (payload, PNG, SVG); ``banks``: bank names by BIN;
- ``memo``: the transfer memo (the dossier code) and finding a code in bank statement text;
- ``services``: ``payment_record``, the one place a payment enters the books (and numbers the
  fee receipt); ``selectors``: what the citizen sees about paying;
- ``reconciliation``: bank statements read (CSV/XLSX), matched by memo and amount, decisions;
- ``fee_receipt``: the fee receipt (biên lai) PDF and Mẫu 01's fee line; ``words``: amounts in words.
"""
