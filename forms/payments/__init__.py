"""Level 4 (issue #13): fees paid online and reconciled.

- ``fees``: the amount due for a dossier from the procedure's fee items;
- ``registry``: payment plugins (start / return / webhook), as Open Forms' payments registry;
- ``vietqr``: NAPAS's VietQR bank-transfer code (payload, PNG, SVG);
- ``services``: ``payment_record``, the one place a payment enters the books.
"""
