"""The enablement site: pure page generation (model in, {path: Markdown} out) and its adapters."""
