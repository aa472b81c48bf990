"""The demo commune (xã Hàm Liêm, tỉnh Lâm Đồng) built by ``manage.py load_demo``.

Everything comes from files in this package (``data/procedures.jsonl``, ``data/templates/*.docx``,
the texts in ``texts.py``); nothing is read from outside the repository. Every step is idempotent:
a second run finds what the first one made (procedures by code, pages by slug, documents by title
or file hash, users by username) and adds only what is missing.

Adding a step from another app
------------------------------
Create ``<app>/demo.py``; ``load_demo`` imports it (like Django's admin autodiscovery) and runs the
registered functions after the cms steps, inside the same transaction::

    from cms.demo import DemoContext, register_step

    @register_step
    def build_submission_forms(context: DemoContext) -> None:
        '''Attach a demo submission form to the birth registration procedure.'''
        procedure = ProcedurePage.objects.get(code="1.001193")
        ...
        context.count("biểu mẫu nộp hồ sơ mới")

A step to run for each commune ``load_demo --communes N`` adds (2..N) is registered with
``register_commune_step``; it is called as ``step(context, site, number)``.

``context`` carries the default ``site``, ``home``, ``procedure_index``, ``article_index``, the demo
``users`` by username, ``log(message)`` and ``count(what)`` for the summary line.
"""

from cms.demo.base import (
    DemoContext,
    DemoLogin,
    DemoStep,
    demo_steps,
    register_commune_step,
    register_step,
    run_demo,
)

__all__ = ["DemoContext", "DemoLogin", "DemoStep", "demo_steps", "register_commune_step", "register_step", "run_demo"]
