"""Back office of payments: the "Đối soát thanh toán" section (statements, pending lines, decisions).

Only officers with ``forms.reconcile_payment`` (the counter's groups, forms migration 0014) see the
menu item and open these views; anybody else gets 403 (the admin's login page when signed out).
The views hand everything to ``forms.payments.reconciliation``.
"""

from wagtail import hooks

from forms.payments.reconciliation import RECONCILIATION_LOG_ACTIONS


@hooks.register("register_log_actions")
def register_reconciliation_log_actions(actions):
    for action, (label, message) in RECONCILIATION_LOG_ACTIONS.items():
        actions.register_action(action, label, message)
