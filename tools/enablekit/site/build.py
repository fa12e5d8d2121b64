"""Building the site in-process with MkDocs, or writing plain Markdown for other builders."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from ..check.run import asset_findings
from ..demand import verdicts_in_background
from ..load.documents import usable_cpus
from ..load.repository import Loaded
from .ask import ASK_CONFIG, ask_config
from .assets import attachments, static_files
from .guide import HOME_MARKER, home_blocks
from .layout import SiteOptions, plan
from .pages import generate
from .parallel import PARALLEL_FROM

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # banners are for the mkdocs command line


class SiteError(Exception):
    """The site could not be built (MkDocs aborted, or strict mode met a warning)."""


def _config(root: Path, strict: bool = False, site_dir: Path | None = None) -> Any:
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    overrides: dict[str, Any] = {"strict": strict}
    if site_dir is not None:
        overrides["site_dir"] = str(site_dir)
    try:
        return load_config(config_file=str(root / "mkdocs.yml"), **overrides)
    except ConfigurationError as exc:
        raise SiteError(f"mkdocs.yml: {exc}") from exc


def _plugin(config: Any) -> Any:
    from .plugin import EnablekitPlugin

    for plugin in config.plugins.values():
        if isinstance(plugin, EnablekitPlugin):
            return plugin
    raise SiteError(
        "mkdocs.yml does not list the enablekit plugin; add '- enablekit' under plugins:"
    )


def build_site(
    root: Path,
    loaded: Loaded,
    *,
    strict: bool = False,
    site_dir: Path | None = None,
    jobs: int | None = None,
    parallel_from: int = PARALLEL_FROM,
) -> Path:
    """Build the site with MkDocs, reusing the repository already loaded (and validated).

    With `jobs` > 1 (by default, the CPUs this process may use) and at least
    `parallel_from` generated pages, pages render and build in forked workers."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort

    jobs = jobs or usable_cpus()
    if jobs > 1:  # the gaps page's matcher runs while MkDocs starts and other pages are made
        verdicts_in_background(loaded.repository)
    config = _config(root, strict, site_dir)
    plugin = _plugin(config)
    plugin.preloaded = loaded
    plugin.jobs = jobs  # this process is ours: it may fork workers
    plugin.parallel_from = parallel_from
    try:
        build(config)
    except Abort as exc:
        raise SiteError(str(exc)) from exc
    return Path(config.site_dir)


def serve_site(root: Path, *, address: str | None = None, open_browser: bool = False) -> None:
    """Preview with live reload: on for pages, theme, content/ and requests/."""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import Abort

    kwargs: dict[str, Any] = {"dev_addr": address} if address else {}
    try:
        serve(
            config_file=str(root / "mkdocs.yml"),
            livereload=True,
            open_in_browser=open_browser,
            **kwargs,
        )
    except Abort as exc:
        raise SiteError(str(exc)) from exc


#: Marks a folder as written by `build --out`, so the next run may empty it.
OUT_MARKER = ".enablekit-out"


def _prepare_out(out: Path, sources: list[Path]) -> None:
    """An empty folder, or one an earlier `--out` wrote (emptied, so deleted requests go);
    never one holding the repository's own files."""
    for source in sources:
        if out == source or out.is_relative_to(source) or source.is_relative_to(out):
            raise SiteError(f"--out {out} overlaps {source}; write the Markdown somewhere else")
    if out.exists() and any(out.iterdir()):
        if not (out / OUT_MARKER).is_file():
            raise SiteError(f"--out {out} is not empty; give an empty or new folder")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / OUT_MARKER).write_text("written by enablekit build --out; emptied by the next run\n")


def write_markdown(root: Path, loaded: Loaded, out: Path) -> list[Path]:
    """Write the docs folder another builder (Zensical) can use as is: hand-written pages,
    generated pages with the home marker filled in, attachments and static files."""
    config = _config(root)
    options: SiteOptions = _plugin(config).options(config)
    docs = Path(config.docs_dir)
    _prepare_out(
        out.resolve(), [docs.resolve(), (root / "content").resolve(), (root / "requests").resolve()]
    )
    written: list[Path] = []

    def write(path: str, text: str | None = None, source: Path | None = None) -> None:
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if source is not None:
            shutil.copyfile(source, target)
        else:
            target.write_text(text or "", encoding="utf-8")
        written.append(target)

    repo = loaded.repository
    layout = plan(repo, options)
    hand = {
        p.relative_to(docs).as_posix(): p
        for p in sorted(docs.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(docs).parts)
    }
    for path, source in hand.items():
        text = source.read_text(encoding="utf-8") if path.endswith(".md") else ""
        if HOME_MARKER in text:
            write(
                path, text.replace(HOME_MARKER, "\n".join(home_blocks(repo, layout, options, path)))
            )
        else:
            write(path, source=source)
    files = list(attachments(root, loaded.repository))
    for site_path, source in files:
        write(site_path, source=source)
    pages = generate(
        repo,
        options,
        attachments=frozenset(p for p, _ in files),
        home="index.md" not in hand,
        findings=asset_findings(repo, options.today),
    )
    for path, text in pages.items():
        if path not in hand:
            write(path, text)
    for site_path, source in static_files():
        write(site_path, source=source)
    script = ask_config(repo, options)
    if script is not None:
        write(ASK_CONFIG, script)
    return written
