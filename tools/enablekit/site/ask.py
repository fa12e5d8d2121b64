""" "Request this": buttons that open the Git host's editor on a new, prefilled request.

With `repo_url` in the plugin's config, asset pages, the FAQ and the gaps page get a
button, and the search box gets a link under its results (site/static/ask.js, configured
by a generated script). Without `repo_url` there is no button at all.
"""

from __future__ import annotations

import json

from ..drafting import Draft, new_file_page, request_yaml
from ..model import Repository
from .layout import SiteOptions

ASK_SCRIPT = "assets/enablekit/ask.js"
ASK_CONFIG = "assets/enablekit/ask-config.js"
#: Stands for the search words in the template the search link fills in.
MARKER = "ENABLEKIT_TITLE"


def ask_button(repo: Repository, options: SiteOptions, draft: Draft, label: str) -> list[str]:
    """Markdown lines for a button that files `draft` (none without a repo_url)."""
    url = options.request_url(draft, repo.taxonomy)
    return [f"[{label}]({url}){{ .md-button .enablekit-ask }}", ""] if url else []


def ask_config(repo: Repository, options: SiteOptions) -> str | None:
    """The script that tells ask.js where to send a question typed in the search box."""
    if not options.repo_url:
        return None
    base, (name_key, text_key) = new_file_page(options.repo_url, options.branch, "requests")
    template = request_yaml(Draft(kind="question", title=MARKER), repo.taxonomy)
    config = {
        "base": base,
        "nameKey": name_key,
        "textKey": text_key,
        "template": template,
        "marker": json.dumps(MARKER),
    }
    return f"window.enablekitAsk = {json.dumps(config)};\n"
