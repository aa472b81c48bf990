"""Mutation score of the modules that hold the rules (issue #19): ``make mutate [MODULE=path.py]``.

A thin driver over mutmut 3 (the tool makes the mutants and runs them): one module at a time,
each in its own workspace ``var/mutate/<module>/`` (symlinks to the checkout; mutmut copies it to
``mutants/`` there), with only that module mutated and only the tests mirroring it selected.
mutmut runs those tests once in-process to learn which test reaches which function, then forks a
child per mutant that runs only the tests reaching the mutated function. ``--reuse-db`` keeps the
file-based SQLite test database of that first run (portal.settings.test puts it in a per-process
temporary directory, which the forked children inherit), so no mutant pays the 30–40 s of
creating it again.

Prints killed / survived / timeout / no tests per module and the score (killed + timeout over all
mutants; a mutant no selected test reaches counts as a survivor). Survivors judged equivalent are
listed with the reason in docs/mutation.md. ``MUTATE_SHOW=1`` prints each survivor's diff.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "mutate"

# Module → the tests that mirror it (and the ones that exercise its rules through a view).
MODULES: dict[str, list[str]] = {
    # Without the 162-case matrix of moves through the database (18+ minutes on a loaded machine):
    # test_transition_rules.py checks the same table on transition_allowed, without a database.
    "forms/lifecycle/services.py": [
        "tests/forms/lifecycle/test_transition_rules.py",
        "tests/forms/lifecycle/test_lifecycle_messages.py",
        "tests/forms/lifecycle/test_dossier_transition.py",
        "--deselect",
        "tests/forms/lifecycle/test_dossier_transition.py::test_every_officer_move_is_allowed_or_refused_as_the_rules_say",
        "--deselect",
        "tests/forms/lifecycle/test_dossier_transition.py::test_every_citizen_move_is_allowed_or_refused_as_the_rules_say",
    ],
    "forms/lifecycle/workdays.py": ["tests/forms/lifecycle/test_workdays.py"],
    "cms/cache.py": [
        "tests/cms/test_cache.py",
        "tests/cms/test_cache_storage.py",
        "tests/cms/test_cache_generation.py",
    ],
    "forms/files/uploads.py": ["tests/forms/files/test_uploads.py"],
    "forms/tracking/access.py": ["tests/forms/tracking/test_access.py"],
    "forms/tracking/ratelimit.py": [
        "tests/forms/tracking/test_ratelimit.py",
        "tests/forms/tracking/test_ratelimit_counts.py",
    ],
    "cms/catalogue/fees.py": ["tests/cms/test_fees.py"],
    "cms/catalogue/documents.py": ["tests/cms/test_importer.py", "tests/cms/test_document_kinds.py"],
    # Its own tests and the rule tests of test_understanding.py that need no database (not the ones on
    # the indexed catalogue, nor the relevance sets: they reach the rules second-hand, slowly).
    "search/analysis.py": [
        "tests/search/test_analysis.py",
        "tests/search/test_analysis_rules.py",
        "tests/search/test_understanding.py::test_question_frames_and_request_words_are_removed_by_rule",
        "tests/search/test_understanding.py::test_a_question_word_typed_without_diacritics_is_a_question_only_where_a_question_can_be",
        "tests/search/test_understanding.py::test_people_are_who_the_procedure_is_for_not_what_it_is",
        "tests/search/test_understanding.py::test_a_person_then_mat_means_the_person_died",
        "tests/search/test_understanding.py::test_variants_are_asked_for_only_by_the_words_that_ask_for_them",
        "tests/search/test_understanding.py::test_a_situation_asks_for_its_variant_but_a_variant_word_in_the_matter_does_not",
        "tests/search/test_understanding.py::test_provinces_are_where_the_citizen_lives_not_what_is_asked",
        "tests/search/test_understanding.py::test_again_after_any_verb_does_not_ask_for_a_reissue",
        "tests/search/test_understanding.py::test_a_longer_thesaurus_phrase_wins_over_a_situation",
        "tests/search/test_understanding.py::test_words_that_only_say_when_are_fillers",
        "tests/search/test_understanding.py::test_broader_terms_follow_the_matter_but_only_rank",
        "tests/search/test_understanding.py::test_a_title_naming_only_a_broader_term_counts_half",
        "tests/search/test_understanding.py::test_parentheses_of_a_title_are_its_scope",
        "tests/search/test_understanding.py::test_codes_inside_a_query_and_the_start_of_a_code",
        "tests/search/test_understanding.py::test_where_the_citizen_goes_and_why_rank_but_do_not_restrict",
    ],
    # The rules one at a time without a database first (fastest first), then the real records.
    # With the everyday phrases' tests (issue #14): their credits and the diacritics test live here.
    "search/ranking.py": [
        "tests/search/test_ranking_rules.py",
        "tests/search/test_aliases.py",
        "tests/search/test_ranking.py",
    ],
    # The service's own decisions with stand-in backends (no search index; two tests need the database).
    "search/services.py": ["tests/search/test_services_rules.py"],
    # The service's own tests (limits, published check, copies, codes, fees) the drafts' own and purge;
    # not the wizard's page tests (slow, and they reach the rules second-hand).
    "forms/intake/services.py": [
        "tests/forms/intake/test_dossier_submit.py",
        "tests/forms/intake/test_dossier_fees.py",
        "tests/forms/test_housekeeping.py",
        "tests/forms/intake/test_dossier_submit_rules.py",
        "tests/forms/intake/test_drafts.py",
        # Numbering per commune (issue #17): the service-level tests of test_communes.py, not its pages.
        "tests/forms/intake/test_communes.py::test_two_communes_number_their_dossiers_apart_on_the_same_day",
        "tests/forms/intake/test_communes.py::test_without_a_site_the_dossier_belongs_to_the_default_site",
        "tests/forms/intake/test_communes.py::test_a_repeated_submission_key_returns_the_first_dossier_and_its_commune",
        "tests/forms/intake/test_communes.py::test_code_next_counts_per_commune",
        # Transactional tests flush the reused database (its Wagtail root page too): every later run fails.
        "--deselect=tests/forms/intake/test_dossier_submit.py::test_twenty_parallel_submissions_get_unique_consecutive_codes",
        "--deselect=tests/forms/intake/test_drafts.py::test_a_draft_file_whose_commit_fails_leaves_no_file",
    ],
    # Its own tests and the claim and saved-document ones (not the whole directory: sign-in, SSO, pages).
    "accounts/services.py": [
        "tests/accounts/test_services.py",
        "tests/accounts/test_claim.py",
        "tests/accounts/test_saved_documents.py",
    ],
    "accounts/signin/lockout.py": ["tests/accounts/test_lockout.py"],
    # The amount due is pure arithmetic on fee items: its own tests, not the DB-backed pages and views.
    "forms/payments/fees.py": ["tests/forms/payments/test_fees.py"],
    "forms/payments/services.py": ["tests/forms/payments/test_services.py"],
    "forms/payments/vietqr.py": ["tests/forms/payments/test_vietqr.py"],
    # Decree 13/2023/NĐ-CP retention: its mirror tests (database) and the pure rules (periods, erasing).
    "forms/lifecycle/retention.py": [
        "tests/forms/lifecycle/test_retention_rules.py",
        "tests/forms/lifecycle/test_retention.py",
        "tests/forms/lifecycle/test_retention_communes.py",
    ],
    # Bank statement matching: the parsers and outcomes without a database first, then its mirror tests.
    "forms/payments/reconciliation.py": [
        "tests/forms/payments/test_reconciliation_rules.py",
        "tests/forms/payments/test_reconciliation.py",
    ],
    # The record parsers (channels, days, documents, legal basis, steps, result): pure, no database.
    "cms/importer.py": ["tests/cms/test_importer.py", "tests/cms/test_importer_parsers.py"],
}
# Tests a mutant runs before the others (each a node id or its prefix), in this order. mutmut's own
# order (fastest call first) ignores the fixtures' setup, which is most of a database test's time
# (0.6–0.8 s for a Wagtail page tree against a few milliseconds of call): a mutant then runs many
# narrow tests before the one that kills it. The broad ones (whole paths with every date, event and
# audit entry, every refusal) kill most mutants in their first test.
FIRST: dict[str, list[str]] = {
    "forms/lifecycle/services.py": [
        "tests/forms/lifecycle/test_lifecycle_messages.py::test_each_move_records_its_moment_on_the_callers_dossier",
        "tests/forms/lifecycle/test_lifecycle_messages.py::test_transition_refusals",
        "tests/forms/lifecycle/test_transition_rules.py::test_a_move_outside_the_table_is_refused_naming_both_statuses",
        "tests/forms/lifecycle/test_transition_rules.py::test_an_officers_move_is_refused_to_the_citizen",
        "tests/forms/lifecycle/test_lifecycle_messages.py::test_the_audit_log_of_a_move_names_the_event",
        "tests/forms/lifecycle/test_lifecycle_messages.py::test_a_supplement_moves_the_first_appointment_too",
        "tests/forms/lifecycle/test_lifecycle_messages.py::test_a_result_without_files_and_a_citizens_supplement",
        "tests/forms/lifecycle/test_lifecycle_messages.py::test_result_files_date_the_electronic_result_once",
        "tests/forms/lifecycle/test_lifecycle_messages.py::test_an_unpaid_fee_stops_the_officer",
        "tests/forms/lifecycle/test_lifecycle_messages.py::test_the_table_as_the_officer_confirms_it",
        "tests/forms/lifecycle/test_lifecycle_messages.py::test_the_other_services_write_their_event_and_audit_entry",
        "tests/forms/lifecycle/test_lifecycle_messages.py::test_correction_refusals_and_a_cleared_value",
        "tests/forms/lifecycle/test_lifecycle_messages.py::test_apology_refusals",
        "tests/forms/lifecycle/test_lifecycle_messages.py::test_postal_arrival_refusals",
        "tests/forms/lifecycle/test_dossier_transition.py::test_full_path_writes_history_and_sets_dates",
    ],
}
# What the tests need besides the Python packages (templates and static files live in the apps).
LINKED = ["accounts", "cms", "forms", "search", "site", "tests", "themes", "locale", "pyproject.toml", "manage.py"]


def _workspace(module: str) -> Path:
    """A directory that looks like the checkout, for mutmut to copy into ``mutants/``.

    Kept between runs, so an interrupted run resumes and new tests only add their stats;
    ``MUTATE_FRESH=1`` starts the module afresh.
    """
    work = WORK / module.replace("/", "__").removesuffix(".py")
    if work.exists() and os.environ.get("MUTATE_FRESH"):
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    for name in LINKED:
        if (ROOT / name).exists() and not (work / name).is_symlink():
            (work / name).symlink_to(ROOT / name)
    return work


def _run_module(module: str) -> None:
    """Child process: configure mutmut for one module and run it (mutmut exits the process)."""
    from mutmut import __main__ as mutmut_main
    from mutmut import configuration
    from mutmut.runners import harness
    from mutmut.state import state

    tests = MODULES[module]
    base = configuration._load_config()
    # A mutant's tests run the module's FIRST ones first, then fastest first (mutmut passes them
    # unordered): most mutants die in the first second instead of after the slow page-rendering tests.
    regular_run = harness.PytestRunner._pytest_args_regular_run

    first = FIRST.get(module, [])

    def rank(test: str) -> int:
        return next((i for i, prefix in enumerate(first) if test.startswith(prefix)), len(first))

    def fastest_first(self, tests):
        durations = state().duration_by_test
        return regular_run(self, sorted(tests, key=lambda test: (rank(test), durations.get(test, 0.0), test)))

    harness.PytestRunner._pytest_args_regular_run = fastest_first
    # The rest of the configuration is [tool.mutmut] in pyproject.toml.
    configuration._config = dataclasses.replace(base, only_mutate=[module], pytest_add_cli_args_test_selection=tests)
    # MUTATE_RERUN=1: run the previous survivors again (after new tests), not only unrun mutants.
    rerun = []
    if os.environ.get("MUTATE_RERUN"):
        try:
            groups = _tally(Path.cwd(), module)
            rerun = groups["survived"] + groups["no tests"]
        except (OSError, KeyError, ValueError):
            rerun = []
    # MUTATE_ONLY=glob[,glob…]: only the mutants whose names match (mutmut 3's fnmatch), e.g.
    # "forms.lifecycle.services.x_dossier_transition*" (the glob also has to match the function's
    # own name, which mutmut uses to pick the tests of the clean run).
    only = [glob for glob in os.environ.get("MUTATE_ONLY", "").split(",") if glob]
    if only:
        names = _only(Path.cwd(), module, only, rerun=bool(os.environ.get("MUTATE_RERUN")))
        if names == []:
            print(f"Nothing left to run for {', '.join(only)}", flush=True)
            return
        rerun = names
    mutmut_main._run(rerun, max_children=int(os.environ.get("MUTATE_JOBS", "2")))


def _only(work: Path, module: str, globs: list[str], *, rerun: bool) -> list[str] | None:
    """The mutants ``MUTATE_ONLY`` selects that still need a run: the globs themselves on a fresh
    workspace (mutmut then runs them all), else the matching mutants without a result (with
    ``rerun``, also the matching survivors), named one by one, because mutmut runs again every
    mutant a name or glob matches, results or not."""
    try:
        meta = json.loads((work / "mutants" / (module + ".meta")).read_text())
    except (OSError, ValueError):
        return globs
    from mutmut.stats import status_by_exit_code

    wanted = {None} | ({"survived", "no tests"} if rerun else set())
    return [
        name
        for name, code in sorted(meta["exit_code_by_key"].items())
        if any(fnmatch.fnmatch(name, glob) for glob in globs) and (code is None or status_by_exit_code[code] in wanted)
    ]


def _tally(work: Path, module: str) -> dict:
    """Mutant names by outcome, from the ``.meta`` file mutmut writes next to the mutated module."""
    from mutmut.stats import status_by_exit_code

    meta = json.loads((work / "mutants" / (module + ".meta")).read_text())
    groups = {"killed": [], "survived": [], "timeout": [], "no tests": [], "not checked": [], "other": []}
    for name, code in sorted(meta["exit_code_by_key"].items()):
        status = status_by_exit_code[code]
        if status in ("killed", "caught by type check"):
            groups["killed"].append(name)
        elif status in groups:
            groups[status].append(name)
        else:
            groups["other"].append(f"{name} ({status})")
    return groups


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--child":
        os.chdir(argv[1])
        sys.path.insert(0, str(Path.cwd()))
        _run_module(argv[2])
        return 0
    modules = argv or list(MODULES)
    unknown = [m for m in modules if m not in MODULES]
    if unknown:
        print(f"Unknown module(s): {', '.join(unknown)}; known: {', '.join(MODULES)}")
        return 2
    rows = []
    for module in modules:
        work = _workspace(module)
        print(f"== {module} (tests: {' '.join(MODULES[module])})", flush=True)
        log = work / "mutmut.log"
        with log.open("w") as out:
            subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--child", str(work), module],
                cwd=work,
                stdout=out,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
            )
        try:
            groups = _tally(work, module)
        except (OSError, KeyError, ValueError) as error:
            print(f"   no results ({error}); see {log}")
            rows.append((module, None))
            continue
        rows.append((module, groups))
        total = sum(len(v) for v in groups.values())
        for name in groups["survived"] + groups["no tests"] + groups["other"]:
            print(f"   survived: {name}")
            if os.environ.get("MUTATE_SHOW"):
                shown = subprocess.run(
                    [str(ROOT / ".venv" / "bin" / "mutmut"), "show", name.split(" ")[0]],
                    cwd=work,
                    capture_output=True,
                    text=True,
                )
                print(shown.stdout)
        print(f"   {total} mutants", flush=True)
    print()
    print(f"{'module':40} {'killed':>7} {'timeout':>7} {'survived':>8} {'no tests':>8} {'not run':>7} {'score':>7}")
    worst = 100.0
    for module, groups in rows:
        if groups is None:
            print(f"{module:40} {'(failed to run)':>40}")
            worst = 0.0
            continue
        total = sum(len(v) for v in groups.values())
        caught = len(groups["killed"]) + len(groups["timeout"])
        score = 100.0 * caught / total if total else 100.0
        worst = min(worst, score)
        print(
            f"{module:40} {len(groups['killed']):7} {len(groups['timeout']):7} {len(groups['survived']):8}"
            f" {len(groups['no tests']) + len(groups['other']):8} {len(groups['not checked']):7} {score:6.1f}%"
        )
    return 0 if worst >= 85.0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
