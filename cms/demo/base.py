"""The demo's step machinery: a shared context, the ordered steps and the hook other apps use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.module_loading import autodiscover_modules


def _discard(message: str) -> None:
    """Default logger: the tests build the demo silently."""


@dataclass
class DemoLogin:
    """One account printed at the end of ``load_demo``."""

    label: str
    username: str
    password: str | None  # None once the person has changed it: we no longer know it


@dataclass
class DemoContext:
    """What the steps share: the pages built so far, the accounts, counters and a logger.

    Steps fill the page attributes as they create them (``site`` sets ``home`` and the two
    indexes), so a later step, including one registered by another app, can build under them.
    """

    log: Callable[[str], None] = _discard
    site: object | None = None
    home: object | None = None
    procedure_index: object | None = None
    article_index: object | None = None
    users: dict[str, object] = field(default_factory=dict)
    # ``load_demo --communes N`` (issue #17): how many communes, and (name, address) of those added to the first
    communes: int = 1
    hosts: list[tuple[str, str]] = field(default_factory=list)
    logins: list[DemoLogin] = field(default_factory=list)
    # "what: number" lines summarising each step, e.g. {"thủ tục mới": 53}
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n


DemoStep = Callable[[DemoContext], None]

_registered: list[DemoStep] = []


def register_step(step: DemoStep) -> DemoStep:
    """Append ``step`` to the demo; usable as a decorator. Registering the same function twice is a no-op.

    Registered steps run after the cms steps, in the order their apps' ``demo`` modules are
    imported (INSTALLED_APPS order), and must be idempotent like the cms steps.
    """
    name = f"{step.__module__}.{step.__qualname__}"
    if all(f"{s.__module__}.{s.__qualname__}" != name for s in _registered):
        _registered.append(step)
    return step


CommuneStep = Callable[[DemoContext, object, int], None]

_commune_registered: list[CommuneStep] = []


def register_commune_step(step: CommuneStep) -> CommuneStep:
    """Run ``step(context, site, number)`` for each commune ``load_demo --communes N`` adds (issue #17):
    commune ``number`` (2..N) at ``site``, after its pages, settings and accounts exist. Usable as a
    decorator; registering the same function twice is a no-op. Steps must be idempotent."""
    name = f"{step.__module__}.{step.__qualname__}"
    if all(f"{s.__module__}.{s.__qualname__}" != name for s in _commune_registered):
        _commune_registered.append(step)
    return step


def commune_steps() -> list[CommuneStep]:
    """The steps other apps registered for every added commune, in registration order."""
    autodiscover_modules("demo")
    return list(_commune_registered)


def core_steps() -> list[DemoStep]:
    """The cms steps, in order: each may rely on what the previous ones built."""
    from cms.demo import accounts, articles, pages, procedures, site

    return [
        site.build_site,
        accounts.build_accounts,
        procedures.import_procedures,
        procedures.attach_form_templates,
        pages.build_standard_pages,
        articles.build_articles,
    ]


def demo_steps() -> list[DemoStep]:
    """Every step: the cms ones, then those other apps registered from their ``demo`` module."""
    autodiscover_modules("demo")
    return [*core_steps(), *_registered]


def run_demo(*, log: Callable[[str], None] = _discard, communes: int = 1) -> DemoContext:
    """Build (or bring up to date) the demo commune in one transaction and return the context.

    With ``communes`` above 1, communes 2..N are added after every step (issue #17), so that each
    finds the sections the default commune got from every app (``cms.demo.communes``).
    """
    from cms.demo.communes import build_communes

    context = DemoContext(log=log, communes=communes)
    with transaction.atomic():
        for step in demo_steps():
            step(context)
        build_communes(context)
    return context
