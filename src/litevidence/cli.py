"""The ``litevidence`` command: thin wrappers over the package that tests call with an argument list."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import NoReturn

from . import __version__
from .errors import LitevidenceError
from .paths import ProjectPaths


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code (0 success, 1 failure, 2 bad usage).

    An expected failure (``LitevidenceError``) is one line on standard error; anything else is a bug
    and keeps its traceback.
    """
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except LitevidenceError as e:
        print(f"litevidence: error: {e}", file=sys.stderr)
        return 1


BACKEND_HELP = "embedding backend (default: minilm-bf16 where the CPU has native bfloat16, else minilm)"


def _parser() -> argparse.ArgumentParser:
    from .embed import BACKENDS
    from .evidence.export import FORMATS

    parser = argparse.ArgumentParser(prog="litevidence", description=__doc__)
    parser.add_argument("--version", action="version", version=f"litevidence {__version__}")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")
    project = argparse.ArgumentParser(add_help=False)
    project.add_argument("--project", type=Path, default=Path("."), help="project folder (default: current folder)")

    run = sub.add_parser("run", parents=[project], help="run the whole pipeline (incremental) and write evidence/ and reports/")
    run.add_argument("--backend", choices=BACKENDS.names(), help=BACKEND_HELP)
    run.add_argument("--k", type=int, default=None, help="number of clusters (default: chosen by silhouette)")
    run.add_argument("--no-notebooks", action="store_true", help="stop after writing evidence/")
    run.add_argument("--scheduler", metavar="ADDRESS", help="run embedding and extraction on a dask.distributed "
                     "cluster (tcp://host:8786), or 'local' for a LocalCluster on this machine")
    run.set_defaults(func=_run)

    val = sub.add_parser("validate", parents=[project], help="check corpus/: keys, fields, identifiers, duplicates, curated claims")
    val.set_defaults(func=_validate)

    add = sub.add_parser("add", parents=[project], help="add papers: .bib, .ris, CSL-JSON .json, .pdf files, DOIs or arXiv ids")
    add.add_argument("sources", nargs="+", metavar="SOURCE")
    add.add_argument("--merge", action="store_true", help="merge a duplicate into the entry it matches (fields it lacks)")
    add.add_argument("--topic", help="the curator's topic, written as the first keyword")
    add.add_argument("--title", help="title, where the source has none (e.g. a PDF)")
    add.add_argument("--author", help="authors as 'Last, First and Last, First'")
    add.add_argument("--year", help="four-digit year")
    add.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for Crossref or arXiv (default 10)")
    add.set_defaults(func=_add)

    for name, helptext in (("search", "papers closest in meaning to a query"), ("similar", "papers closest to a paper")):
        s = sub.add_parser(name, parents=[project], help=helptext)
        s.add_argument("query" if name == "search" else "key", metavar="QUERY" if name == "search" else "KEY")
        s.add_argument("-k", type=int, default=10, help="how many papers (default 10)")
        s.add_argument("--backend", choices=BACKENDS.names(), help=BACKEND_HELP)
        s.set_defaults(func=_search)

    cite = sub.add_parser("cite", parents=[project], help="an evidence row with its quote, locator, reference and BibTeX entry")
    cite.add_argument("evidence_id", metavar="EVIDENCE_ID")
    cite.set_defaults(func=_cite)

    exp = sub.add_parser("export", parents=[project], help="the evidence table (filtered) or the BibTeX of the papers it cites")
    exp.add_argument("--format", required=True, choices=FORMATS)
    exp.add_argument("--output", type=Path, help="file to write, '-' for standard output "
                     "(default: evidence_export.<format> in the current folder)")
    for name in ("metric", "phase", "topic", "year", "paper"):
        exp.add_argument(f"--{name}", help=f"keep rows whose {name} is this")
    exp.set_defaults(func=_export)

    rep = sub.add_parser("report", parents=[project], help="rerun one notebook with parameters overridden, into reports/")
    rep.add_argument("name", metavar="NAME", help="notebook name, e.g. 05_deployment_scenarios")
    rep.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("KEY", "VALUE"),
                     help="a papermill parameter; VALUE is read as a Python literal when it is one (5, 0.3, None)")
    rep.set_defaults(func=_report)

    lab = sub.add_parser("lab", parents=[project], help="open JupyterLab at the project, with the notebooks and this package's kernel")
    lab.add_argument("--port", type=int, help="port (default: JupyterLab's)")
    lab.add_argument("--no-browser", action="store_true", help="do not open a browser")
    lab.add_argument("--token", help="access token (default: a random one, printed)")
    lab.set_defaults(func=_lab)

    _review_parsers(sub, project)

    ext = sub.add_parser("extract", help="extract claims from JSONL text: {id, text} per line → one claim per line")
    ext.add_argument("--input", type=Path, required=True)
    ext.add_argument("--output", type=Path, required=True)
    ext.add_argument("--all-quantities", action="store_true", help="write every quantity (metric 'other' if not a resource)")
    ext.set_defaults(func=_extract)
    return parser


def _run(args: argparse.Namespace) -> int:
    from .pipeline import run

    def progress(message: str) -> None:
        print(message, flush=True)

    result = run(args.project, backend=args.backend, notebooks=not args.no_notebooks, k=args.k, progress=progress,
                 scheduler=args.scheduler)
    errors = [p for p in result.problems if p.severity == "error"]
    if errors:
        print(f"litevidence: {len(errors)} input problem(s) above; those entries were skipped", file=sys.stderr)
    if result.failures:
        for f in result.failures:
            print(f"litevidence: error: notebook failed: {f}", file=sys.stderr)
        print("litevidence: the previous report of each failed notebook was kept", file=sys.stderr)
        return 1
    return 0


def _review_parsers(sub: argparse._SubParsersAction, project: argparse.ArgumentParser) -> None:
    """`review` (claims) and `screen` (papers): list what awaits a decision, or record decisions."""
    from .embed import BACKENDS
    from .schema import CORRECTABLE

    again = argparse.ArgumentParser(add_help=False)  # --project after the action too, without overriding one given before it
    again.add_argument("--project", type=Path, default=argparse.SUPPRESS, help="project folder (default: current folder)")
    again.add_argument("--reviewer", help="who decides (default: $LITEVIDENCE_REVIEWER, else the login name)")

    rev = sub.add_parser("review", parents=[project], help="the next unreviewed evidence rows, or accept, reject or correct rows")
    rev.add_argument("-n", "--limit", type=int, default=10, help="how many rows to show (default 10)")
    rev.add_argument("--metric", help="only rows of this metric")
    rev.add_argument("--paper", help="only rows of this paper")
    rev.set_defaults(func=_review, action=None)
    actions = rev.add_subparsers(dest="action", metavar="ACTION")
    acc = actions.add_parser("accept", parents=[again], help="accept rows as they are")
    acc.add_argument("ids", nargs="+", metavar="ID")
    rej = actions.add_parser("reject", parents=[again], help="reject rows (they leave figures, tables and scenario defaults)")
    rej.add_argument("ids", nargs="+", metavar="ID")
    rej.add_argument("--reason", required=True, help="why the row is wrong (shown on the evidence page)")
    cor = actions.add_parser("correct", parents=[again], help="correct a row's fields; canonical values follow")
    cor.add_argument("ids", nargs=1, metavar="ID")
    for name in CORRECTABLE:
        cor.add_argument(f"--{name.replace('_', '-')}", dest=name, metavar=name.upper(), help=f"the right {name}")
    cor.add_argument("--reason", default="", help="what was wrong (optional)")

    scr = sub.add_parser("screen", parents=[project], help="unscreened papers, or include, exclude or mark papers maybe")
    scr.add_argument("-n", "--limit", type=int, default=10, help="how many papers to show (default 10)")
    scr.add_argument("--maybe", action="store_true", help="show the papers marked maybe instead")
    scr.add_argument("--reasons", action="store_true", help="list the reason codes and stop")
    scr.add_argument("--backend", choices=BACKENDS.names(), help="the embedding backend whose vectors rank papers "
                     "(default: the pipeline's, from the index `run` leaves)")
    scr.set_defaults(func=_screen, action=None)
    actions = scr.add_subparsers(dest="action", metavar="ACTION")
    for decision, helptext in (("include", "include papers"), ("exclude", "exclude papers (they leave evidence, topics and figures)"),
                               ("maybe", "mark papers to decide later")):
        act = actions.add_parser(decision, parents=[again], help=helptext)
        act.add_argument("keys", nargs="+", metavar="KEY")
        act.add_argument("--reason", default="", required=decision == "exclude",
                         help="a reason code (`litevidence screen --reasons` lists them)")
        act.add_argument("--note", default="", help="free text kept with the decision")


def _review(args: argparse.Namespace) -> int:
    """List the next unreviewed rows, or record decisions (each checked first; nothing written on an error)."""
    from .escape import terminal_text
    from .review.decisions import Decision, current_claims, read_reviews, record
    from .review.queue import pending, terminal_row
    from .schema import CORRECTABLE

    if args.action:
        changes = {name: getattr(args, name) for name in CORRECTABLE if getattr(args, name, None) is not None}
        decisions = [Decision(i, args.action, getattr(args, "reason", ""), changes) for i in args.ids]
        for line in record(args.project, decisions, reviewer=args.reviewer):
            print(terminal_text(line))
        print("run `litevidence run` to apply the decisions to evidence/ and the reports")
        return 0
    paths = ProjectPaths(args.project)
    claims = current_claims(paths)
    reviews, problems = read_reviews(paths.reviews)
    for p in problems:
        print(terminal_text(p), file=sys.stderr)
    waiting = todo = pending(claims, reviews)
    if args.metric:
        todo = todo[todo["metric"] == args.metric]
    if args.paper:
        todo = todo[todo["paper_key"] == args.paper]
    print(f"{len(claims) - len(waiting)} of {len(claims)} rows reviewed; {len(todo)} to review"
          + (" (filtered)" if args.metric or args.paper else "") + ", least certain first:")
    for row in todo.head(args.limit).to_dict("records"):
        print()
        print(terminal_row(row))
    if len(todo):
        print("\nlitevidence review accept ID... | reject ID --reason TEXT | correct ID --value V [--unit U] [--metric M] ...")
    return 0


def _screen(args: argparse.Namespace) -> int:
    """List unscreened papers, or record screening decisions (checked first; nothing written on an error)."""
    from .escape import terminal_text
    from .review.screening import reasons, record_screening, screening_queue

    if args.action:
        for line in record_screening(args.project, args.keys, args.action, reason=args.reason, note=args.note,
                                     reviewer=args.reviewer):
            print(terminal_text(line))
        return 0
    if args.reasons:
        for r in reasons().values():
            print(terminal_text(f"{r.code:<16} {'/'.join(r.decisions):<8} {r.label}: {r.description}"))
        return 0
    queue = screening_queue(args.project, maybe=args.maybe, backend=args.backend)
    print(f"{queue.screened} of {queue.papers} papers screened; {len(queue.todo)} {'marked maybe' if args.maybe else 'to screen'}, "
          f"{queue.order}:")
    for paper in queue.todo.head(args.limit).to_dict("records"):
        text = " ".join((paper["abstract"] or paper["annote"] or "").split())
        print(terminal_text(f"\n{paper['key']} ({paper['year']})  {paper['title']}" + (f"  [{paper['topic']}]" if paper["topic"] else "")))
        if text:
            print(terminal_text(f"    {text[:400]}{'…' if len(text) > 400 else ''}"))
    if len(queue.todo):
        print("\nlitevidence screen include KEY... | exclude KEY... --reason CODE | maybe KEY...  (codes: litevidence screen --reasons)")
    return 0


def _add(args: argparse.Namespace) -> int:
    from .corpus.add import add_papers
    from .review.records import record_additions

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    overrides = {"title": args.title, "author": args.author, "year": args.year}
    result = add_papers(ProjectPaths(args.project).corpus, args.sources, merge=args.merge, topic=args.topic,
                        overrides=overrides, timeout=args.timeout, progress=progress)
    record_additions(args.project, result)
    for p in result.problems:
        print(p, file=sys.stderr)
    for d in result.duplicates:
        if d.key in result.merged:
            print(f"{d.entry}: merged into {d.key} ({d.why})")
        else:
            print(f"{d.entry}: not added: duplicate of {d.key} ({d.why})" + ("" if args.merge else "; use --merge to merge it"))
    for key in result.added:
        print(f"added {key}")
    if result.added or result.merged:
        print(f"papers.bib rewritten (previous version in papers.bib.bak); run `litevidence run` to update the evidence")
    if result.added and not args.topic:
        print("hint: give --topic so the new papers have the curator's topic that `validate` asks for")
    errors = any(p.severity == "error" for p in result.problems)
    return 1 if errors or (result.duplicates and not args.merge) else 0


def _search(args: argparse.Namespace) -> int:
    from .escape import terminal_text
    from .search import search

    hits = search(args.project, query=getattr(args, "query", None), key=getattr(args, "key", None), k=args.k,
                  backend=args.backend)
    for h in hits:
        label = f"  [{h.cluster_label}]" if h.cluster_label else ""
        print(terminal_text(f"{h.rank:>3}. {h.score:.3f}  {h.key} ({h.year}) {h.title}{label}"))
    return 0


def _cite(args: argparse.Namespace) -> int:
    from .evidence.cite import cite

    paths = ProjectPaths(args.project)
    print(cite(paths.evidence, paths.bib, args.evidence_id))
    return 0


def _export(args: argparse.Namespace) -> int:
    from .evidence.export import export

    paths = ProjectPaths(args.project)
    suffix = {"latex": "tex", "md": "md"}.get(args.format, args.format)
    output = args.output or Path(f"evidence_export.{suffix}")
    to_stdout = str(output) == "-"
    if not to_stdout and not output.parent.is_dir():
        raise LitevidenceError("the folder to write into does not exist", output.parent,
                               todo="create it first, or give another --output")
    count = export(paths.evidence, args.format, None if to_stdout else output, bib=paths.bib, metric=args.metric,
                   phase=args.phase, topic=args.topic, year=args.year, paper=args.paper)
    print(f"{count} {'entries' if args.format == 'bib' else 'rows'} written to "
          f"{'standard output' if to_stdout else output}", file=sys.stderr if to_stdout else sys.stdout)
    return 0


def _report(args: argparse.Namespace) -> int:
    import ast

    from .reports import NotebookFailed, published_pages, run_notebook, write_index
    from .reports.runner import notebook_parameters

    paths = ProjectPaths(args.project)
    notebook = paths.notebooks / (args.name if args.name.endswith(".ipynb") else f"{args.name}.ipynb")
    if not notebook.exists():
        names = ", ".join(p.stem for p in sorted(paths.notebooks.glob("*.ipynb")))
        raise LitevidenceError("no such notebook", notebook, todo=f"give one of: {names}")
    overrides = {}
    for key, value in args.parameter:
        try:
            overrides[key] = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            overrides[key] = value
    try:
        page = run_notebook(notebook, paths.reports, {**notebook_parameters(args.project), **overrides},
                            cwd=args.project)
    except NotebookFailed as e:
        print(f"litevidence: error: notebook failed: {e}; the previous report was kept", file=sys.stderr)
        return 1
    descriptor = paths.evidence / "datapackage.json"
    corpus_hash = json.loads(descriptor.read_text(encoding="utf-8")).get("corpus_hash", "") if descriptor.exists() else ""
    write_index(paths.reports, published_pages(args.project), corpus_hash)
    print(f"{page.html} written")
    return 0


def _lab(args: argparse.Namespace) -> NoReturn:
    """Become the JupyterLab server (exec, same process): a signal to this command reaches the server itself."""
    import os

    root = args.project.resolve()
    if not root.is_dir():
        raise LitevidenceError("no such folder", root, todo="give --project an existing project folder")
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={root}", "--ServerApp.ip=127.0.0.1"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--ServerApp.allow_root=True")  # containers and CI run as root
    if args.port:
        command.append(f"--ServerApp.port={args.port}")
    if args.no_browser:
        command.append("--no-browser")
    if args.token is not None:
        command.append(f"--IdentityProvider.token={args.token}")
    sys.stdout.flush()
    sys.stderr.flush()
    os.chdir(root)
    os.execv(sys.executable, command)


def _validate(args: argparse.Namespace) -> int:
    from .validate import validate

    problems = validate(ProjectPaths(args.project).corpus)
    for p in problems:
        print(p)
    errors = sum(p.severity == "error" for p in problems)
    print(f"{len(problems)} problem(s), {errors} error(s)", file=sys.stderr)
    return 1 if errors else 0


def _extract(args: argparse.Namespace) -> int:
    """Claims of every good input line; a bad line (not UTF-8, not JSON, no id or text) is named and skipped."""
    from ._io import atomic_write_text
    from .claims import extract_claims
    from .schema import CONTRACT

    fields = ["id", *(c.name for c in CONTRACT)]
    lines, bad = [], 0
    if not args.output.parent.is_dir():
        raise LitevidenceError("the folder to write into does not exist", args.output.parent,
                               todo="create it first, or give another --output")
    try:
        source = args.input.open("rb")
    except OSError as e:
        raise LitevidenceError(f"cannot be read ({e.strerror})", args.input, todo="give an existing JSONL file") from None
    with source:
        for n, raw in enumerate(source, 1):
            if not raw.strip():
                continue
            try:
                ident, text = _input_record(raw, first=n == 1)
            except ValueError as e:
                print(f"{args.input}:{n}: skipped: {e}", file=sys.stderr)
                bad += 1
                continue
            for claim in extract_claims(text, all_quantities=args.all_quantities):
                claim["id"] = ident
                lines.append(json.dumps({k: claim.get(k) for k in fields}, ensure_ascii=False))
    atomic_write_text(args.output, "".join(l + "\n" for l in lines))
    print(f"{len(lines)} claims written to {args.output}" + (f"; {bad} input line(s) skipped" if bad else ""), file=sys.stderr)
    return 1 if bad else 0


def _input_record(raw: bytes, first: bool) -> tuple[object, str]:
    """(id, text) of one input line; ValueError says what is wrong with it."""
    try:
        line = raw.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError as e:
        raise ValueError(f"not UTF-8 (byte {e.object[e.start]:#04x} at column {e.start + 1})") from None
    try:
        record = json.loads(line)
    except ValueError as e:
        raise ValueError(f"not JSON ({e})") from None
    expected = 'expected {"id": str, "text": str}'
    if not isinstance(record, dict):
        raise ValueError(f"a JSON {type(record).__name__}, {expected}")
    missing = [k for k in ("id", "text") if k not in record]
    if missing:
        raise ValueError(f"no {' and no '.join(missing)}: {expected}")
    if not isinstance(record["text"], str):
        raise ValueError(f"text is not a string: {expected}")
    return record["id"], record["text"]


if __name__ == "__main__":
    sys.exit(main())
