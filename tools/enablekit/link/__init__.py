"""Linking requests to the assets that answer them: text analysis, matching, gaps."""
