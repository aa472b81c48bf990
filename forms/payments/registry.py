"""Payment plugins: how a citizen pays a dossier's fee, added without touching the wizard.

As Open Forms' payments registry does, a plugin has three steps:

- ``start``: what the citizen is shown or sent to once a dossier has an amount due (after
  submission, on the tracking page, in "Hồ sơ của tôi", on the receipt). A bank transfer plugin
  shows a code and the account; a gateway plugin redirects to the gateway.
- ``handle_return``: the gateway sends the citizen back (``/thanh-toan/<plugin>/tra-ve/``).
- ``handle_webhook``: the gateway tells the portal, server to server, that a payment happened
  (``/thanh-toan/<plugin>/webhook/``); it must check the gateway's signature with the gateway's
  library, and records the payment with ``forms.payments.services.payment_record``.

A plugin that has no return or webhook step (a bank transfer, reconciled from the bank's
statement) leaves them unsupported: the views answer 404.

An ``inline`` plugin's ``start`` returns a template shown on the page itself (a bank transfer: the
code and the account); any other plugin's ``start`` runs when the citizen presses its button
(``/thanh-toan/<plugin>/bat-dau/<token>/``, POST) and returns the gateway's URL to redirect to.
The gateway sends the citizen back to ``return_url(plugin=…, dossier=…)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse


class PaymentNotSupported(Exception):
    """The plugin has no such step (e.g. a bank transfer has no webhook)."""


@dataclass(frozen=True)
class PaymentStart:
    """What ``start`` hands back: a template to include with its context, or a URL to redirect to."""

    template: str = ""
    context: dict = field(default_factory=dict)
    redirect_url: str = ""


class PaymentPlugin:
    """Base class of a payment plugin; subclasses set ``identifier`` and ``label`` and override steps."""

    identifier: str = ""
    label: str = ""
    # Whether a payment through this plugin counts as paid online (Decision 766/QĐ-TTg 2022).
    online: bool = True
    # Whether ``start`` returns a template to show on the page (see the module docstring).
    inline: bool = False

    def is_available(self, *, site_settings) -> bool:
        """Whether the commune has configured this plugin (e.g. a bank account for transfers)."""
        return True

    def start(self, *, request: HttpRequest | None, dossier) -> PaymentStart:
        raise NotImplementedError

    def handle_return(self, *, request: HttpRequest, dossier) -> HttpResponse:
        raise PaymentNotSupported

    def handle_webhook(self, *, request: HttpRequest) -> HttpResponse:
        raise PaymentNotSupported


_registry: dict[str, PaymentPlugin] = {}


def register(plugin_class: type[PaymentPlugin]) -> type[PaymentPlugin]:
    """Class decorator: register one instance of the plugin under its identifier."""
    if not plugin_class.identifier:
        raise ValueError("a payment plugin needs an identifier")
    _registry[plugin_class.identifier] = plugin_class()
    return plugin_class


def get_plugin(identifier: str) -> PaymentPlugin:
    """The registered plugin, or ``KeyError``."""
    return _registry[identifier]


def return_url(*, plugin: PaymentPlugin, dossier, request: HttpRequest | None = None) -> str:
    """Where a gateway sends the citizen back: ``/thanh-toan/<plugin>/tra-ve/?ma=<tracking token>``."""
    from django.urls import reverse
    from django.utils.http import urlencode

    url = reverse("forms:payment_return", kwargs={"plugin": plugin.identifier})
    url = f"{url}?{urlencode({'ma': dossier.access_token})}"
    return request.build_absolute_uri(url) if request is not None else url


def plugins() -> list[PaymentPlugin]:
    """Every registered plugin, in registration order."""
    return list(_registry.values())
