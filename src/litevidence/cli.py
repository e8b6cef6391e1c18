"""The ``litevidence`` command: thin wrappers over the package that tests call with an argument list."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code (0 success, 1 failure, 2 bad usage)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except FileNotFoundError as e:
        print(f"litevidence: error: {e}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    from .embed import BACKENDS

    parser = argparse.ArgumentParser(prog="litevidence", description=__doc__)
    parser.add_argument("--version", action="version", version=f"litevidence {__version__}")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="run the whole pipeline (incremental) and write evidence/ and reports/")
    run.add_argument("--project", type=Path, default=Path("."), help="project folder (default: current folder)")
    run.add_argument("--backend", default="minilm", choices=BACKENDS.names(), help="embedding backend (default: minilm)")
    run.add_argument("--k", type=int, default=None, help="number of clusters (default: chosen by silhouette)")
    run.add_argument("--no-notebooks", action="store_true", help="stop after writing evidence/")
    run.set_defaults(func=_run)

    val = sub.add_parser("validate", help="check corpus/: keys, fields, identifiers, duplicates, curated claims")
    val.add_argument("--project", type=Path, default=Path("."), help="project folder (default: current folder)")
    val.set_defaults(func=_validate)

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

    result = run(args.project, backend=args.backend, notebooks=not args.no_notebooks, k=args.k, progress=progress)
    errors = [p for p in result.problems if p.severity == "error"]
    if errors:
        print(f"litevidence: {len(errors)} input problem(s) above; those entries were skipped", file=sys.stderr)
    if result.failures:
        for f in result.failures:
            print(f"litevidence: error: notebook failed: {f}", file=sys.stderr)
        print("litevidence: the previous report of each failed notebook was kept", file=sys.stderr)
        return 1
    return 0


def _validate(args: argparse.Namespace) -> int:
    from .validate import validate

    problems = validate(args.project / "corpus")
    for p in problems:
        print(p)
    errors = sum(p.severity == "error" for p in problems)
    print(f"{len(problems)} problem(s), {errors} error(s)", file=sys.stderr)
    return 1 if errors else 0


def _extract(args: argparse.Namespace) -> int:
    from ._io import atomic_write_text
    from .claims import extract_claims
    from .schema import CONTRACT

    fields = ["id", *(c.name for c in CONTRACT)]
    lines, bad = [], 0
    with args.input.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                ident, text = record["id"], record["text"]
                if not isinstance(text, str):
                    raise TypeError("text is not a string")
            except (ValueError, KeyError, TypeError) as e:
                print(f"{args.input}:{n}: skipped: expected {{\"id\": str, \"text\": str}} ({e})", file=sys.stderr)
                bad += 1
                continue
            for claim in extract_claims(text, all_quantities=args.all_quantities):
                claim["id"] = ident
                lines.append(json.dumps({k: claim.get(k) for k in fields}, ensure_ascii=False))
    atomic_write_text(args.output, "".join(l + "\n" for l in lines))
    print(f"{len(lines)} claims written to {args.output}" + (f"; {bad} input line(s) skipped" if bad else ""), file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
