"""qdextract's command line: run the flow, extract one document, rebuild the report."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="Numeric claims, entities, duplicates and conflicts from Chinese reports, as validated tables.",
    no_args_is_help=True,
    add_completion=False,
)


def _quiet_prefect() -> None:
    """Keep Prefect's chatter (INFO lines, the ephemeral server's harmless analytics traceback) out
    of the user's way; warnings and errors still show. A user's own settings win."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_LOGGING_LOG_PRINTS", "false")
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING")
    # The embedded server can take over 20 s to start on a busy 2-core machine.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


def _report(summary) -> None:
    counts = ", ".join(f"{n} {name}" for name, n in summary.counts.items() if name != "rejected")
    typer.echo(f"wrote {summary.out_dir}/: {counts}; {summary.counts.get('rejected', 0)} rejected")
    for problem in summary.problems:
        typer.echo(f"qdextract: {problem}", err=True)


@app.command()
def run(
    raw: Annotated[Path, typer.Option("--raw", help="Folder of reports (*.txt, *.md).")] = Path("raw"),
    out: Annotated[Path, typer.Option("--out", help="Folder for the tables and reports.")] = Path("output"),
    no_prefect: Annotated[bool, typer.Option("--no-prefect", help="Run in-process without Prefect.")] = False,
    runner: Annotated[str, typer.Option("--runner", help="auto (processes on every local core when there is "
                                        "more than a little to analyse, else threads), threads (in-process), "
                                        "processes (all local cores) or dask.")] = "auto",
    address: Annotated[str | None, typer.Option("--address", help="With --runner dask: an existing "
                                                "scheduler, tcp://HOST:PORT (default: a local cluster).")] = None,
    cache_dir: Annotated[Path | None, typer.Option("--cache-dir", help="Where each document's tables are "
                                                   "kept between runs (default: OUT/.cache).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Analyse every document again and "
                                           "rewrite every output.")] = False,
    lock_wait: Annotated[float, typer.Option("--lock-wait", help="While another run writes OUT, wait up "
                                             "to this many seconds for it (0: stop at once).")] = 3600.0,
) -> None:
    """Run the Prefect flow over every document under RAW and write every table into OUT.

    Exit code 0 when every document was processed and every row validated; 1 otherwise, with one
    line per problem on stderr (the good documents' tables are still written), or when OUT could
    not be written (held by another run past --lock-wait, or a write that kept failing).
    """
    if not raw.is_dir():
        typer.echo(f"qdextract: {raw}: no such folder", err=True)
        raise typer.Exit(2)
    from qdextract.run.lock import OutputLocked
    from qdextract.run.outcome import RunProblems
    from qdextract.run.retry import OutputWriteError
    from qdextract.run.workers import RUNNERS, resolve_runner

    if no_prefect:
        from qdextract.run.pipeline import run_pipeline
        from qdextract.run.progress import show_progress

        if runner not in RUNNERS:
            typer.echo(f"qdextract: --runner {runner} with --no-prefect: choose one of {', '.join(RUNNERS)}", err=True)
            raise typer.Exit(2)
        try:
            summary = run_pipeline(raw, out, progress=show_progress, cache_dir=cache_dir, use_cache=not no_cache,
                                   lock_wait=lock_wait, runner=runner)
        except (OutputLocked, OutputWriteError) as e:
            typer.echo(f"qdextract: {e}", err=True)
            raise typer.Exit(1) from e
    else:
        _quiet_prefect()
        from qdextract_flows.qdextract_flow import RUNNERS as FLOW_RUNNERS
        from qdextract_flows.qdextract_flow import qdextract_flow, task_runner_for

        if runner not in (*FLOW_RUNNERS, "auto"):
            typer.echo(f"qdextract: --runner {runner}: choose one of auto, {', '.join(FLOW_RUNNERS)}", err=True)
            raise typer.Exit(2)
        if runner == "auto":
            from qdextract.run.pipeline import default_cache_dir, open_store

            store = None if no_cache else open_store(cache_dir or default_cache_dir(out))
            runner = resolve_runner("auto", raw, store)
        flow = qdextract_flow.with_options(task_runner=task_runner_for(runner, address))
        state = flow(raw_dir=str(raw), out_dir=str(out), cache_dir=str(cache_dir) if cache_dir else None,
                     use_cache=not no_cache, lock_wait=lock_wait, return_state=True)
        result = state.result(raise_on_failure=False)
        if isinstance(result, (OutputLocked, OutputWriteError)):
            typer.echo(f"qdextract: {result}", err=True)
            raise typer.Exit(1)
        if isinstance(result, BaseException) and not isinstance(result, RunProblems):
            raise result
        summary = result.summary if isinstance(result, RunProblems) else result
    _report(summary)
    raise typer.Exit(summary.exit_code)


@app.command()
def extract(
    file: Annotated[str, typer.Argument(help="A report file, or - for standard input.")],
) -> None:
    """Print the claims of one document as JSON lines: the rows the claims table holds for it
    (in-process, no Prefect)."""
    from qdextract import extract_claims
    from qdextract.text.ingest import DocumentError, document_from_bytes

    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        doc = document_from_bytes(data, "<stdin>" if file == "-" else file)
    except (OSError, DocumentError) as e:
        typer.echo(f"qdextract: {e}", err=True)
        raise typer.Exit(1) from e
    for claim in extract_claims(doc.text, doc.doc_id):
        sys.stdout.write(json.dumps(claim.to_dict(), ensure_ascii=False) + "\n")


@app.command()
def report(
    out: Annotated[Path, typer.Option("--out", help="Folder holding a run's tables.")] = Path("output"),
) -> None:
    """Rebuild report.md and report.html from the tables in OUT."""
    from qdextract.output.report import rebuild_report

    if not (out / "passages.parquet").exists():
        typer.echo(f"qdextract: {out}: no tables here (run `qdextract run` first)", err=True)
        raise typer.Exit(2)
    rebuild_report(out)
    typer.echo(f"wrote {out / 'report.md'} and {out / 'report.html'}")


@app.command()
def serve(
    cron: Annotated[str, typer.Option("--cron", help="When to run, as a cron expression.")] = "0 2 * * *",
    raw: Annotated[Path, typer.Option("--raw")] = Path("raw"),
    out: Annotated[Path, typer.Option("--out")] = Path("output"),
    name: Annotated[str, typer.Option("--name", help="The deployment's name.")] = "qdextract-scheduled",
) -> None:
    """Serve the flow on a cron schedule (needs a Prefect server: `prefect server start`)."""
    _quiet_prefect()
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
    from qdextract_flows.qdextract_flow import qdextract_flow

    # one run at a time, as prefect.yaml's deployment: a run that comes while one runs waits for it
    one_at_a_time = ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.ENQUEUE)
    qdextract_flow.serve(name=name, cron=cron, parameters={"raw_dir": str(raw.resolve()), "out_dir": str(out.resolve())},
                         global_limit=one_at_a_time)


if __name__ == "__main__":
    app()
