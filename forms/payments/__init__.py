"""Payments groundwork for issue #13 (level-4 online services: fees paid online).

``vietqr`` builds NAPAS's VietQR bank-transfer code. Nothing here is wired into the wizard or the
tracking pages yet.
"""
