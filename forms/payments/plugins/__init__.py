"""The payment plugins that ship with the portal; importing this package registers them.

``forms.apps.FormsConfig.ready`` imports it; the wizard and the pages never name a plugin.
A new gateway is a module here (or in another app) with a ``@register``-ed ``PaymentPlugin``.
"""

from forms.payments.plugins import vietqr  # noqa: F401
